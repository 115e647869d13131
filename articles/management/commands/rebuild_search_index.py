"""python manage.py rebuild_search_index: re-tokenise every article, with a progress bar."""

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles.search import rebuild_index


class Command(BaseCommand):
    help = (
        "Rebuild the full-text search index of every article (after a change to the "
        "tokeniser, a bulk update that sent no signals, or a restore)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--chunk-size", type=int, default=200, help="Articles indexed per batch."
        )

    def handle(self, *args, chunk_size, **options):
        show_bar = options["verbosity"] >= 1

        def progress(total: int):
            return tqdm(
                total=total, desc="search index", unit="篇", disable=not show_bar, file=sys.stderr
            )

        written = rebuild_index(progress=progress, chunk_size=max(1, chunk_size))
        self.stdout.write(self.style.SUCCESS(f"Indexed {written} articles."))
