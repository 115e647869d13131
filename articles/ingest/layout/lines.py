"""Line assembly: characters into lines (no spaces invented inside Chinese), titles."""

import statistics
from collections import Counter

from .. import text as conventions
from ..pdf import Char
from .readings import Line


def title(lines: list[Line]) -> str:
    """Title lines: a wrapped line goes on without a break; two parallel lines keep theirs."""
    out = lines[0].text
    for prev, line in zip(lines, lines[1:], strict=False):
        width_prev = prev.x1 - prev.x0
        width = line.x1 - line.x0
        wrapped = width < 0.8 * width_prev or unbalanced(prev.text)
        out += "" if wrapped else "\n"
        out += line.text
    return out.strip()


def unbalanced(line: str) -> bool:
    """A line that opens a quotation or bracket it does not close goes on in the next."""
    pairs = ("“”", "‘’", "（）", "()", "《》", "「」")
    return any(line.count(a) > line.count(b) for a, b in pairs) or line.endswith(("·", "、"))


def line_text(chars: list[Char], headline: float) -> str:
    """A line's text with the spaces the PDF has, none invented; a letter-spaced headline
    loses those between Chinese characters. A gap PDFium took for a space between a
    Chinese character and a Latin letter or digit is the layout program's CJK–Latin
    spacing (中西文间距, about a quarter em in InDesign, Founder and Typst), not a space
    of the copy, which writes none there."""
    out: list[str] = []
    prev = None
    pending_space = None
    big = statistics.median(ch.size for ch in chars) >= headline
    for ch in chars:
        if ch.text.isspace():
            if prev is not None and (pending_space is None or pending_space.generated):
                pending_space = ch
            continue
        if prev is not None and pending_space is not None:
            cjk = conventions.is_cjk(ch.text), conventions.is_cjk(prev.text)
            autospace = pending_space.generated and autospaced(prev.text, ch.text)
            if not (big and all(cjk)) and not autospace:
                out.append(" ")
        out.append(ch.text)
        prev = ch
        pending_space = None
    return "".join(out)


def _latin(text: str) -> bool:
    return text.isascii() and (text.isalnum() or text in "%")


def autospaced(a: str, b: str) -> bool:
    """A Chinese character next to a Latin letter or digit: where layout programs put
    their CJK–Latin spacing (punctuation such as ” or 。 gets none)."""
    ideograph = conventions.CJK.match
    return bool((ideograph(a) and _latin(b)) or (_latin(a) and ideograph(b)))


def lines(chars: list[Char], headline: float) -> list[Line]:
    """Characters grouped into lines (by vertical overlap), each read left to right."""
    groups: list[list[Char]] = []
    for ch in sorted(chars, key=lambda c: (c.top, c.x0)):
        if groups:
            current = groups[-1]
            top = min(c.top for c in current[-3:])
            bottom = max(c.bottom for c in current[-3:])
            if ch.cy < bottom and ch.cy > top:
                current.append(ch)
                continue
        groups.append([ch])
    out = []
    for group in groups:
        group.sort(key=lambda c: c.x0)
        visible = [c for c in group if not c.text.isspace()]
        if not visible:
            continue
        sizes = Counter(c.size for c in visible)
        out.append(
            Line(
                chars=group,
                text=line_text(group, headline),
                x0=visible[0].x0,
                x1=visible[-1].x1,
                top=min(c.top for c in visible),
                bottom=max(c.bottom for c in visible),
                size=sizes.most_common(1)[0][0],
                bold=sum(c.bold for c in visible) * 2 > len(visible),
            )
        )
    return out
