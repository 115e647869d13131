"""Typst markup for a test page: its header, a grid of story modules, briefs and markers.

All copy is written as Typst string literals (``#"…"``), so no character of it is read as
markup. Every sentence, subheading and jump line is followed by a marker
(``#metadata("…")<m>``); so is the top-left corner of each module and of each brief
(``…:start``) and its bottom-right corner (``…:end``, placed in the corner). A context
block at the top of the document exports the position Typst gave each marker as the
metadata ``<positions>``, which ``typst_edition`` queries: the truth is measured, not
assumed.
"""

import json

SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"
BODY = 9  # pt
LEAD_TITLE, TITLE, KICKER, SUBTITLE, BRIEF_TITLE = 30, 21, 13.5, 14, 13


def lit(text: str) -> str:
    """A Typst string literal."""
    return json.dumps(text, ensure_ascii=False)


def mark(key: str) -> str:
    return f"#metadata({lit(key)})<m>"


def centred(text: str, size: float, *, bold=False, sans=True) -> str:
    font = SANS if sans else SERIF
    weight = ', weight: "bold"' if bold else ""
    return f"#align(center, text(font: {lit(font)}, size: {size}pt{weight})[#{lit(text)}])\n"


PREAMBLE = """#set page(width: {width}pt, height: {height}pt,
  margin: (x: 40pt, top: 40pt, bottom: {bottom}pt){footer})
#set text(font: "{serif}", size: {body}pt, lang: "zh", region: "cn")
#set par(justify: true, leading: 0.62em, spacing: 0.62em, first-line-indent: 0pt)
#context [#metadata(query(<m>).map(x => (x.value, x.location().position()))) <positions>]
"""

FOOTER = ', footer: [#line(length: 100%, stroke: 0.6pt)#v(-6pt)#text(size: 9pt)[#"{text}"]]'


def preamble(width: float, height: float, footer: str = "") -> str:
    return PREAMBLE.format(
        width=width,
        height=height,
        bottom=70 if footer else 40,
        footer=FOOTER.format(text=footer) if footer else "",
        serif=SERIF,
        body=BODY,
    )


def header(number: int, name: str, date_line: str, pages: int) -> str:
    label = f"第{number:02d}版：{name}"
    if number == 1:
        left = (
            f'#text(font: "{SANS}", weight: "bold", size: 60pt)[#"辽源日报"]#linebreak()'
            f'#text(size: 11pt, tracking: 2pt)[#"LIAO YUAN RI BAO"]'
        )
        right = "#linebreak()".join(
            f"#{lit(t)}" for t in (date_line, label, f"总第8986期 今日{pages}版")
        )
        right = f"#align(right, text(size: 11pt)[{right}])"
    else:
        left = f'#text(font: "{SANS}", weight: "bold", size: 14pt)[#{lit(label)}]'
        right = f"#align(right, text(size: 11pt)[#{lit('辽源日报 ' + date_line)}])"
    return (
        f"#grid(columns: (1fr, auto), align: bottom, [{left}], [{right}])\n"
        "#v(-4pt)#line(length: 100%, stroke: 2pt)#v(6pt)\n"
    )


def paragraphs(groups: list, key: str, continued: bool, prefix: str = "") -> str:
    """Body copy: ``groups`` of (kind, [(index, text)]) become indented paragraphs and
    centred subheadings, each unit followed by its marker ``key:index``; ``prefix`` (a
    dateline) opens the first paragraph."""
    out = []
    for n, (kind, units) in enumerate(groups):
        marks = "".join(f"#{lit(text)}{mark(f'{key}:{i}')}" for i, text in units)
        if n == 0 and prefix:
            marks = f"#{lit(prefix)}" + marks
        if kind == "h":
            out.append(
                f'#align(center, text(font: "{SANS}", weight: "bold", size: {BODY + 1}pt)[{marks}])'
            )
        elif n == 0 and continued:
            out.append(f"#par(first-line-indent: 0pt)[{marks}]")
        else:
            out.append(f"#par(first-line-indent: (amount: 2em, all: true))[{marks}]")
    return "\n\n".join(out)


def story(mod, groups: list, key: str, pages_word: tuple) -> str:
    """A story module's content: its headlines, front matter, photo and columns of copy."""
    s = mod.story
    lead = s.layout == "lead"
    out = []
    if mod.part == "rest":
        out.append(f'#text(font: "{SANS}", weight: "bold")[#{lit(pages_word[1])}]\n')
        out.append(centred(s.title, TITLE, bold=True))
    else:
        if s.kicker:
            out.append(centred(s.kicker, KICKER))
        out.append(centred(s.title, LEAD_TITLE if lead else TITLE, bold=True))
        if s.subtitle:
            out.append(centred(s.subtitle, SUBTITLE))
        if s.byline and not s.byline_inline:
            out.append("#v(2pt)" + centred(s.byline, 10.5, sans=False))
        for h in s.highlights:
            out.append(f'#text(font: "{SANS}", size: 10.5pt)[#{lit("◆" + h)}]\n\n')
    out.append("#v(6pt)\n")
    if mod.photo:
        out.append('#image("photo.jpg", width: 100%, height: 34%, fit: "stretch")\n\n')
        out.append(f"#text(size: 8.5pt)[#{lit(s.caption)}]\n\n#v(6pt)\n")
    prefix = ""
    if mod.part != "rest" and s.dateline:
        prefix = f"{s.dateline}（{s.byline}）" if s.byline_inline else s.dateline + " "
    body = paragraphs(groups, key, mod.part == "rest" and mod.continued, prefix)
    if mod.part == "first":
        body += f"\n\n#align(right)[#{lit(pages_word[0])}{mark(key + ':jump')}]"
    out.append(f"#columns({mod.columns}, gutter: 12pt)[\n{body}\n]\n")
    content = "".join(out)
    if mod.boxed:
        content = f"#block(stroke: 0.8pt, inset: 8pt, width: 100%, height: 100%)[\n{content}]"
    else:
        content = f"#block(width: 100%, height: 100%)[\n{content}]"
    return content


def brief(s, key: str) -> str:
    """One item of a briefs column: its title, its dateline and its paragraph."""
    text = "".join(t for _, t in s.paragraphs)
    return (
        f"#block(width: 100%, below: 12pt, breakable: false)[{mark(key + ':start')}"
        f"{centred(s.title, BRIEF_TITLE, bold=True)}#v(2pt)"
        f"#par(first-line-indent: (amount: 2em, all: true))"
        f"[#{lit(s.dateline + ' ' + text)}{mark(key + ':text')}]"
        f"#place(bottom + left, [{mark(key + ':end')}])]\n"
    )


def cell(mod, index: int, content: str) -> str:
    x, y, w, h = mod.cell
    return (
        f"grid.cell(x: {x}, y: {y}, colspan: {w}, rowspan: {h})[{mark(f'{index}:start')}"
        f"{content}#place(bottom + right, [{mark(f'{index}:end')}])],\n"
    )


def grid(rows: tuple, room: float, ruled: bool, cells: list[str]) -> str:
    """The page's modules: twelve columns, ``rows`` shares of the ``room`` left under the
    header (measured from the marker ``top``: Typst's fractional rows grow with cells
    that fill their height)."""
    stroke = "(x, y) => (left: if x > 0 { 0.6pt }, top: if y > 0 { 0.6pt })" if ruled else "none"
    heights = ", ".join(f"{room * r / sum(rows):.2f}pt" for r in rows)
    return (
        f"{mark('top')}#grid(columns: (1fr,) * 12, rows: ({heights},), inset: 8pt,"
        f" stroke: {stroke},\n" + "".join(cells) + ")\n"
    )
