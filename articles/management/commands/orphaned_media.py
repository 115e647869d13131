"""python manage.py orphaned_media [--delete]"""

from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat

from articles.bundles.orphans import find_orphans, remove_orphans


class Command(BaseCommand):
    help = (
        "List media files that no row refers to (left by a killed import or a deleted row); "
        "with --delete, remove them. Without --delete nothing is changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--delete", action="store_true", help="Remove the files listed (default: list only)."
        )

    def handle(self, *args, delete, **options):
        orphans = find_orphans()
        for orphan in orphans:
            note = " (abandoned import)" if orphan.abandoned_import else ""
            self.stdout.write(f"{orphan.name}{note}  {filesizeformat(orphan.size)}")
        total = filesizeformat(sum(o.size for o in orphans))
        if not orphans:
            self.stdout.write("No orphaned media files.")
        elif delete:
            remove_orphans(orphans)
            self.stdout.write(self.style.SUCCESS(f"Removed {len(orphans)} item(s), {total}."))
        else:
            self.stdout.write(f"{len(orphans)} item(s), {total}; run with --delete to remove them.")
