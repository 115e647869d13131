"""Story segmentation: the page cut into story modules, each a headline over its columns."""

from .. import text as conventions
from ..pdf import Box, Char
from .geometry import bbox, gaps, overlap


class ModulesMixin:
    """For ``Page``: needs ``c`` (the page content), ``body`` and ``headline`` sizes."""

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
        ext = bbox(items)
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
            for a, b in gaps(spans, lo, hi):
                rules = hr if axis == "h" else vr
                ruled = any(
                    a - 1 <= ((r.top + r.bottom) if axis == "h" else (r.x0 + r.x1)) / 2 <= b + 1
                    and overlap(r, ext, axis) >= 0.8 * across
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
