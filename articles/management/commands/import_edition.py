"""python manage.py import_edition PATH [--replace]"""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from tqdm import tqdm

from articles.bundles import BundleError
from articles.services import edition_import


class Command(BaseCommand):
    help = "Import an edition bundle (a folder or .zip holding edition.json) in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The bundle: a folder or a .zip file.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace the publication's edition of the same date, if there is one.",
        )

    def handle(self, *args, path, replace, **options):
        show_bar = options["verbosity"] >= 1 and sys.stderr.isatty()

        def progress(items):
            return tqdm(items, desc="articles", unit="篇", disable=not show_bar, file=sys.stderr)

        try:
            # Commands run untranslated; the bundle's messages are for the newsroom.
            with translation.override(settings.LANGUAGE_CODE):
                edition = edition_import(path=path, replace=replace, progress=progress)
        except BundleError as exc:
            message = "\n".join(f"  - {error}" for error in exc.errors)
            raise CommandError(f"The bundle was refused; nothing was written:\n{message}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {edition}: {edition.pages.count()} pages, "
                f"{edition.articles.count()} articles."
            )
        )
