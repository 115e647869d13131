from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import Edition, Page, Publication


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "cn_serial", "hotline"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    search_fields = ["name", "slug", "name_latin"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "name_latin"]}),
        (
            _("Masthead lines"),
            {"fields": ["cn_serial", "email", "hotline", "website", "sponsor", "publisher"]},
        ),
    ]


class PageInline(admin.TabularInline):
    model = Page
    extra = 0
    fields = ["number", "name", "editor", "image", "pdf"]
    show_change_link = True


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["date", "number", "publication", "status", "publish_at", "page_count"]
    list_filter = ["publication", "status", ("date", admin.DateFieldListFilter)]
    list_select_related = ["publication"]
    search_fields = ["number", "date"]
    date_hierarchy = "date"
    inlines = [PageInline]
    # Editions go live only through sign-off (签发), a service with its own permission.
    readonly_fields = ["status"]
    fieldsets = [
        (None, {"fields": ["publication", "date", "number"]}),
        (_("Publishing"), {"fields": ["status", "publish_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(page_total=Count("pages"))

    @admin.display(description=_("page count"), ordering="page_total")
    def page_count(self, obj):
        return obj.page_total


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "edition", "editor"]
    list_filter = ["edition__publication", ("edition__date", admin.DateFieldListFilter)]
    list_select_related = ["edition__publication"]
    search_fields = ["name", "edition__date", "=number"]
    autocomplete_fields = ["edition"]
    fields = ["edition", "number", "name", "editor", "image", "pdf"]
