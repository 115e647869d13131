"""The header and footer bands of a page, and the page name read from them."""

import re

from .. import text as conventions
from ..pdf import Box
from .geometry import bbox
from .lines import lines


class BandsMixin:
    """For ``Page``: needs ``c`` (the page content), ``body`` and ``headline`` sizes."""

    def _full_rules(self) -> list[Box]:
        chars = self.c.chars
        if not chars:
            return []
        extent = bbox(chars)
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
        for line in lines(outside, self.headline):
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
