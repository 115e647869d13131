"""Test pages with known truth, for the ingest's tests and its accuracy benchmark.

``generate`` typesets an edition of page PDFs from a layout plan with ReportLab and writes
beside them ``truth.json``: per page its name, per story its kicker, title, subtitle,
byline, authors, dateline, highlights, body paragraphs, caption and its region on each
page it runs on. ``typst_edition.generate_typst`` does the same with Typst (a third
engine, held out: its own layouts, line breaking and fonts; needs the ``typst`` package of
the ``test`` extra). Nothing here touches the database.
"""

from .generate import LAYOUTS, VARIANTS, generate

__all__ = ["LAYOUTS", "VARIANTS", "generate"]
