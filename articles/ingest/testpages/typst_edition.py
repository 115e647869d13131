"""Typeset test editions with Typst, a third engine, and write their ground truth.

The copy and the story fields come from the same pools as the ReportLab pages
(``StoriesMixin``); the layouts are Typst's own and held out: a page grid of twelve
columns whose cells are story modules (ruled on some pages, gutters only on others), a lead
across four columns, a boxed commentary, a column of 简讯, a photo story with its caption
and a story that jumps from page 1 to page 2. Typst breaks the lines (Chinese rules,
justification, its own CJK–Latin spacing), sets Noto Serif/Sans CJK SC and places
everything; the truth is read back from it: every sentence carries a marker whose position
Typst reports, a module keeps the sentences whose marker lies inside it (the rest goes on
after a jump or is not printed, and the page is set again until everything fits), and the
regions are the corners Typst gave each module and each brief.

Needs the ``typst`` package (typst-py, the ``test`` extra) and the Noto CJK fonts
(fonts-noto-cjk, ``FONT_DIRS``).
"""

import datetime
import json
import os
import random
import re
from dataclasses import dataclass
from pathlib import Path

from . import typst_markup as tm
from .drawing import photo
from .pools import PAGE_NAMES, corpus, numeral
from .stories import StoriesMixin, Story

FONT_DIRS = os.environ.get("TYPST_FONT_DIRS", "/usr/share/fonts/opentype/noto").split(":")
PAGE = (1000, 1420)  # pt, about the 350 × 500 mm of a broadsheet
SENTENCE = re.compile(r"[^。！？]*[。！？][”」’]*|[^。！？]+$")
MAX_PASSES = 8


@dataclass
class TModule:
    story: Story | None
    cell: tuple  # grid cell: x, y, colspan, rowspan (of 12 columns)
    columns: int = 1
    boxed: bool = False
    photo: bool = False
    briefs: bool = False
    part: str = "whole"  # whole | first | rest
    jump_page: int = 0
    continued: bool = False  # a "rest" that goes on inside a paragraph cut by the jump
    start: int = 0  # the first copy unit printed here
    count: int = 0  # how many units are printed here
    items: list | None = None  # the briefs of a briefs column


def units(story: Story) -> list[tuple[int, str, str]]:
    """The story's copy as units to cut at: (paragraph, kind, sentence or subheading)."""
    out = []
    for pi, (kind, text) in enumerate(story.paragraphs):
        pieces = [text] if kind == "h" else SENTENCE.findall(text)
        assert "".join(pieces) == text
        out += [(pi, kind, piece) for piece in pieces if piece]
    return out


def groups(copy: list, start: int, count: int) -> list:
    """Units ``start`` to ``start + count`` grouped into paragraphs for the markup."""
    out, last = [], None
    for i in range(start, start + count):
        pi, kind, text = copy[i]
        if pi != last:
            out.append((kind, []))
            last = pi
        out[-1][1].append((i, text))
    return out


class TypstEdition(StoriesMixin):
    def __init__(self, pages: int, seed: int):
        self.variant = "typst"
        self.rng = random.Random(seed)
        self.sentences, self.headings = corpus()
        self.n_pages = pages
        self.stories: list[Story] = []
        self.count = 0
        self.titles: set[str] = set()
        self.copy: dict[str, list] = {}

    # -- plans -------------------------------------------------------------------------

    def plan(self, number: int, jump: Story | None) -> tuple[tuple, bool, list, Story | None]:
        """(row heights, ruled, modules, the story that jumps to the next page)."""
        M = TModule
        if number == 1:
            j = self.story("jump" if self.n_pages > 1 else "plain")
            first = M(j, (0, 1, 8, 1), 3, part="first" if self.n_pages > 1 else "whole")
            first.jump_page = 2
            mods = [
                M(self.story("lead", lead=True), (0, 0, 12, 1), 4),
                first,
                M(self.story("commentary"), (8, 1, 4, 1), 1, boxed=True),
            ]
            return (46, 54), True, mods, j if self.n_pages > 1 else None
        if jump is not None:
            return (
                (32, 68),
                False,
                [
                    M(jump, (0, 0, 12, 1), 4, part="rest", jump_page=number - 1),
                    M(self.story("photo"), (0, 1, 8, 1), 2, photo=True),
                    M(None, (8, 1, 4, 1), briefs=True),
                ],
                None,
            )
        if number % 2:
            return (
                (50, 50),
                True,
                [
                    M(self.story("plain"), (0, 0, 7, 1), 3),
                    M(self.story("plain"), (7, 0, 5, 1), 2),
                    M(None, (0, 1, 3, 1), briefs=True),
                    M(self.story("photo"), (3, 1, 9, 1), 3, photo=True),
                ],
                None,
            )
        return (
            (55, 45),
            False,
            [
                M(self.story("lead", lead=True), (0, 0, 9, 1), 4),
                M(None, (9, 0, 3, 2), briefs=True),
                M(self.story("commentary"), (0, 1, 9, 1), 2, boxed=True),
            ],
            None,
        )

    # -- typesetting -------------------------------------------------------------------

    def _source(self, number, name, date, rows, ruled, mods) -> str:
        weekday = "一二三四五六日"[date.weekday()]
        date_line = f"{date.year}年{date.month}月{date.day}日 星期{weekday}"
        footer = "责任编辑：王丽 美术编辑：赵强" if number > 2 else ""
        cells = []
        for index, mod in enumerate(mods):
            if mod.briefs:
                content = "".join(
                    tm.brief(s, f"{index}:b{k}") for k, s in enumerate(mod.items or [])
                )
                content = (
                    f"#block(width: 100%, height: 100%)[{tm.centred('简讯', 16, bold=True)}"
                    f"#v(6pt){content}]"
                )
            else:
                copy = self.copy[mod.story.key]
                words = (
                    f"（下转第{numeral(mod.jump_page)}版）",
                    f"（上接第{numeral(mod.jump_page)}版）",
                )
                content = tm.story(mod, groups(copy, mod.start, mod.count), str(index), words)
            cells.append(tm.cell(mod, index, content))
        return (
            tm.preamble(*PAGE, footer)
            + tm.header(number, name, date_line, self.n_pages)
            + tm.grid(rows, self.room, ruled, cells)
        )

    def _compile(self, path: Path, source: str) -> tuple[bytes, dict]:
        import typst

        path.write_text(source, encoding="utf-8")
        compiler = typst.Compiler(input=str(path), root=str(path.parent), font_paths=self.fonts)
        stamp = int(datetime.datetime(2024, 4, 1, tzinfo=datetime.UTC).timestamp())
        pdf = compiler.compile(timestamp=stamp)
        found = json.loads(compiler.query("<positions>", field="value", one=True))
        marks = {}
        for key, pos in found:
            marks[key] = (pos["page"], float(pos["x"][:-2]), float(pos["y"][:-2]))
        return pdf, marks

    def _fit(self, mods: list, marks: dict) -> bool:
        """Cut each module to what Typst placed inside it; True when nothing overflowed."""
        done = True
        for index, mod in enumerate(mods):
            bottom = marks[f"{index}:end"][2] + 0.5

            def inside(key, bottom=bottom):
                page, _x, y = marks.get(key, (0, 0, 1e9))
                return page == 1 and y <= bottom

            if mod.briefs:
                keep = []
                for k, s in enumerate(mod.items):
                    if not (inside(f"{index}:b{k}:end") and inside(f"{index}:b{k}:text")):
                        break
                    keep.append(s)
                if len(keep) < len(mod.items):
                    for s in mod.items[len(keep) :]:
                        self.stories.remove(s)
                    mod.items = mod.items[: len(keep)]
                    done = False
                continue
            fit = 0
            while fit < mod.count and inside(f"{index}:{mod.start + fit}"):
                fit += 1
            ok = fit == mod.count and (mod.part != "first" or inside(f"{index}:jump"))
            if ok:
                continue
            done = False
            count = min(fit, mod.count - 1)
            copy = self.copy[mod.story.key]
            while count > 0 and copy[mod.start + count - 1][1] == "h":
                count -= 1  # a subheading never ends a module
            mod.count = count
        return done

    def typeset_page(self, folder: Path, number, name, date, rows, ruled, mods) -> tuple:
        for mod in mods:
            if mod.briefs:
                mod.items = [self._brief() for _ in range(9)]
            elif mod.part != "rest":
                self.copy[mod.story.key] = units(mod.story)
                mod.count = len(self.copy[mod.story.key])
        path = folder / f"{number:02d}.typ"
        foot = PAGE[1] - (70 if number > 2 else 40)  # the bottom margin, wider with a footer
        self.room = foot - (160 if number == 1 else 70)
        for _ in range(MAX_PASSES):
            pdf, marks = self._compile(path, self._source(number, name, date, rows, ruled, mods))
            room = foot - marks["top"][2] - 1
            if abs(room - self.room) > 0.5:
                self.room = room  # the header's height as set, then the modules
                continue
            if self._fit(mods, marks):
                assert all(marks[f"{i}:end"][2] <= foot for i in range(len(mods)))
                return pdf, marks
        raise RuntimeError(f"page {number} did not settle in {MAX_PASSES} passes")

    def _brief(self) -> Story:
        s = self.story("briefs", brief=True)
        copy = SENTENCE.findall(s.paragraphs[0][1])
        text = ""
        for sentence in copy:
            if text and len(text) + len(sentence) > 110:
                break
            text += sentence
        s.paragraphs = [("p", text)]
        return s

    # -- the edition -------------------------------------------------------------------

    def build(self, outdir: Path, date: datetime.date) -> dict:
        import pypdfium2 as pdfium
        import typst

        outdir.mkdir(parents=True, exist_ok=True)
        folder = outdir / "typst"
        folder.mkdir(exist_ok=True)
        (folder / "photo.jpg").write_bytes(photo().getvalue())
        self.fonts = typst.Fonts(
            include_system_fonts=False, include_embedded_fonts=False, font_paths=FONT_DIRS
        )
        pages, jump, printed = [], None, {}
        for number in range(1, self.n_pages + 1):
            name = "要闻" if number <= 2 else PAGE_NAMES[number % len(PAGE_NAMES)]
            rows, ruled, mods, next_jump = self.plan(number, jump)
            for mod in mods:
                if mod.part == "rest":
                    mod.start = printed[jump.key]
                    mod.count = len(self.copy[jump.key]) - mod.start
                    copy = self.copy[jump.key]
                    mod.continued = copy[mod.start][0] == copy[mod.start - 1][0]
            pdf, marks = self.typeset_page(folder, number, name, date, rows, ruled, mods)
            document = pdfium.PdfDocument(pdf)
            if len(document) != 1:
                raise RuntimeError(f"page {number} ran onto {len(document)} pages")
            width, height = document[0].get_size()
            document.close()
            path = outdir / f"{number:02d}.pdf"
            path.write_bytes(pdf)
            pages.append({"number": number, "name": name, "file": path.name})
            self._record(number, mods, marks, width, height, printed)
            jump = next_jump
        truth = {
            "variant": self.variant,
            "date": date.isoformat(),
            "pages": pages,
            "stories": [self._truth(s, printed) for s in self.stories if s.placements],
        }
        (outdir / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1))
        return truth

    def _record(self, number, mods, marks, width, height, printed):
        """The placements, from the corners Typst reported."""

        def region(start, end):
            (_, x0, y0), (_, x1, y1) = marks[start], marks[end]
            box = [x0 / width, y0 / height, (x1 - x0) / width, (y1 - y0) / height]
            return [round(v, 4) for v in box]

        order = 0
        cell_end = {i: marks[f"{i}:end"] for i in range(len(mods))}
        for index, mod in enumerate(mods):
            if mod.briefs:
                right = cell_end[index][1]
                for k, s in enumerate(mod.items):
                    order += 1
                    (_, x0, y0), (_, _x, y1) = (
                        marks[f"{index}:b{k}:start"],
                        marks[f"{index}:b{k}:end"],
                    )
                    box = [x0 / width, y0 / height, (right - x0) / width, (y1 - y0) / height]
                    s.placements.append(
                        {"page": number, "order": order, "region": [round(v, 4) for v in box]}
                    )
                continue
            order += 1
            mod.story.placements.append(
                {"page": number, "order": order, "region": region(f"{index}:start", f"{index}:end")}
            )
            printed[mod.story.key] = mod.start + mod.count

    def _truth(self, s: Story, printed: dict) -> dict:
        if s.key in self.copy:
            body: list = []
            last = None
            for pi, kind, text in self.copy[s.key][: printed[s.key]]:
                if pi != last:
                    body.append([kind, ""])
                    last = pi
                body[-1][1] += text
            s.paragraphs = [tuple(p) for p in body]
        return s.truth()


def generate_typst(
    outdir: str | Path,
    *,
    pages: int = 4,
    seed: int = 1,
    date: datetime.date = datetime.date(2024, 4, 1),
) -> dict:
    """Typeset an edition of ``pages`` page PDFs with Typst into ``outdir``; its truth."""
    return TypstEdition(pages, seed).build(Path(outdir), date)
