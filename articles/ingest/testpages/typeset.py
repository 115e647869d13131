"""Typesetting a page: its header, its modules (headline, byline, highlights, photo,
columns, jump lines) and its column of briefs, recording where each story was printed."""

from .drawing import Flow, Writer, columns, fit
from .plans import Module
from .pools import numeral
from .stories import Story, strip_lead


class TypesetMixin:
    """For ``Edition``: needs ``style``, ``n_pages``, ``photo``, ``stories`` and ``story()``."""

    def header(self, w: Writer, number: int, name: str, date) -> float:
        st = self.style
        pw, m = st.page[0], st.margin
        label = f"第{number:02d}版：{name}"
        weekday = "一二三四五六日"[date.weekday()]
        dateline = f"{date.year}年{date.month}月{date.day}日 星期{weekday}"
        if number == 1:
            w.text(m, m, 64, "辽源日报", bold=True)
            w.text(m, m + 72, 11, "LIAO YUAN RI BAO")
            for i, line in enumerate([dateline, label, f"总第8986期 今日{self.n_pages}版"]):
                w.text(pw - m - w.w(line, 11), m + 8 + i * 18, 11, line)
            y = m + 92
        else:
            w.text(m, m, 13, label, bold=True)
            right = f"辽源日报 {dateline}"
            w.text(pw - m - w.w(right, 11), m + 2, 11, right)
            y = m + 20
        w.rule(m, y, pw - m, y, 2)
        if not st.rules:
            footer = "责任编辑：王丽 美术编辑：赵强"
            w.rule(m, st.page[1] - m - 16, pw - m, st.page[1] - m - 16, 0.6)
            w.text(m, st.page[1] - m - 10, 9, footer)
        return y + 10

    def typeset(self, w: Writer, number: int, mods: list, content_top: float):
        st = self.style
        pw, ph, m = st.page[0], st.page[1], st.margin
        area = (m, content_top, pw - 2 * m, ph - m - content_top - (0 if st.rules else 24))
        gap = 16
        for order, mod in enumerate(mods, start=1):
            fx, fy, fw, fh = mod.rect
            x = area[0] + fx * area[2] + (gap / 2 if fx > 0 else 0)
            y = area[1] + fy * area[3] + (gap / 2 if fy > 0 else 0)
            r = fx + fw >= 0.999
            b = fy + fh >= 0.999
            width = fw * area[2] - (gap / 2 if fx > 0 else 0) - (0 if r else gap / 2)
            height = fh * area[3] - (gap / 2 if fy > 0 else 0) - (0 if b else gap / 2)
            if st.rules or mod.boxed:
                if not b:
                    w.rule(x, y + height + gap / 2, x + width, y + height + gap / 2)
                if not r:
                    w.rule(x + width + gap / 2, y, x + width + gap / 2, y + height)
            if mod.briefs:
                self.briefs(w, number, order, x, y, width, height)
                continue
            if mod.boxed:
                w.box(x - 5, y - 5, width + 10, height + 10)
            self.module(w, number, order, mod, x, y, width, height)
            region = [x / pw, y / ph, width / pw, height / ph]
            mod.story.placements.append(
                {"page": number, "order": order, "region": [round(v, 4) for v in region]}
            )

    def headline(self, w: Writer, s: Story, x, y, width, title_size, rest=False):
        st = self.style
        if s.kicker and not rest:
            w.centred(x, y, width, st.kicker, s.kicker)
            y += st.kicker * 1.5
        for line in w.wrap(s.title, title_size, width):
            w.centred(x, y, width, title_size, line, bold=True)
            y += title_size * 1.3
        if s.subtitle and not rest:
            w.centred(x, y, width, st.subtitle, s.subtitle)
            y += st.subtitle * 1.6
        return y + 4

    def module(self, w: Writer, number, order, mod: Module, x, y, width, height):
        st = self.style
        s = mod.story
        size, leading = st.body, st.leading
        bottom = y + height
        lead = s.layout == "lead"
        title_size = st.lead_title if lead else st.title
        if mod.part == "rest":
            jl = f"（上接第{numeral(mod.jump_page)}版）"
            w.text(x, y, size, jl, bold=True)
            y += leading + 2
            y = self.headline(w, s, x, y, width, title_size, rest=True)
            flow = s._flow
        else:
            y = self.headline(w, s, x, y, width, title_size)
            y = self._front_matter(w, s, mod, x, y, width, height)
            lines = int((bottom - y) / leading)
            capacity = int(lines * mod.columns * (width / mod.columns - 10) / size * 0.97)
            if mod.part == "first":
                paragraphs = s.paragraphs  # whatever does not fit goes on later
            else:
                paragraphs = fit(s.paragraphs, capacity - (len(s.byline) + 10))
            if s.byline_inline and paragraphs:
                first = f"{s.dateline}（{s.byline}）" + paragraphs[0][1]
                paragraphs = [("p", first)] + list(paragraphs[1:])
            elif s.dateline and paragraphs:
                paragraphs = [("p", s.dateline + " " + paragraphs[0][1])] + list(paragraphs[1:])
            flow = Flow(paragraphs)
        cols = columns(x, y, width, bottom - y, mod.columns)
        if mod.part == "first":
            col, line_y = flow.pour(w, cols, size, leading, reserve=1)
            jl = f"（下转第{numeral(mod.jump_page)}版）"
            cx, _, cw, _ = cols[min(col, len(cols) - 1)]
            w.text(cx + cw - w.w(jl, size), line_y, size, jl)
            s._flow = flow
            return
        if mod.part == "rest":
            # Only whole sentences of what remains: the truth ends where the print ends.
            lines = int((bottom - y) / leading)
            capacity = int(lines * mod.columns * (width / mod.columns - 10) / size * 0.9)
            flow.items = [list(p) for p in fit([tuple(i) for i in flow.items], capacity)]
        flow.pour(w, cols, size, leading)
        s.paragraphs = strip_lead(s, flow.placed)

    def _front_matter(self, w: Writer, s: Story, mod: Module, x, y, width, height) -> float:
        """The byline on its own line, the ◆ highlights and the photo with its caption."""
        if s.byline and not s.byline_inline:
            w.centred(x, y, width, 10, s.byline)
            y += 18
        for h in s.highlights:
            for line in w.wrap("◆" + h, 10.5, width):
                w.text(x, y, 10.5, line)
                y += 15
        if s.highlights:
            y += 6
        if mod.photo:
            ih = height * 0.35
            w.image(x, y, width, ih, self.photo)
            y += ih + 4
            for line in w.wrap(s.caption, 8.5, width):
                w.text(x, y, 8.5, line)
                y += 12
            y += 6
        return y

    def briefs(self, w: Writer, number, order, x, y, width, height):
        st = self.style
        w.centred(x, y, width, 15, "简讯", bold=True)
        y += 26
        bottom = y + height - 26
        while True:
            s = self.story("briefs", brief=True)
            lines_title = w.wrap(s.title, st.brief_title, width)
            text = s.dateline + " " + s.paragraphs[0][1]
            body = w.wrap(text, st.body, width, 2 * st.body)[:5]
            need = len(lines_title) * st.brief_title * 1.3 + 4 + len(body) * st.leading
            if y + need > bottom:
                self.stories.pop()
                return
            top = y
            for line in lines_title:
                w.centred(x, y, width, st.brief_title, line, bold=True)
                y += st.brief_title * 1.3
            y += 4
            flow = Flow([("p", "".join(body))])
            flow.pour(w, [(x, y, width, len(body) * st.leading + 1)], st.body, st.leading)
            y += len(body) * st.leading
            s.paragraphs = strip_lead(s, flow.placed)
            region = [x / st.page[0], top / st.page[1], width / st.page[0], (y - top) / st.page[1]]
            s.placements.append(
                {"page": number, "order": order, "region": [round(v, 4) for v in region]}
            )
            order += 1
            y += 14
