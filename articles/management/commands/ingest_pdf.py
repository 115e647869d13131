"""python manage.py ingest_pdf --date YYYY-MM-DD --number N [--replace] PAGE.pdf …"""

import datetime
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.ingest.pdf import IngestRefused
from articles.ingest.services import edition_ingest
from editions.models import Publication


class Command(BaseCommand):
    help = (
        "Read the night's page PDFs (one 版 per PDF page, in order) into a draft edition: "
        "pages, images, stories, regions and jumps. Nothing becomes public."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="Page PDFs in page order.")
        parser.add_argument("--date", required=True, help="The edition's date, YYYY-MM-DD.")
        parser.add_argument("--number", required=True, type=int, help="The issue number.")
        parser.add_argument(
            "--publication",
            default=settings.NEWSPAPER_PUBLICATION,
            help="The publication's slug (default: the site's).",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Read the pages into the date's existing draft edition again.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only say what would be created, kept, overwritten and removed.",
        )

    def handle(self, *args, files, date, number, publication, replace, dry_run, **options):
        try:
            day = datetime.date.fromisoformat(date)
        except ValueError:
            raise CommandError(f"--date: {date!r} is not a date (YYYY-MM-DD).") from None
        paper = Publication.objects.filter(slug=publication).first()
        if paper is None:
            raise CommandError(f"--publication: there is no publication {publication!r}.")
        data = []
        for name in files:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{name}: no such file.")
            data.append((path.name, path.read_bytes()))
        show_bar = options["verbosity"] >= 1 and sys.stderr.isatty()

        steps = {"read": "reading", "render": "page images", "write": "stories"}

        def progress(items, step):
            unit = "篇" if step == "write" else "版"
            return tqdm(
                items,
                desc=steps.get(step, step),
                unit=unit,
                disable=not show_bar,
                file=sys.stderr,
                leave=False,
            )

        try:
            report = edition_ingest(
                files=data,
                date=day,
                number=number,
                publication=paper,
                replace=replace,
                dry_run=dry_run,
                progress=progress,
            )
        except IngestRefused as exc:
            message = "\n".join(f"  - {m}" for m in exc.messages)
            raise CommandError(f"The PDFs were refused; nothing was written:\n{message}") from None
        head = "Dry run, nothing written" if dry_run else f"Ingested {report.edition} as a draft"
        self.stdout.write(self.style.SUCCESS(f"{head}:"))
        for line in report.lines():
            self.stdout.write(f"  {line}")
