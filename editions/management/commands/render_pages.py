"""python manage.py render_pages [DATE]: remake the e-paper images of pages.

For every page with a PDF or an image (of one edition when DATE is given): the page image
is rendered from the PDF when it has none, and the reading-size image and thumbnail are
made again, for example after their sizes changed.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from editions.models import Page
from editions.services import RENDERING_ERRORS, page_images_update


class Command(BaseCommand):
    help = "Remake the page images, reading-size images and thumbnails of pages."

    def add_arguments(self, parser):
        parser.add_argument("date", nargs="?", help="Only this edition's pages (2024-04-01).")
        parser.add_argument("--publication", help="The publication's slug (default: all).")

    def handle(self, *args, date, publication, **options):
        pages = Page.objects.select_related("edition__publication").order_by(
            "edition__date", "number"
        )
        if date:
            try:
                pages = pages.filter(edition__date=datetime.date.fromisoformat(date))
            except ValueError:
                raise CommandError(f"Not a date as in 2024-04-01: {date!r}") from None
        if publication:
            pages = pages.filter(edition__publication__slug=publication)
        done = failed = 0
        for page in pages.exclude(pdf="", image=""):
            try:
                page_images_update(page=page, force=True)
                done += 1
            except RENDERING_ERRORS as exc:
                failed += 1
                self.stderr.write(f"{page.edition.date} {page.label}: {exc}")
        self.stdout.write(f"Remade the images of {done} pages; {failed} failed.")
        if failed:
            raise CommandError(f"{failed} pages could not be rendered.")
