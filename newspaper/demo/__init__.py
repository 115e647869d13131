"""The demo edition and its tooling.

``lyrb-2024-04-01/`` is an edition bundle (辽源日报, 2024-04-01): what ``manage.py
load_demo`` imports into an empty database and the tests load. ``facsimile`` typesets a
bundle's pages as printed pages (``manage.py make_facsimiles``), which is how the bundle's
page PDFs, images and hotspot regions were made.
"""

from pathlib import Path

DEMO_BUNDLE = Path(__file__).resolve().parent / "lyrb-2024-04-01"
