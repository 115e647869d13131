"""python manage.py load_demo: the demo edition (辽源日报, 2024-04-01) into an empty database."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from editions.models import Edition
from newspaper.demo import DEMO_BUNDLE


class Command(BaseCommand):
    help = "Load the demo edition bundle when the database has no edition yet."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Load (or reload) it even if editions exist."
        )

    def handle(self, *args, force, **options):
        if Edition.objects.exists() and not force:
            self.stdout.write("The database already has editions; the demo was not loaded.")
            return
        call_command("import_edition", str(DEMO_BUNDLE), replace=True, stdout=self.stdout)
