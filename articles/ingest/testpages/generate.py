"""Typeset test editions with ReportLab and write their ground truth.

The copy is real: sentences and subheadings of the demo edition's stories, shuffled by a
seed, so punctuation, digits and Latin words come out as a paper prints them (``pools``,
``stories``). A layout plan places story modules on each page (a lead across four or five
columns with 引题/主题/副题, a boxed commentary, a column of 简讯, a photo story with its
caption, a story that jumps to a later page, plain stories) (``plans``), draws rules between
them on some pages and only gutters on others, and typesets the copy column by column
(``typeset``, ``drawing``). The truth is what was printed: a body cut to fit its module
keeps only the sentences that fitted.

Two variants: ``tune`` (A3 pages, the layouts the reader was tuned on) and ``heldout``
(the demo's page size, other arrangements, body size and rules, never tuned on).

ReportLab embeds no CJK font of ours: it writes the built-in CID font STSong-Light, which
every PDF reader maps to Unicode through the standard UniGB-UCS2-H CMap. Headlines are
set larger and "bold" by stroking the glyphs (text render mode 2).
"""

import datetime
import json
import random
from pathlib import Path

from .drawing import FONT, Writer, photo
from .plans import STYLES, PlansMixin
from .pools import PAGE_NAMES, corpus
from .stories import StoriesMixin, Story
from .typeset import TypesetMixin

LAYOUTS = ("lead", "commentary", "briefs", "photo", "jump", "plain")
VARIANTS = ("tune", "heldout")


class Edition(StoriesMixin, PlansMixin, TypesetMixin):
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

    def build(self, outdir: Path, date: datetime.date) -> dict:
        from reportlab.lib.utils import ImageReader
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas as rl_canvas

        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        outdir.mkdir(parents=True, exist_ok=True)
        self.photo = ImageReader(photo())
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
