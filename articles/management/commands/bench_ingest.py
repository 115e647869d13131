"""python manage.py bench_ingest: the ingest's accuracy and speed, as printed in the README."""

import datetime
import html
import json
import os
import re
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import override_settings

from articles.ingest import bench
from articles.ingest.reader import read_edition
from articles.ingest.services import edition_ingest
from articles.ingest.testpages import generate
from articles.ingest.testpages.typst_edition import generate_typst
from editions.models import Publication

DEMO = Path(settings.BASE_DIR) / "newspaper" / "demo" / "lyrb-2024-04-01"
# (set name, variant, seeds): the tuned set, and layouts and copy the reader never saw.
SETS = [
    ("tuned (ReportLab, A3, rules)", "tune", [1, 2]),
    ("held-out (ReportLab, other layouts, gutters only)", "heldout", [11, 12, 13]),
    ("held-out (ReportLab, tuned layouts, new copy)", "tune", [21, 22, 23]),
    ("held-out (Typst: its own layouts, line breaking and Noto CJK fonts)", "typst", [31, 32, 33]),
]


def demo_truth() -> dict:
    """The demo bundle as truth for its Chromium-made facsimiles."""
    data = json.loads((DEMO / "edition.json").read_text(encoding="utf-8"))
    stories = []
    for article in data["articles"]:
        body = [
            ("h" if tag in ("h3", "h4") else "p", html.unescape(text))
            for tag, text in re.findall(r"<(p|h3|h4)>(.*?)</\1>", article["body_html"], re.S)
        ]
        stories.append(
            {
                **{k: article[k] for k in ("key", "kicker", "title", "subtitle", "byline")},
                "dateline": article["dateline"],
                "layout": "demo (Chromium)",
                "body": body,
                "placements": [
                    {"page": p["page"], "region": p["region"]} for p in article["placements"]
                ],
            }
        )
    pages = [{"number": p["number"], "name": p["name"]} for p in data["pages"]]
    return {"pages": pages, "stories": stories}


class Command(BaseCommand):
    help = "Score the PDF ingest against generated and demo pages, and time whole ingests."

    def add_arguments(self, parser):
        parser.add_argument("--quick", action="store_true", help="One edition per set.")
        parser.add_argument(
            "--only",
            default="",
            help="Only the sets whose name contains this (e.g. Typst, ReportLab, Chromium); "
            "no timing.",
        )

    def handle(self, *args, quick=False, only="", **options):
        wanted = only.lower()
        with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
            root = Path(tmp)
            for name, variant, seeds in SETS:
                if wanted not in name.lower():
                    continue
                rows, names, total = [], [0, 0], bench.Tally()
                per_layout: dict[str, bench.Tally] = {}
                for seed in seeds[:1] if quick else seeds:
                    folder = root / f"{variant}-{seed}"
                    if variant == "typst":
                        truth = generate_typst(folder, pages=4, seed=seed)
                    else:
                        truth = generate(folder, variant=variant, pages=4, seed=seed)
                    files = [(p["file"], (folder / p["file"]).read_bytes()) for p in truth["pages"]]
                    tallies, right = bench.score(truth, read_edition(files))
                    names[0] += right["right"]
                    names[1] += right["pages"]
                    for layout, tally in tallies.items():
                        per_layout.setdefault(layout, bench.Tally()).add(tally)
                        total.add(tally)
                for layout in sorted(per_layout):
                    rows.append({"layout": layout, **per_layout[layout].row()})
                rows.append({"layout": "**all**", **total.row()})
                self._print(name, rows, names)
            if wanted and wanted not in "the demo's chromium facsimiles":
                return
            truth = demo_truth()
            files = [
                (f"{n:02d}.pdf", (DEMO / "pages" / f"{n:02d}.pdf").read_bytes())
                for n in range(1, 5)
            ]
            tallies, right = bench.score(truth, read_edition(files))
            rows = [{"layout": k, **v.row()} for k, v in tallies.items()]
            self._print(
                "the demo's Chromium facsimiles (tuned on, not held out)",
                rows,
                [right["right"], right["pages"]],
            )
            if not wanted:
                self._timing(root)

    def _print(self, name, rows, names):
        self.stdout.write(f"\n### {name}\n")
        self.stdout.write(bench.table(rows))
        self.stdout.write(f"\nPage names right: {names[0]}/{names[1]}\n")

    def _timing(self, root: Path):
        self.stdout.write("\n### Time for a whole ingest (read, store, render, write)\n")
        for pages in (4, 16):
            folder = root / f"time-{pages}"
            truth = generate(folder, variant="tune", pages=pages, seed=7)
            files = [(p["file"], (folder / p["file"]).read_bytes()) for p in truth["pages"]]
            with override_settings(MEDIA_ROOT=str(root / "media")), transaction.atomic():
                paper = Publication.objects.create(slug="bench-ingest", name="辽源日报")
                started, cpu = time.perf_counter(), time.process_time()
                report = edition_ingest(
                    files=files,
                    date=datetime.date(2099, 1, 1),
                    number=999999,
                    publication=paper,
                )
                elapsed = time.perf_counter() - started
                cpu = time.process_time() - cpu
                transaction.set_rollback(True)
            stories = len(report.created)
            self.stdout.write(
                f"- {pages} pages, {stories} stories: {elapsed:.1f} s "
                f"({cpu:.1f} s of CPU; load average {os.getloadavg()[0]:.1f})\n"
            )
