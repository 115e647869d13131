"""Field parsing: a module's lines into kicker, title, subtitle, byline, highlights,
caption, dateline, jump lines and body paragraphs."""

from .. import text as conventions
from ..pdf import Box
from .lines import title as title_text
from .readings import Line, StoryReading


def read_fields(
    story: StoryReading, lines: list[Line], images: list[Box], *, body: float, headline: float
) -> None:
    """Fill ``story`` from the lines of its module, in reading order."""
    rest = _headlines(story, lines, headline)
    rest = _caption(story, rest, images, body)
    paragraphs, highlights = _body(story, rest, body=body, headline=headline)
    story.highlights = highlights
    if paragraphs and paragraphs[0][0] == "p":
        dateline, byline, rest_text = conventions.split_dateline(paragraphs[0][1])
        if dateline:
            story.dateline = dateline
            if byline and not story.byline:
                story.byline = byline
            paragraphs[0] = ("p", rest_text.lstrip())
    story.body = [(k, conventions.tidy(t) if k == "p" else t.strip()) for k, t in paragraphs if t]
    if story.byline:
        story.authors = conventions.parse_byline(story.byline)


def is_subheading(line: Line, *, body: float, headline: float) -> bool:
    """A short line set bold or larger than the body, not ending a sentence."""
    if line.size >= headline:
        return True
    distinct = line.bold or line.size >= body + 0.4
    if not distinct:
        return False
    short = (line.x1 - line.x0) < 0.95 * (line.block_x1 - line.block_x0) or len(line.text) < 30
    return short and not line.text.rstrip().endswith(("。", "，", ","))


def _headlines(story: StoryReading, lines: list[Line], headline: float) -> list[Line]:
    """The jump-from line and the headline group (kicker, title, subtitle); returns the rest."""
    i = 0
    # Jump-from line (上接第一版) before the headline.
    while i < len(lines) and lines[i].size < headline:
        match = conventions.JUMP_FROM.match(lines[i].text)
        if match:
            story.jump_from = conventions.page_number(match.group(1))
            i += 1
        else:
            break
    heads = []
    while i < len(lines) and lines[i].size >= headline:
        heads.append(lines[i])
        i += 1
    heads = [h for h in heads if h.text.replace(" ", "") not in conventions.BRIEF_LABELS]
    if heads:
        biggest = max(h.size for h in heads)
        title_idx = [n for n, h in enumerate(heads) if h.size >= biggest - 0.6]
        first, last = title_idx[0], title_idx[-1]
        story.kicker = "".join(h.text for h in heads[:first])
        story.subtitle = "".join(h.text for h in heads[last + 1 :])
        story.title = title_text(heads[first : last + 1])
    return lines[i:]


def _caption(story: StoryReading, rest: list[Line], images: list[Box], body: float):
    """The caption (and its credit) in the lines just under a photo; returns the rest."""
    caption_lines = []
    for image in images:
        for line in rest:
            if (
                line.top >= image.bottom - 1
                and line.top - image.bottom < 3 * body
                and line.x0 >= image.x0 - 2
                and line.x1 <= image.x1 + 2
                and line.size <= body + 0.1
            ):
                caption_lines.append(line)
    if not caption_lines:
        return rest
    # Lines under the first caption line that follow it closely are the caption too.
    caption_lines.sort(key=lambda line: line.top)
    kept = [caption_lines[0]]
    for line in caption_lines[1:]:
        if line.top - kept[-1].bottom < 0.8 * body and line.block == kept[0].block:
            kept.append(line)
    caption = "".join(line.text for line in kept)
    credit = conventions.CREDIT.search(caption)
    if credit:
        story.credit = credit.group(1).strip()
    story.caption = caption
    return [line for line in rest if line not in kept]


def _body(
    story: StoryReading, rest: list[Line], *, body: float, headline: float
) -> tuple[list[tuple[str, str]], list[str]]:
    """Byline, ◆ highlights, jump lines and the paragraphs and subheadings of the body."""
    paragraphs: list[tuple[str, str]] = []
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
            story.jump_from = conventions.page_number(conventions.JUMP_FROM.match(text_).group(1))
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
            and line.size > body + 0.3
        ):
            highlights[-1] += text_
            previous = line
            continue
        if not started and not story.byline and conventions.is_byline(text_):
            story.byline = " ".join(text_.split())
            previous = line
            continue
        if is_subheading(line, body=body, headline=headline):
            if (
                paragraphs
                and paragraphs[-1][0] == "h"
                and previous is not None
                and previous.block == line.block
                and line.top - previous.bottom < body
            ):
                paragraphs[-1] = ("h", paragraphs[-1][1] + text_)
            else:
                paragraphs.append(("h", text_.strip()))
            started = True
            previous = line
            continue
        indent = line.x0 - line.block_x0
        starts = indent >= 1.2 * line.size
        if not paragraphs:
            story.first_indented = starts
        if not paragraphs or paragraphs[-1][0] == "h" or starts:
            paragraphs.append(("p", text_.lstrip()))
        else:
            paragraphs[-1] = ("p", paragraphs[-1][1] + text_)
        started = True
        previous = line
    return paragraphs, highlights
