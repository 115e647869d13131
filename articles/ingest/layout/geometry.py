"""Geometry helpers of the layout reasoning: gaps between spans, rule overlaps, boxes."""

from ..pdf import Box


def gaps(intervals: list[tuple[float, float]], lo: float, hi: float) -> list[tuple[float, float]]:
    """The free stretches between ``intervals`` inside (lo, hi), the ends excluded."""
    found = []
    edge = None
    for a, b in sorted(intervals):
        if edge is not None and a > edge:
            found.append((edge, a))
        edge = b if edge is None else max(edge, b)
    return [(a, b) for a, b in found if a >= lo and b <= hi]


# Full-width punctuation whose ink fills one half of its em box: closing marks and stops
# on the left, opening marks on the right. Layout programs hang or compress the empty half
# (标点挤压) at a line's start or end, so it may reach into the gutter between columns.
INK_LEFT = set("、，。．：；！？）」』”’》〉】〕")
INK_RIGHT = set("（「『“‘《〈【〔")


def ink_x(item) -> tuple[float, float]:
    """An item's horizontal extent; for full-width punctuation, the half with its ink."""
    text = getattr(item, "text", None)
    if text in INK_LEFT or text in INK_RIGHT:
        x0, x1 = item.x0, item.x1
        if x1 - x0 > 0.8 * item.size:
            return (x0, (x0 + x1) / 2) if text in INK_LEFT else ((x0 + x1) / 2, x1)
    return item.x0, item.x1


def overlap(rule: Box, ext: Box, axis: str) -> float:
    """How much of ``ext`` a rule runs along: its width for a horizontal one, else height."""
    if axis == "h":
        return max(0.0, min(rule.x1, ext.x1) - max(rule.x0, ext.x0))
    return max(0.0, min(rule.bottom, ext.bottom) - max(rule.top, ext.top))


def bbox(items) -> Box:
    """The box around boxes or characters."""
    return Box(
        min(i.x0 for i in items),
        min(i.top for i in items),
        max(i.x1 for i in items),
        max(i.bottom for i in items),
    )


def clip(cell: Box, extent: Box) -> Box:
    """``cell`` cut down to ``extent``."""
    return Box(
        max(cell.x0, extent.x0),
        max(cell.top, extent.top),
        min(cell.x1, extent.x1),
        min(cell.bottom, extent.bottom),
    )


def fraction(box: Box, width: float, height: float) -> tuple[float, float, float, float]:
    """A box as fractions of the page (x, y, w, h), never empty."""
    w, h = width, height
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
