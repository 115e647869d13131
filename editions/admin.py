from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .forms import PageForm, files_changed
from .models import Edition, Page, Publication
from .newsroom_admin import NextEditionAdminMixin, PageNumberAdminMixin  # newsroom hook
from .services import RENDERING_ERRORS, page_images_update


def update_page_images(request, page: Page, form) -> None:
    """After a page form saved a new PDF or image: make the page's images, or say why not."""
    changed = files_changed(form)
    if not any(changed.values()):
        return
    try:
        page_images_update(page=page, **changed)
    except RENDERING_ERRORS:
        messages.error(
            request,
            _("%(page)s: the page image could not be made from the uploaded file.")
            % {"page": page.label},
        )


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
    form = PageForm
    extra = 0
    fields = ["number", "name", "editor", "pdf", "image"]
    show_change_link = True


@admin.register(Edition)
class EditionAdmin(NextEditionAdminMixin, admin.ModelAdmin):  # newsroom hook: the mixin
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

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Page:
            for page_form in formset.forms:
                page = page_form.instance
                if page.pk and page_form not in formset.deleted_forms:
                    update_page_images(request, page, page_form)


@admin.register(Page)
class PageAdmin(PageNumberAdminMixin, admin.ModelAdmin):  # newsroom hook: the mixin
    list_display = ["__str__", "edition", "editor"]
    list_filter = ["edition__publication", ("edition__date", admin.DateFieldListFilter)]
    list_select_related = ["edition__publication"]
    search_fields = ["name", "edition__date", "=number"]
    autocomplete_fields = ["edition"]
    form = PageForm
    fieldsets = [
        (None, {"fields": ["edition", "number", "name", "editor"]}),
        (_("Page files"), {"fields": ["pdf", "image", "page_thumbnail"]}),
    ]
    readonly_fields = ["page_thumbnail"]

    @admin.display(description=_("thumbnail"))
    def page_thumbnail(self, obj):
        if not obj.thumbnail:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="120" style="border:1px solid #ccc">', obj.thumbnail.url
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        update_page_images(request, obj, form)
