from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditionsConfig(AppConfig):
    name = "editions"
    verbose_name = _("Editions and pages")

    def ready(self):
        # Control characters are stripped from every project model's text on save.
        from . import cleaning  # noqa: F401
