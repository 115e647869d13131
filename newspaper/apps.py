from django.apps import AppConfig


class NewspaperConfig(AppConfig):
    name = "newspaper"
    verbose_name = "Newspaper"

    def ready(self):
        from . import signals  # noqa: F401  (connects the article image renditions)
