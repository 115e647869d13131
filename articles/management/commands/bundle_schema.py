"""python manage.py bundle_schema"""

import json

from django.core.management.base import BaseCommand

from articles.bundles.schema import json_schema


class Command(BaseCommand):
    help = "Print the JSON Schema of edition.json (bundle format newspaper-edition/1)."

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(json_schema(), ensure_ascii=False, indent=2))
