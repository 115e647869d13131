"""The admin site's titles. The apps register their own admins."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Newsroom")
admin.site.site_title = _("Newsroom")
admin.site.index_title = _("Editions, pages and articles")
