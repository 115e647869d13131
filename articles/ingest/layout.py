"""The layout reasoning: a page's characters, rules and images into stories.

1. The header band (masthead or page header line) and the footer band are found by the
   full-width rules that close them; the page name is read from them.
2. The rest of the page is cut recursively into rectangular modules (an XY-cut) along rules
   and white gutters. A cut is kept only if each side starts with a headline: that is what a
   story module is (a headline over its columns), and it keeps a story's columns, highlights
   and photo with its headline instead of cutting them off.
3. In a module, the text is cut again into blocks (columns and bands), read top to bottom,
   left to right; lines are built from characters without inventing spaces inside Chinese.
   Headline lines are told from body lines by size (1.45 × the body size, the commonest size
   of the edition); the largest are the title (主题), those above it the kicker (引题),
   those below the subtitle (副题). Then come the byline, ◆ highlights, the caption under a
   photo, and the body: paragraphs start at an indented line; bold or larger short lines
   are subheadings; the dateline (本报讯…) and jump lines (下转第二版, 上接第一版) are taken
   out of the body.
"""

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from . import text as conventions
from .pdf import Box, Char, PageContent

HEADLINE_RATIO = 1.38


@dataclass
class Line:
    chars: list[Char]
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    block: int = 0
    block_x0: float = 0
    block_x1: float = 0


@dataclass
class StoryReading:
    """One story read from one page."""

    page: int
    order: int
    region: tuple[float, float, float, float]  # fractions of the page: x, y, w, h
    kicker: str = ""
    title: str = ""
    subtitle: str = ""
    byline: str = ""
    authors: list[tuple[str, str]] = field(default_factory=list)
    dateline: str = ""
    highlights: list[str] = field(default_factory=list)
    body: list[tuple[str, str]] = field(default_factory=list)  # ("p" | "h", text)
    caption: str = ""
    credit: str = ""
    images: list[tuple[float, float, float, float]] = field(default_factory=list)
    boxed: bool = False
    jump_to: int | None = None
    jump_from: int | None = None
    continued_on: list["StoryReading"] = field(default_factory=list)
    first_indented: bool = True  # whether the body starts a paragraph (not a run-on)

    @property
    def body_text(self) -> str:
        return "\n".join(text for _, text in self.body)


@dataclass
class PageReading:
    number: int
    name: str
    width: float
    height: float
    stories: list[StoryReading] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    has_text: bool = True
    image_only: list[tuple[float, float, float, float]] = field(default_factory=list)


# -- geometry ---------------------------------------------------------------------------------


def _gaps(intervals: list[tuple[float, float]], lo: float, hi: float) -> list[tuple[float, float]]:
    """The free stretches between ``intervals`` inside (lo, hi), the ends excluded."""
    gaps = []
    edge = None
    for a, b in sorted(intervals):
        if edge is not None and a > edge:
            gaps.append((edge, a))
        edge = b if edge is None else max(edge, b)
    return [(a, b) for a, b in gaps if a >= lo and b <= hi]


def _overlap(rule: Box, ext: Box, axis: str) -> float:
    """How much of ``ext`` a rule runs along: its width for a horizontal one, else height."""
    if axis == "h":
        return max(0.0, min(rule.x1, ext.x1) - max(rule.x0, ext.x0))
    return max(0.0, min(rule.bottom, ext.bottom) - max(rule.top, ext.top))


def _bbox(items) -> Box:
    return Box(
        min(i.x0 for i in items),
        min(i.top for i in items),
        max(i.x1 for i in items),
        max(i.bottom for i in items),
    )


class Page:
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

    # -- bands ----------------------------------------------------------------------------
    def _full_rules(self) -> list[Box]:
        chars = self.c.chars
        if not chars:
            return []
        extent = _bbox(chars)
        width = extent.width
        return sorted((r for r in self.c.hrules if r.width >= 0.7 * width), key=lambda r: r.top)

    def bands(self) -> tuple[float, float]:
        """(top, bottom) of the page between its header band and its footer band."""
        top, bottom = 0.0, self.c.height
        rules = self._full_rules()
        heads = [r for r in rules if r.bottom < 0.35 * self.c.height]
        if heads:
            # The lowest rule of the header group: masthead rules come in pairs.
            first = heads[0]
            group = [r for r in heads if r.top - first.bottom < 12]
            top = max(r.bottom for r in group)
        feet = [r for r in rules if r.top > 0.85 * self.c.height]
        if feet:
            below = [ch for ch in self.c.chars if ch.top > feet[-1].bottom]
            if all(ch.size < self.headline for ch in below):
                bottom = feet[-1].top
        return top, bottom

    def page_name(self, top: float, bottom: float) -> tuple[str, bool]:
        """(page name, whether the header is a masthead) read from the header and footer."""
        outside = [ch for ch in self.c.chars if ch.bottom <= top + 1 or ch.top >= bottom - 1]
        for line in _lines(outside, self.headline):
            match = conventions.PAGE_NAME.search(line.text)
            if match:
                return match.group(2), False
        header = [ch for ch in outside if ch.bottom <= top + 1 and not ch.text.isspace()]
        if not header:
            return "", False
        if max(ch.size for ch in header) >= 5 * self.body:
            return "要闻", True  # a front page names itself by its masthead only
        cjk = [ch for ch in header if conventions.CJK.match(ch.text)]
        if not cjk:
            return "", False
        biggest = max(ch.size for ch in cjk)
        top_size = sorted(
            (ch for ch in header if ch.size >= biggest - 0.5), key=lambda c: (c.top, c.x0)
        )
        text = "".join(ch.text for ch in top_size)
        text = re.sub(r"\d{4}年\d{1,2}月\d{1,2}日|星期.|\d+", " ", text)
        match = re.search(r"[\u4e00-\u9fff]{2,6}", text)
        return (match.group(0), False) if match else ("", False)

    # -- modules --------------------------------------------------------------------------
    def _is_headline_char(self, ch: Char) -> bool:
        return ch.size >= self.headline

    def _starts_with_headline(self, chars: list[Char]) -> bool:
        if not chars:
            return False
        top = min(ch.top for ch in chars)
        first = [ch for ch in chars if ch.top < top + self.body]
        if any(self._is_headline_char(ch) for ch in first):
            return True
        row = "".join(ch.text for ch in sorted(first, key=lambda c: c.x0))
        return bool(conventions.JUMP_FROM.match(row))

    def _side_ok(self, chars: list[Char], images: list[Box]) -> bool:
        """Whether one side of a cut can be a module: a headline on top and text under it."""
        if not chars:
            return bool(images)
        heads = [ch for ch in chars if self._is_headline_char(ch)]
        if not heads:
            return False
        if len(heads) == len(chars):
            label = "".join(ch.text for ch in sorted(heads, key=lambda c: (c.top, c.x0)))
            return label.replace(" ", "") in conventions.BRIEF_LABELS
        return self._starts_with_headline(chars)

    def _cut_ok(self, a: tuple, b: tuple) -> bool:
        return self._side_ok(*a) and self._side_ok(*b)

    def modules(self, chars: list[Char], images: list[Box], area: Box) -> list[tuple]:
        """The page's story modules as (chars, images, cell) in reading order."""
        hr = [r for r in self.c.hrules if area.top - 1 <= r.top <= area.bottom + 1]
        vr = [r for r in self.c.vrules if area.x0 - 1 <= r.x0 <= area.x1 + 1]
        out: list[tuple] = []
        self._cut(chars, images, area, hr, vr, out, depth=0)
        return out

    def _candidates(self, chars, images, area: Box, hr, vr):
        """Cuts along rules and gutters: (score, axis, position)."""
        items = list(chars) + list(images)
        if not items:
            return []
        ext = _bbox(items)
        found = []
        for axis in ("h", "v"):
            if axis == "h":
                spans = [(i.top, i.bottom) for i in items]
                lo, hi, across = ext.top, ext.bottom, ext.width
                minimum = 0.85 * self.body
            else:
                spans = [(i.x0, i.x1) for i in items]
                lo, hi, across = ext.x0, ext.x1, ext.height
                minimum = 0.6 * self.body
            for a, b in _gaps(spans, lo, hi):
                rules = hr if axis == "h" else vr
                ruled = any(
                    a - 1 <= ((r.top + r.bottom) if axis == "h" else (r.x0 + r.x1)) / 2 <= b + 1
                    and _overlap(r, ext, axis) >= 0.8 * across
                    for r in rules
                )
                if ruled or b - a >= minimum:
                    found.append((ruled, b - a, axis, (a + b) / 2))
        found.sort(key=lambda f: (f[0], f[1]), reverse=True)
        return found

    def _cut(self, chars, images, area: Box, hr, vr, out, depth):
        if depth < 40:
            for _ruled, _gap, axis, pos in self._candidates(chars, images, area, hr, vr):
                if axis == "h":
                    a = ([c for c in chars if c.cy < pos], [i for i in images if i.bottom <= pos])
                    b = ([c for c in chars if c.cy >= pos], [i for i in images if i.top >= pos])
                    cells = (
                        Box(area.x0, area.top, area.x1, pos),
                        Box(area.x0, pos, area.x1, area.bottom),
                    )
                else:
                    a = ([c for c in chars if c.cx < pos], [i for i in images if i.x1 <= pos])
                    b = ([c for c in chars if c.cx >= pos], [i for i in images if i.x0 >= pos])
                    cells = (
                        Box(area.x0, area.top, pos, area.bottom),
                        Box(pos, area.top, area.x1, area.bottom),
                    )
                if self._cut_ok(a, b):
                    self._cut(*a, cells[0], hr, vr, out, depth + 1)
                    self._cut(*b, cells[1], hr, vr, out, depth + 1)
                    return
        out.append((chars, images, area))

    # -- the page -------------------------------------------------------------------------
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
        extent = _bbox(visible)
        order = 0
        for mchars, mimages, cell in self.modules(chars, images, area):
            story = self.story(mchars, mimages, self._clip(cell, extent))
            if story is None:
                if mimages and not mchars:
                    reading.image_only += [self._fraction(i) for i in mimages]
                continue
            order += 1
            story.order = order
            reading.stories.append(story)
        return reading

    def _fraction(self, box: Box) -> tuple[float, float, float, float]:
        w, h = self.c.width, self.c.height
        x0, y0 = max(0.0, box.x0), max(0.0, box.top)
        x1, y1 = min(w, box.x1), min(h, box.bottom)
        # Never an empty region: the database only takes regions with a width and height.
        x1, y1 = max(x1, x0 + 1), max(y1, y0 + 1)
        fx, fy = round(x0 / w, 4), round(y0 / h, 4)
        return (
            fx,
            fy,
            min(round((x1 - x0) / w, 4), round(1 - fx, 4)) or 0.0001,
            min(round((y1 - y0) / h, 4), round(1 - fy, 4)) or 0.0001,
        )

    # -- a story --------------------------------------------------------------------------
    @staticmethod
    def _clip(cell: Box, extent: Box) -> Box:
        return Box(
            max(cell.x0, extent.x0),
            max(cell.top, extent.top),
            min(cell.x1, extent.x1),
            min(cell.bottom, extent.bottom),
        )

    def story(self, chars: list[Char], images: list[Box], cell: Box) -> StoryReading | None:
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
        content = _bbox([ch for ch in chars if not ch.text.isspace()] + list(images))
        pad = 4.0
        box = Box(
            min(content.x0, cell.x0 + pad),
            min(content.top, cell.top + pad),
            max(content.x1, cell.x1 - pad),
            max(content.bottom, cell.bottom - pad),
        )
        frame = next((f for f in self.c.frames if f.contains(content, slack=12)), None)
        region = self._fraction(frame or box)
        story = StoryReading(page=self.number, order=0, region=region)
        story.images = [self._fraction(i) for i in images]
        story.boxed = any(f.contains(_bbox(chars), slack=12) for f in self.c.frames)
        self._fields(story, lines, images)
        return story

    def _read_order(self, chars: list[Char], images: list[Box]) -> list[Line]:
        blocks: list[tuple[list[Char], list[Box]]] = []
        self._xy(chars, images, blocks, 0)
        lines: list[Line] = []
        for index, (bchars, _bimages) in enumerate(blocks):
            if not bchars:
                continue
            box = _bbox(bchars)
            for line in _lines(bchars, self.headline):
                line.block, line.block_x0, line.block_x1 = index, box.x0, box.x1
                lines.append(line)
        return lines

    def _xy(self, chars, images, out, depth):
        """Blocks of a module in reading order: bands top to bottom, then columns."""
        items = list(chars) + list(images)
        if not items or depth > 30:
            out.append((chars, images))
            return
        ext = _bbox(items)
        hr = [
            r
            for r in self.c.hrules
            if ext.top < (r.top + r.bottom) / 2 < ext.bottom
            and _overlap(r, ext, "h") >= 0.5 * ext.width
        ]
        vr = [
            r
            for r in self.c.vrules
            if ext.x0 < (r.x0 + r.x1) / 2 < ext.x1 and _overlap(r, ext, "v") >= 0.5 * ext.height
        ]
        for axis in ("h", "v"):
            if axis == "h":
                spans = [(i.top, i.bottom) for i in items]
                gaps = _gaps(spans, ext.top, ext.bottom)
                gaps = [
                    g
                    for g in gaps
                    if g[1] - g[0] >= self.line_gap + max(1.5, 0.25 * self.body)
                    or any(g[0] - 1 <= (r.top + r.bottom) / 2 <= g[1] + 1 for r in hr)
                ]
            else:
                spans = [(i.x0, i.x1) for i in items]
                gaps = _gaps(spans, ext.x0, ext.x1)
                sizes = statistics.median(ch.size for ch in chars) if chars else self.body
                gaps = [
                    g
                    for g in gaps
                    if g[1] - g[0] >= max(0.6 * self.body, 0.35 * sizes)
                    or any(g[0] - 1 <= (r.x0 + r.x1) / 2 <= g[1] + 1 for r in vr)
                ]
            if not gaps:
                continue
            cuts = [(a + b) / 2 for a, b in gaps]
            edges = [-1e9] + cuts + [1e9]
            for lo, hi in zip(edges, edges[1:], strict=False):
                if axis == "h":
                    part = [c for c in chars if lo <= c.cy < hi]
                    pimg = [i for i in images if lo <= (i.top + i.bottom) / 2 < hi]
                else:
                    part = [c for c in chars if lo <= c.cx < hi]
                    pimg = [i for i in images if lo <= (i.x0 + i.x1) / 2 < hi]
                self._xy(part, pimg, out, depth + 1)
            return
        out.append((chars, images))

    def _fields(self, story: StoryReading, lines: list[Line], images: list[Box]):
        body_size = self.body
        i = 0
        # Jump-from line (上接第一版) before the headline.
        while i < len(lines) and lines[i].size < self.headline:
            match = conventions.JUMP_FROM.match(lines[i].text)
            if match:
                story.jump_from = conventions.page_number(match.group(1))
                i += 1
            else:
                break
        heads = []
        while i < len(lines) and lines[i].size >= self.headline:
            heads.append(lines[i])
            i += 1
        heads = [h for h in heads if h.text.replace(" ", "") not in conventions.BRIEF_LABELS]
        if heads:
            biggest = max(h.size for h in heads)
            title_idx = [n for n, h in enumerate(heads) if h.size >= biggest - 0.6]
            first, last = title_idx[0], title_idx[-1]
            story.kicker = "".join(h.text for h in heads[:first])
            story.subtitle = "".join(h.text for h in heads[last + 1 :])
            story.title = _title(heads[first : last + 1])
        rest = lines[i:]
        # Captions: lines just under a photo, in its block.
        caption_lines = []
        for image in images:
            for line in rest:
                if (
                    line.top >= image.bottom - 1
                    and line.top - image.bottom < 3 * body_size
                    and line.x0 >= image.x0 - 2
                    and line.x1 <= image.x1 + 2
                    and line.size <= body_size + 0.1
                ):
                    caption_lines.append(line)
            # Lines under the first caption line that follow it closely are the caption too.
        if caption_lines:
            caption_lines.sort(key=lambda line: line.top)
            kept = [caption_lines[0]]
            for line in caption_lines[1:]:
                if line.top - kept[-1].bottom < 0.8 * body_size and line.block == kept[0].block:
                    kept.append(line)
            caption = "".join(line.text for line in kept)
            credit = conventions.CREDIT.search(caption)
            if credit:
                story.credit = credit.group(1).strip()
            story.caption = caption
            rest = [line for line in rest if line not in kept]
        body: list[tuple[str, str]] = []
        highlights: list[str] = []
        started = False
        previous: Line | None = None
        for line in rest:
            text_ = line.text
            jump = conventions.JUMP_TO.search(text_)
            if jump:
                story.jump_to = conventions.page_number(jump.group(1))
                text_ = text_[: jump.start()].rstrip()
                if not text_:
                    continue
            if not started and conventions.JUMP_FROM.match(text_):
                story.jump_from = conventions.page_number(
                    conventions.JUMP_FROM.match(text_).group(1)
                )
                continue
            if not started and text_.startswith("◆"):
                highlights.append(text_[1:].strip())
                previous = line
                continue
            if (
                not started
                and highlights
                and previous is not None
                and abs(line.size - previous.size) < 0.3
                and line.size > body_size + 0.3
            ):
                highlights[-1] += text_
                previous = line
                continue
            if not started and not story.byline and conventions.is_byline(text_):
                story.byline = " ".join(text_.split())
                previous = line
                continue
            sub = self._is_subheading(line)
            if sub:
                if (
                    body
                    and body[-1][0] == "h"
                    and previous is not None
                    and previous.block == line.block
                    and line.top - previous.bottom < body_size
                ):
                    body[-1] = ("h", body[-1][1] + text_)
                else:
                    body.append(("h", text_.strip()))
                started = True
                previous = line
                continue
            indent = line.x0 - line.block_x0
            starts = indent >= 1.2 * line.size
            if not body:
                story.first_indented = starts
            if not body or body[-1][0] == "h" or starts:
                body.append(("p", text_.lstrip()))
            else:
                body[-1] = ("p", body[-1][1] + text_)
            started = True
            previous = line
        story.highlights = highlights
        if body and body[0][0] == "p":
            dateline, byline, rest_text = conventions.split_dateline(body[0][1])
            if dateline:
                story.dateline = dateline
                if byline and not story.byline:
                    story.byline = byline
                body[0] = ("p", rest_text.lstrip())
        story.body = [(k, conventions.tidy(t) if k == "p" else t.strip()) for k, t in body if t]
        if story.byline:
            story.authors = conventions.parse_byline(story.byline)

    def _is_subheading(self, line: Line) -> bool:
        if line.size >= self.headline:
            return True
        distinct = line.bold or line.size >= self.body + 0.4
        if not distinct:
            return False
        short = (line.x1 - line.x0) < 0.95 * (line.block_x1 - line.block_x0) or len(line.text) < 30
        return short and not line.text.rstrip().endswith(("。", "，", ","))


def _title(lines: list[Line]) -> str:
    """Title lines: a wrapped line goes on without a break; two parallel lines keep theirs."""
    out = lines[0].text
    for prev, line in zip(lines, lines[1:], strict=False):
        width_prev = prev.x1 - prev.x0
        width = line.x1 - line.x0
        wrapped = width < 0.8 * width_prev or _unbalanced(prev.text)
        out += "" if wrapped else "\n"
        out += line.text
    return out.strip()


def _unbalanced(line: str) -> bool:
    """A line that opens a quotation or bracket it does not close goes on in the next."""
    pairs = ("“”", "‘’", "（）", "()", "《》", "「」")
    return any(line.count(a) > line.count(b) for a, b in pairs) or line.endswith(("·", "、"))


def _line_text(chars: list[Char], headline: float) -> str:
    """A line's text with the spaces the PDF has, none invented; a letter-spaced headline
    loses those between Chinese characters."""
    out: list[str] = []
    prev = None
    pending_space = False
    big = statistics.median(ch.size for ch in chars) >= headline
    for ch in chars:
        if ch.text.isspace():
            pending_space = prev is not None
            continue
        if prev is not None and pending_space:
            both = conventions.is_cjk(ch.text) and conventions.is_cjk(prev.text)
            if not (big and both):
                out.append(" ")
        out.append(ch.text)
        prev = ch
        pending_space = False
    return "".join(out)


def _lines(chars: list[Char], headline: float) -> list[Line]:
    """Characters grouped into lines (by vertical overlap), each read left to right."""
    lines: list[list[Char]] = []
    for ch in sorted(chars, key=lambda c: (c.top, c.x0)):
        if lines:
            current = lines[-1]
            top = min(c.top for c in current[-3:])
            bottom = max(c.bottom for c in current[-3:])
            if ch.cy < bottom and ch.cy > top:
                current.append(ch)
                continue
        lines.append([ch])
    out = []
    for group in lines:
        group.sort(key=lambda c: c.x0)
        visible = [c for c in group if not c.text.isspace()]
        if not visible:
            continue
        sizes = Counter(c.size for c in visible)
        out.append(
            Line(
                chars=group,
                text=_line_text(group, headline),
                x0=visible[0].x0,
                x1=visible[-1].x1,
                top=min(c.top for c in visible),
                bottom=max(c.bottom for c in visible),
                size=sizes.most_common(1)[0][0],
                bold=sum(c.bold for c in visible) * 2 > len(visible),
            )
        )
    return out


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
