"""python manage.py export_edition [--publication SLUG] DATE PATH"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.bundles import BundleError
from articles.bundles.export import edition_export
from editions.models import Edition


class Command(BaseCommand):
    help = "Export an edition as a bundle: a folder, or a .zip when PATH ends in .zip."

    def add_arguments(self, parser):
        parser.add_argument("date", help="The edition's date, as 2024-04-01.")
        parser.add_argument("path", help="Where to write the bundle (a new folder or a .zip).")
        parser.add_argument(
            "--publication",
            default=settings.NEWSPAPER_PUBLICATION,
            help="The publication's slug (default: %(default)s).",
        )

    def handle(self, *args, date, path, publication, **options):
        try:
            day = datetime.date.fromisoformat(date)
        except ValueError:
            raise CommandError(f"Not a date as in 2024-04-01: {date!r}") from None
        edition = (
            Edition.objects.select_related("publication")
            .filter(publication__slug=publication, date=day)
            .first()
        )
        if edition is None:
            raise CommandError(f"{publication} has no edition on {day}.")
        try:
            written = edition_export(edition=edition, path=path)
        except BundleError as exc:
            raise CommandError("\n".join(exc.errors)) from None
        self.stdout.write(self.style.SUCCESS(f"Exported {edition} to {written}"))
