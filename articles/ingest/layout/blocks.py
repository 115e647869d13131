"""Reading order inside a module: blocks (bands, then columns) and the lines in them."""

import statistics

from ..pdf import Box, Char
from .geometry import bbox, gaps, ink_x, overlap
from .lines import lines
from .readings import Line


class BlocksMixin:
    """For ``Page``: needs ``c``, ``body``, ``headline`` and ``line_gap``."""

    def _read_order(self, chars: list[Char], images: list[Box]) -> list[Line]:
        blocks: list[tuple[list[Char], list[Box]]] = []
        self._xy(chars, images, blocks, 0)
        out: list[Line] = []
        for index, (bchars, _bimages) in enumerate(blocks):
            if not bchars:
                continue
            box = bbox(bchars)
            for line in lines(bchars, self.headline):
                line.block, line.block_x0, line.block_x1 = index, box.x0, box.x1
                out.append(line)
        return out

    def _xy(self, chars, images, out, depth):
        """Blocks of a module in reading order: bands top to bottom, then columns."""
        items = list(chars) + list(images)
        if not items or depth > 30:
            out.append((chars, images))
            return
        ext = bbox(items)
        hr = [
            r
            for r in self.c.hrules
            if ext.top < (r.top + r.bottom) / 2 < ext.bottom
            and overlap(r, ext, "h") >= 0.5 * ext.width
        ]
        vr = [
            r
            for r in self.c.vrules
            if ext.x0 < (r.x0 + r.x1) / 2 < ext.x1 and overlap(r, ext, "v") >= 0.5 * ext.height
        ]
        for axis in ("h", "v"):
            if axis == "h":
                spans = [(i.top, i.bottom) for i in items]
                found = gaps(spans, ext.top, ext.bottom)
                found = [
                    g
                    for g in found
                    if g[1] - g[0] >= self.line_gap + max(1.5, 0.25 * self.body)
                    or any(g[0] - 1 <= (r.top + r.bottom) / 2 <= g[1] + 1 for r in hr)
                ]
            else:
                spans = [ink_x(i) for i in items]
                found = gaps(spans, ext.x0, ext.x1)
                sizes = statistics.median(ch.size for ch in chars) if chars else self.body
                found = [
                    g
                    for g in found
                    if g[1] - g[0] >= max(0.6 * self.body, 0.35 * sizes)
                    or any(g[0] - 1 <= (r.x0 + r.x1) / 2 <= g[1] + 1 for r in vr)
                ]
            if not found:
                continue
            cuts = [(a + b) / 2 for a, b in found]
            edges = [-1e9] + cuts + [1e9]
            parts = []
            for lo, hi in zip(edges, edges[1:], strict=False):
                if axis == "h":
                    part = [c for c in chars if lo <= c.cy < hi]
                    pimg = [i for i in images if lo <= (i.top + i.bottom) / 2 < hi]
                else:
                    part = [c for c in chars if lo <= sum(ink_x(c)) / 2 < hi]
                    pimg = [i for i in images if lo <= (i.x0 + i.x1) / 2 < hi]
                parts.append((part, pimg))
            if axis == "v" and stacked(parts):
                # Side by side but one above the other (a centred byline over a line of
                # highlights): not columns, read top to bottom.
                parts.sort(key=lambda p: bbox(p[0] + p[1]).top if p[0] or p[1] else 0)
            for part, pimg in parts:
                self._xy(part, pimg, out, depth + 1)
            return
        out.append((chars, images))


def stacked(parts: list) -> bool:
    """Parts of a vertical cut that share no height: each lies wholly above the next."""
    boxes = sorted((bbox(p + i) for p, i in parts if p or i), key=lambda b: b.top)
    if len(boxes) < 2:
        return False
    return all(a.bottom <= b.top for a, b in zip(boxes, boxes[1:], strict=False))
