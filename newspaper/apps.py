from django.apps import AppConfig


class NewspaperConfig(AppConfig):
    name = "newspaper"
    verbose_name = "Newspaper"

    def ready(self):
        # Every change a reader could see moves the cache's version: see newspaper/signals.py.
        from . import signals  # noqa: F401
