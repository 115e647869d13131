from django.apps import AppConfig


class NewspaperConfig(AppConfig):
    name = "newspaper"
    verbose_name = "Newspaper"
