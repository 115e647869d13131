"""Typeset test editions with ReportLab and write their ground truth.

The copy is real: sentences and subheadings of the demo edition's stories, shuffled by a
seed, so punctuation, digits and Latin words come out as a paper prints them. A layout
plan places story modules on each page (a lead across four or five columns with 引题/主题/
副题, a boxed commentary, a column of 简讯, a photo story with its caption, a story that
jumps to a later page, plain stories), draws rules between them on some pages and only
gutters on others, and typesets the copy column by column. The truth is what was printed:
a body cut to fit its module keeps only the sentences that fitted.

Two variants: ``tune`` (A3 pages, the layouts the reader was tuned on) and ``heldout``
(the demo's page size, other arrangements, body size and rules, never tuned on).

ReportLab embeds no CJK font of ours: it writes the built-in CID font STSong-Light, which
every PDF reader maps to Unicode through the standard UniGB-UCS2-H CMap. Headlines are
set larger and "bold" by stroking the glyphs (text render mode 2).
"""

import datetime
import io
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

LAYOUTS = ("lead", "commentary", "briefs", "photo", "jump", "plain")
VARIANTS = ("tune", "heldout")
FONT = "STSong-Light"
PAGE_NAMES = ["要闻", "要闻", "经济", "社会", "综合", "文化", "体育", "专版"]
NAMES = ["徐楠", "王彦雨", "于蕊", "魏利军", "刘畅", "陈晓东", "孙丽", "赵阳", "李明", "周婷"]
PLACES = ["长春", "吉林", "北京", "沈阳", "四平"]
KICKERS = [
    "吉林发展新质生产力一线观察",
    "聚焦高质量发展",
    "春耕备耕进行时",
    "优化营商环境在行动",
    "市委常委会召开会议强调",
    "新春走基层",
]
PLACES_LOCAL = ["我市", "全市", "东辽县", "东丰县", "龙山区", "西安区", "经开区"]
TITLES = [
    "动能澎湃向“新”行",
    "让企业感受到安心创新创业的一流营商环境",
    "我市重点项目建设全面提速",
    "东辽河流域生态治理取得新成效",
    "全市春季植树造林工作启动",
    "辽源袜业开拓国际市场",
    "2024年全市经济工作稳中有进",
    "冰雪运动点燃城市活力",
    "新能源汽车配套产业园建设加快",
    "科技特派员走进田间地头",
    "老旧小区改造惠及万户居民",
    "数字政务让群众少跑腿",
]
SUBTITLES = [
    "——访市科技局负责人",
    "——我市推进产业转型升级纪实",
    "——记辽源市优秀共产党员",
    "——全市上下奋力实现首季开门红",
]
BRIEF_TITLES = [
    "市图书馆开展读书月活动",
    "辽源站新增两趟列车",
    "消防安全宣传进社区",
    "全市中小学开展防溺水教育",
    "农业技术培训班开班",
    "城区供热期延长五天",
    "文化惠民演出走进乡村",
    "市场监管部门抽检食品",
]
CAPTIONS = [
    "图为工人在生产线上忙碌。",
    "图为市民在广场参加健身活动。",
    "图为技术人员调试设备。",
    "图为农民在田间查看苗情。",
]


@dataclass
class Story:
    key: str
    layout: str
    title: str
    kicker: str = ""
    subtitle: str = ""
    byline: str = ""
    byline_inline: bool = False
    authors: list = field(default_factory=list)
    dateline: str = ""
    highlights: list = field(default_factory=list)
    paragraphs: list = field(default_factory=list)  # [("p" | "h", text)]
    caption: str = ""
    credit: str = ""
    placements: list = field(default_factory=list)

    def truth(self) -> dict:
        return {
            "key": self.key,
            "layout": self.layout,
            "kicker": self.kicker,
            "title": self.title,
            "subtitle": self.subtitle,
            "byline": self.byline,
            "authors": self.authors,
            "dateline": self.dateline,
            "highlights": self.highlights,
            "body": [list(p) for p in self.paragraphs if p[1]],
            "caption": self.caption,
            "placements": self.placements,
        }


@dataclass
class Module:
    story: Story
    rect: tuple  # fractions of the content area: x, y, w, h
    columns: int = 1
    boxed: bool = False
    part: str = "whole"  # whole | first | rest
    photo: bool = False
    briefs: bool = False
    jump_page: int = 0  # the page a "first" part continues on / a "rest" part comes from


@dataclass
class Style:
    page: tuple
    margin: float
    body: float
    leading: float
    lead_title: float
    title: float
    kicker: float
    subtitle: float
    brief_title: float
    rules: bool


STYLES = {
    "tune": Style((842, 1191), 36, 9, 13, 30, 20, 13, 13, 13.5, True),
    "heldout": Style((1077.12, 1530.96), 43, 8.5, 12.5, 34, 22, 14, 12.5, 13, False),
}


def corpus() -> tuple[list[str], list[str]]:
    """Sentences and subheadings of the demo edition's stories."""
    path = Path(settings.BASE_DIR) / "newspaper" / "demo" / "lyrb-2024-04-01" / "edition.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    sentences, headings = [], []
    for article in data["articles"]:
        html = article.get("body_html", "")
        headings += [h for h in re.findall(r"<h[34]>([^<]+)</h[34]>", html) if len(h) < 18]
        for para in re.findall(r"<p>([^<]+)</p>", html):
            found = re.findall(r"[^。！？]+[。！？”]*", para)
            sentences += [s.strip() for s in found if len(s.strip()) > 6]
    return sentences, headings


class Writer:
    """Lines of text on a ReportLab canvas, in top-left page coordinates."""

    def __init__(self, canvas, style: Style):
        from reportlab.pdfbase import pdfmetrics

        self.c = canvas
        self.style = style
        self.width = pdfmetrics.stringWidth
        self.height = style.page[1]

    def text(self, x: float, top: float, size: float, text: str, bold: bool = False):
        c = self.c
        t = c.beginText()
        t.setFont(FONT, size)
        if bold:
            t.setTextRenderMode(2)
            c.setLineWidth(size / 40)
        t.setTextOrigin(x, self.height - (top + 0.73 * size))
        t.textOut(text)
        c.drawText(t)

    def w(self, text: str, size: float) -> float:
        return self.width(text, FONT, size)

    def wrap(self, text: str, size: float, width: float, indent: float = 0) -> list[str]:
        lines, line, used = [], "", indent
        for ch in text:
            cw = self.w(ch, size)
            if used + cw > width + 0.01 and line:
                lines.append(line)
                line, used = "", 0
            line += ch
            used += cw
        if line:
            lines.append(line)
        return lines

    def centred(self, x, top, width, size, text, bold=False):
        self.text(x + (width - self.w(text, size)) / 2, top, size, text, bold)

    def rule(self, x0, y0, x1, y1, width=0.6):
        self.c.setLineWidth(width)
        self.c.line(x0, self.height - y0, x1, self.height - y1)

    def box(self, x, y, w, h):
        self.c.setLineWidth(0.8)
        self.c.rect(x, self.height - y - h, w, h, stroke=1, fill=0)

    def image(self, x, y, w, h, image):
        self.c.drawImage(image, x, self.height - y - h, w, h)


class Flow:
    """Body copy poured into columns: paragraphs indented two characters, subheadings centred."""

    def __init__(self, paragraphs: list, continued: bool = False):
        self.items = [list(p) for p in paragraphs]
        self.continued = continued  # the first paragraph goes on from an earlier page
        self.placed: list = []  # [kind, text] as printed

    def pour(self, writer: Writer, columns: list, size: float, leading: float, reserve=0):
        """Set as much as fits; ``reserve`` keeps lines free at the foot of the last column."""
        col = 0
        x, top, width, height = columns[0]
        y = top
        while self.items:
            kind, text = self.items[0]
            bottom = top + height - (reserve * leading if col == len(columns) - 1 else 0)
            if kind == "h":
                gap = leading * 0.5 if y > top else 0
                if y + gap + 2 * leading > bottom:  # a subheading never ends a column
                    col += 1
                    if col == len(columns):
                        return col - 1, y
                    x, top, width, height = columns[col]
                    y = top
                    continue
                writer.centred(x, y + gap, width, size + 1, text)
                y += gap + leading + 2
                self.placed.append(["h", text])
                self.items.pop(0)
                continue
            indent = 0 if self.continued else 2 * size
            lines = writer.wrap(text, size, width, indent)
            done = ""
            for i, line in enumerate(lines):
                if y + size > bottom:
                    break
                writer.text(x + (indent if i == 0 else 0), y, size, line)
                y += leading
                done += line
            if done:
                if self.continued and self.placed:
                    self.placed[-1][1] += done
                else:
                    self.placed.append(["p", done])
            if len(done) == len(text):
                self.items.pop(0)
                self.continued = False
                continue
            # The column is full: go on in the next one without an indent.
            self.items[0][1] = text[len(done) :]
            self.continued = True
            col += 1
            if col == len(columns):
                return col - 1, y
            x, top, width, height = columns[col]
            y = top
        return col, y


def _columns(x, y, w, h, n, gutter=10):
    cw = (w - gutter * (n - 1)) / n
    return [(x + i * (cw + gutter), y, cw, h) for i in range(n)]


def _fit(paragraphs: list, capacity: int) -> list:
    """Paragraphs cut to about ``capacity`` characters, at a sentence end."""
    out, total = [], 0
    for kind, text in paragraphs:
        if total + len(text) <= capacity:
            out.append((kind, text))
            total += len(text)
            continue
        if kind == "p":
            cut = text[: capacity - total]
            end = max(cut.rfind("。"), cut.rfind("！"), cut.rfind("？"))
            if end > 10:
                out.append((kind, cut[: end + 1]))
        break
    while out and out[-1][0] == "h":
        out.pop()
    return out


class Edition:
    """A plan of stories on pages for one variant, typeset into PDFs with their truth."""

    def __init__(self, variant: str, pages: int, seed: int):
        self.variant = variant
        self.style = STYLES[variant]
        self.rng = random.Random(seed)
        self.sentences, self.headings = corpus()
        self.n_pages = pages
        self.stories: list[Story] = []
        self.count = 0
        self.titles: set[str] = set()

    # -- copy -------------------------------------------------------------------------
    def _title(self, brief: bool) -> str:
        """A title no other story of the edition has, so the truth matches one way."""
        pool = BRIEF_TITLES if brief else TITLES
        for attempt in range(1000):
            title = self.rng.choice(pool)
            if self.rng.random() < 0.5 or title in self.titles:
                title = self.rng.choice(PLACES_LOCAL) + re.sub(r"^(我市|全市|2024年)+", "", title)
            if attempt > 30:
                # A long edition uses up the combinations: the next one is numbered.
                title += f"（{_numeral(attempt // 30)}）"
            if title not in self.titles:
                self.titles.add(title)
                return title
        raise RuntimeError("no title left")

    def _names(self, k):
        return self.rng.sample(NAMES, k)

    def _paragraphs(self, chars: int, subheadings: bool) -> list:
        out, total = [], 0
        while total < chars:
            if subheadings and out and self.rng.random() < 0.25 and out[-1][0] == "p":
                out.append(("h", self.rng.choice(self.headings)))
            text = "".join(self.rng.sample(self.sentences, self.rng.randint(2, 4)))
            out.append(("p", text))
            total += len(text)
        return out

    def story(self, layout: str, *, lead=False, brief=False) -> Story:
        self.count += 1
        rng = self.rng
        title = self._title(brief)
        s = Story(key=f"s{self.count}", layout=layout, title=title)
        if lead:
            s.kicker = rng.choice(KICKERS)
            s.subtitle = rng.choice(SUBTITLES)
            s.highlights = [rng.choice(self.sentences)[:40] for _ in range(2)]
        elif layout in ("plain", "jump") and rng.random() < 0.5:
            s.kicker = rng.choice(KICKERS)
        if layout == "commentary":
            s.byline = "本报评论员"
            s.title = rng.choice(TITLES)
        elif brief:
            s.dateline = "本报讯"
        else:
            names = self._names(rng.randint(1, 3))
            style = rng.choice(["line", "inline", "xinhua"]) if not lead else "line"
            if style == "line":
                s.byline = "本报记者 " + " ".join(names)
                s.authors = [[n, "记者"] for n in names]
            elif style == "inline":
                s.dateline = "本报讯"
                s.byline = "记者 " + " ".join(names)
                s.authors = [[n, "记者"] for n in names]
                s.byline_inline = True
            else:
                s.dateline = f"新华社{rng.choice(PLACES)}3月31日电"
                s.byline = "记者 " + names[0]
                s.authors = [[names[0], "记者"]]
                s.byline_inline = True
        if layout == "photo":
            s.caption = rng.choice(CAPTIONS) + f"本报记者 {self._names(1)[0]} 摄"
        chars = {"briefs": 160, "jump": 7000}.get(layout, 4000)
        s.paragraphs = self._paragraphs(chars, lead or layout == "jump")
        self.stories.append(s)
        return s

    # -- plans --------------------------------------------------------------------------
    def plan(self, number: int, jump_from: Story | None) -> tuple[list, Story | None]:
        """The modules of page ``number`` and the story that jumps to the next page."""
        v, n = self.variant, self.n_pages
        jumps_on = number % 4 == 1 and number < n
        M = Module
        if v == "tune":
            kind = 1 if number == 1 else (2 if jump_from else (3 if number % 2 else 4))
            if kind == 1 or (kind == 3 and jumps_on):
                j = self.story("jump")
                mods = [
                    M(self.story("lead", lead=True), (0, 0, 1, 0.46), 4),
                    M(j, (0, 0.46, 0.68, 0.54), 3, part="first", jump_page=number + 1),
                    M(self.story("commentary"), (0.68, 0.46, 0.32, 0.54), 1, boxed=True),
                ]
                return mods, j
            if kind == 2:
                return [
                    M(jump_from, (0, 0, 1, 0.22), 4, part="rest", jump_page=number - 1),
                    M(self.story("photo"), (0, 0.22, 0.72, 0.78), 3, photo=True),
                    M(None, (0.72, 0.22, 0.28, 0.78), 1, briefs=True),
                ], None
            if kind == 3:
                return [
                    M(self.story("plain"), (0, 0, 0.5, 0.5), 2),
                    M(self.story("plain"), (0.5, 0, 0.5, 0.5), 2),
                    M(self.story("plain"), (0, 0.5, 0.5, 0.5), 2),
                    M(self.story("photo"), (0.5, 0.5, 0.5, 0.5), 2, photo=True),
                ], None
            return [
                M(self.story("lead", lead=True), (0, 0, 0.7, 0.55), 3),
                M(None, (0.7, 0, 0.3, 1), 1, briefs=True),
                M(self.story("commentary"), (0, 0.55, 0.7, 0.45), 2, boxed=True),
            ], None
        # heldout
        if jump_from:
            return [
                M(self.story("photo"), (0, 0, 0.5, 0.6), 2, photo=True),
                M(self.story("plain"), (0.5, 0, 0.5, 0.6), 3),
                M(jump_from, (0, 0.6, 1, 0.4), 5, part="rest", jump_page=number - 1),
            ], None
        if number == 1 or jumps_on:
            j = self.story("jump")
            return [
                M(self.story("commentary"), (0, 0, 0.3, 0.5), 1, boxed=True),
                M(self.story("lead", lead=True), (0.3, 0, 0.7, 0.5), 4),
                M(None, (0, 0.5, 0.25, 0.5), 1, briefs=True),
                M(j, (0.25, 0.5, 0.75, 0.5), 4, part="first", jump_page=number + 1),
            ], j
        if number % 2 == 0:
            return [
                M(self.story("plain"), (0, 0, 0.75, 0.5), 4),
                M(self.story("plain"), (0, 0.5, 0.75, 0.5), 3),
                M(None, (0.75, 0, 0.25, 1), 1, briefs=True),
            ], None
        return [
            M(self.story("lead", lead=True), (0, 0, 1, 0.5), 5),
            M(self.story("photo"), (0, 0.5, 0.6, 0.5), 3, photo=True),
            M(self.story("commentary"), (0.6, 0.5, 0.4, 0.5), 2, boxed=True),
        ], None

    # -- typesetting --------------------------------------------------------------------
    def build(self, outdir: Path, date: datetime.date) -> dict:
        from reportlab.lib.utils import ImageReader
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas as rl_canvas

        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        outdir.mkdir(parents=True, exist_ok=True)
        self.photo = ImageReader(_photo())
        pages, jump = [], None
        for number in range(1, self.n_pages + 1):
            name = "要闻" if number <= 2 else PAGE_NAMES[number % len(PAGE_NAMES)]
            path = outdir / f"{number:02d}.pdf"
            c = rl_canvas.Canvas(str(path), pagesize=self.style.page, invariant=1)
            c.setTitle(f"{date} {number:02d}")
            w = Writer(c, self.style)
            content_top = self.header(w, number, name, date)
            mods, jump = self.plan(number, jump)
            self.typeset(w, number, mods, content_top)
            c.showPage()
            c.save()
            pages.append({"number": number, "name": name, "file": path.name})
        truth = {
            "variant": self.variant,
            "date": date.isoformat(),
            "pages": pages,
            "stories": [s.truth() for s in self.stories if s.placements],
        }
        (outdir / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1))
        return truth

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
            jl = f"（上接第{_numeral(mod.jump_page)}版）"
            w.text(x, y, size, jl, bold=True)
            y += leading + 2
            y = self.headline(w, s, x, y, width, title_size, rest=True)
            flow = s._flow
        else:
            y = self.headline(w, s, x, y, width, title_size)
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
            lines = int((bottom - y) / leading)
            capacity = int(lines * mod.columns * (width / mod.columns - 10) / size * 0.97)
            if mod.part == "first":
                paragraphs = s.paragraphs  # whatever does not fit goes on later
            else:
                paragraphs = _fit(s.paragraphs, capacity - (len(s.byline) + 10))
            if s.byline_inline and paragraphs:
                first = f"{s.dateline}（{s.byline}）" + paragraphs[0][1]
                paragraphs = [("p", first)] + list(paragraphs[1:])
            elif s.dateline and paragraphs:
                paragraphs = [("p", s.dateline + " " + paragraphs[0][1])] + list(paragraphs[1:])
            flow = Flow(paragraphs)
        cols = _columns(x, y, width, bottom - y, mod.columns)
        if mod.part == "first":
            col, line_y = flow.pour(w, cols, size, leading, reserve=1)
            jl = f"（下转第{_numeral(mod.jump_page)}版）"
            cx, _, cw, _ = cols[min(col, len(cols) - 1)]
            w.text(cx + cw - w.w(jl, size), line_y, size, jl)
            s._flow = flow
            return
        if mod.part == "rest":
            # Only whole sentences of what remains: the truth ends where the print ends.
            lines = int((bottom - y) / leading)
            capacity = int(lines * mod.columns * (width / mod.columns - 10) / size * 0.9)
            flow.items = [list(p) for p in _fit([tuple(i) for i in flow.items], capacity)]
        flow.pour(w, cols, size, leading)
        s.paragraphs = _strip_lead(s, flow.placed)

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
            s.paragraphs = _strip_lead(s, flow.placed)
            region = [x / st.page[0], top / st.page[1], width / st.page[0], (y - top) / st.page[1]]
            s.placements.append(
                {"page": number, "order": order, "region": [round(v, 4) for v in region]}
            )
            order += 1
            y += 14


def _strip_lead(s: Story, placed: list) -> list:
    """The truth body: what was printed, less the dateline and byline at its start."""
    out = [(k, t) for k, t in placed]
    if out and s.dateline:
        first = out[0][1]
        for lead in (f"{s.dateline}（{s.byline}）", s.dateline + " ", s.dateline):
            if first.startswith(lead):
                out[0] = ("p", first[len(lead) :])
                break
    return out


def _numeral(n: int) -> str:
    from editions.calendar import chinese_numeral

    return chinese_numeral(n)


def _photo():
    from PIL import Image

    image = Image.new("RGB", (96, 64))
    image.putdata([(x * 2, y * 3, 120) for y in range(64) for x in range(96)])
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70)
    buffer.seek(0)
    return buffer


def generate(
    outdir: str | Path,
    *,
    variant: str = "tune",
    pages: int = 4,
    seed: int = 1,
    date: datetime.date = datetime.date(2024, 4, 1),
) -> dict:
    """Typeset an edition of ``pages`` page PDFs into ``outdir`` and return its truth."""
    if variant not in STYLES:
        raise ValueError(f"unknown variant {variant!r}")
    return Edition(variant, pages, seed).build(Path(outdir), date)
