"""Test pages with known truth, for the ingest's tests and its accuracy benchmark.

``generate`` typesets an edition of page PDFs from a layout plan with ReportLab and writes
beside them ``truth.json``: per page its name, per story its kicker, title, subtitle,
byline, authors, dateline, highlights, body paragraphs, caption and its region on each
page it runs on. Nothing here touches the database.
"""

from .generate import LAYOUTS, VARIANTS, generate

__all__ = ["LAYOUTS", "VARIANTS", "generate"]
