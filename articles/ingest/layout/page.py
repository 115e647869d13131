"""One page read into stories: the bands, modules, blocks and fields put together."""

from collections import Counter

from .. import text as conventions
from ..pdf import Box, Char, PageContent
from .bands import BandsMixin
from .blocks import BlocksMixin
from .fields import read_fields
from .geometry import bbox, clip, fraction
from .modules import ModulesMixin
from .readings import PageReading, StoryReading

HEADLINE_RATIO = 1.38
# White under a module's text, in body lines, beyond which the module ends with its text.
WHITE_LINES = 3


class Page(BandsMixin, ModulesMixin, BlocksMixin):
    """One page being read; ``body`` is the commonest character size of the edition."""

    def __init__(self, content: PageContent, number: int, body: float):
        self.c = content
        self.number = number
        self.body = body
        self.headline = body * HEADLINE_RATIO
        self.line_gap = self._line_gap()

    def _line_gap(self) -> float:
        """The white between two lines of body text: the commonest, at the body size."""
        columns: dict[int, list[Char]] = {}
        for ch in self.c.chars:
            if abs(ch.size - self.body) < 0.3:
                columns.setdefault(round(ch.x0), []).append(ch)
        gaps: Counter = Counter()
        for chars in columns.values():
            chars.sort(key=lambda c: c.top)
            for a, b in zip(chars, chars[1:], strict=False):
                gap = b.top - a.bottom
                if 0 <= gap < 2 * self.body:
                    gaps[round(gap, 1)] += 1
        if not gaps:
            return 0.3 * self.body
        return gaps.most_common(1)[0][0]

    def read(self) -> PageReading:
        c = self.c
        top, bottom = self.bands()
        name, _masthead = self.page_name(top, bottom)
        reading = PageReading(number=self.number, name=name, width=c.width, height=c.height)
        chars = [ch for ch in c.chars if ch.top >= top - 1 and ch.bottom <= bottom + 1]
        # A filled block with text in it (an advertisement, a placeholder) is not a story.
        # A tinted panel of highlights or a tinted commentary holds body-size text and stays
        # with its story; a block of display type only is a notice or an advert.
        blocks: list[Box] = []
        for fill in c.fills:
            inside = [ch for ch in chars if fill.contains(ch) and not ch.text.isspace()]
            if inside and all(ch.size >= self.headline for ch in inside):
                chars = [ch for ch in chars if not fill.contains(ch)]
                blocks.append(fill)
        # Photos, and blocks that are no story, stand in the way of cuts like text does.
        images = [i for i in c.images if i.top >= top - 1 and i.bottom <= bottom + 1] + blocks
        if not c.chars:
            reading.has_text = False
            return reading
        area = Box(0, top, c.width, bottom)
        visible = [ch for ch in chars if not ch.text.isspace()] + images
        if not visible:
            return reading
        extent = bbox(visible)
        order = 0
        for mchars, mimages, cell in self.modules(chars, images, area):
            story = self.story(mchars, mimages, clip(cell, extent))
            if story is None:
                if mimages and not mchars:
                    reading.image_only += [self._fraction(i) for i in mimages]
                continue
            order += 1
            story.order = order
            reading.stories.append(story)
        return reading

    def _fraction(self, box: Box) -> tuple[float, float, float, float]:
        return fraction(box, self.c.width, self.c.height)

    def story(self, chars: list[Char], images: list[Box], cell: Box) -> StoryReading | None:
        """One module read into a story, or None if it holds no story (a label, a photo)."""
        if not chars:
            return None
        lines = self._read_order(chars, images)
        heads = [line for line in lines if line.size >= self.headline]
        if not heads:
            return None
        if len(heads) == len(lines) and all(
            line.text.replace(" ", "") in conventions.BRIEF_LABELS for line in heads
        ):
            return None  # a column label such as 简讯
        # The module reaches out to its cell (the rules or gutters around it), short of the
        # gutter's far side: a story's last column may end above the rule under it.
        # But not across a wide white below all of its text: that is the foot of a column
        # whose last item (a brief, a short story) ends early, and the white is nobody's.
        content = bbox([ch for ch in chars if not ch.text.isspace()] + list(images))
        pad = 4.0
        bottom = cell.bottom - pad
        if bottom - content.bottom > WHITE_LINES * (self.body + self.line_gap):
            bottom = content.bottom
        box = Box(
            min(content.x0, cell.x0 + pad),
            min(content.top, cell.top + pad),
            max(content.x1, cell.x1 - pad),
            max(content.bottom, bottom),
        )
        frame = next((f for f in self.c.frames if f.contains(content, slack=12)), None)
        region = self._fraction(frame or box)
        story = StoryReading(page=self.number, order=0, region=region)
        story.images = [self._fraction(i) for i in images]
        story.boxed = any(f.contains(bbox(chars), slack=12) for f in self.c.frames)
        read_fields(story, lines, images, body=self.body, headline=self.headline)
        return story


def body_size(contents: list[PageContent]) -> float:
    """The commonest character size of an edition: its body type."""
    sizes = Counter(
        round(ch.size * 2) / 2 for c in contents for ch in c.chars if not ch.text.isspace()
    )
    if not sizes:
        return 9.0
    return sizes.most_common(1)[0][0]


def read_page(content: PageContent, *, number: int, body: float) -> PageReading:
    """One page's stories, name and messages."""
    return Page(content, number, body).read()
