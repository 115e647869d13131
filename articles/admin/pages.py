"""The page admin with the hotspot editor: the regions of a page image that lead to its
articles are placements of articles, so the editor lives here, not in the editions app
(which does not know articles); it extends the editions app's page admin."""

from django import forms
from django.contrib import admin, messages
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from editions.admin import PageAdmin
from editions.forms import PageForm
from editions.models import Page

from ..hotspots import (
    MIN_SIZE,
    RegionsDocument,
    hotspot_articles,
    hotspots_document,
    page_regions_lock,
    page_regions_save,
    parse_regions,
)


class HotspotEditorWidget(forms.Widget):
    """The page image on which an editor draws, moves, resizes and deletes hotspots.

    The regions travel in one hidden input as JSON (see ``articles.hotspots``); the
    drawing is plain JavaScript (``static/editions/admin/hotspots.js``), told the smallest
    region the server accepts (``MIN_SIZE``) by a data attribute.
    """

    template_name = "admin/editions/page/hotspot_editor.html"

    class Media:
        css = {"all": ["editions/admin/hotspots.css"]}
        js = ["editions/admin/hotspots.js"]

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.page: Page | None = None
        self.articles: list = []

    def editor_config(self) -> dict:
        page = self.page
        return {
            "image": page.map_image.url,
            "width": page.image_width,
            "height": page.image_height,
            "articles": [
                {"id": a.pk, "title": a.headline, "pages": a.page_labels()} for a in self.articles
            ],
            "text": {
                "hotspot": gettext("Hotspot %(number)s"),
                "choose": gettext("— choose an article —"),
                "delete": gettext("Delete"),
                "none": gettext("No hotspots yet: draw one on the page or add one."),
                "created": gettext("Hotspot %(number)s added. Choose its article."),
                "deleted": gettext("Hotspot %(number)s deleted."),
                "unassigned": gettext("no article yet"),
                "region": gettext(
                    "Hotspot %(number)s: %(title)s. Arrow keys move it, Shift with the arrow "
                    "keys resizes it, Delete removes it, Enter chooses its article."
                ),
            },
        }

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.page is not None and self.page.has_map:
            context["editor"] = self.editor_config()
            context["config_id"] = f"{context['widget']['attrs'].get('id', name)}-config"
            context["min_size"] = MIN_SIZE
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # Rendered with the project's template engine, where templates/admin/ lives.
        return render_to_string(self.template_name, self.get_context(name, value, attrs))


class EpaperPageForm(PageForm):
    """The page form with its hotspots: one field holding every region of the page."""

    hotspots = forms.CharField(label=_("Hotspots"), required=False, widget=HotspotEditorWidget)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        self.hotspot_titles: dict[int, str] = {}
        if page.pk and page.has_map:
            articles = hotspot_articles(page)
            self.hotspot_titles = {a.pk: a.headline for a in articles}
            widget = self.fields["hotspots"].widget
            widget.page, widget.articles = page, articles
            self.fields["hotspots"].initial = hotspots_document(page)

    def clean_hotspots(self) -> RegionsDocument | None:
        """The regions sent, read and checked; None when there is nothing to save.

        The page is locked for the rest of the admin's transaction and checked for an edit
        made meanwhile by the same service that saves (``page_regions_lock``), so the
        editor sees that error on the form, with the regions they drew.
        """
        raw = self.cleaned_data.get("hotspots", "")
        page = self.instance
        if not raw or not page.pk or not page.has_map or "hotspots" not in self.changed_data:
            return None
        document = parse_regions(raw, article_ids=self.hotspot_titles)
        changed = page_regions_lock(
            page=page, regions=document.regions, expected_version=document.version
        )
        return document if changed else None


admin.site.unregister(Page)


@admin.register(Page)
class EpaperPageAdmin(PageAdmin):
    """The page admin of the editions app, with the hotspot editor on its change form."""

    form = EpaperPageForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.append(
                (
                    _("Hotspots"),
                    {
                        "fields": ["hotspots"],
                        "classes": ["hotspots-fieldset"],
                        "description": _(
                            "Each story on the page image is a region readers click to read "
                            "it. Draw a region by dragging on the page, or add one with the "
                            "button and move it with the keyboard; then choose its article."
                        ),
                    },
                )
            )
        return fieldsets

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        document = form.cleaned_data.get("hotspots")
        if document is None:
            return
        changes = page_regions_save(
            page=form.instance,
            user=request.user,
            regions=document.regions,
            expected_version=document.version,
        )
        if changes:
            messages.success(
                request,
                gettext(
                    "Hotspots saved: %(created)d placed, %(updated)d changed, %(cleared)d removed."
                )
                % {
                    "created": changes.created,
                    "updated": changes.updated,
                    "cleared": changes.cleared,
                },
            )
