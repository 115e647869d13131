"""Placing an article in print from its form: unambiguous page choices.

A page is offered as ``2024-04-02 第01版:要闻`` and only the pages of the article's own
edition are offered. Regions (x, y, width, height) are drawn in the hotspot editor, never
typed in the article form.
"""

from django import forms
from django.forms.models import BaseInlineFormSet

from editions.models import Page

from ..models import Placement


def page_choice_label(page: Page) -> str:
    """``2024-04-02 第01版:要闻``: a page named with its edition's date."""
    return f"{page.edition.date:%Y-%m-%d} {page}"


class PageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return page_choice_label(obj)


class PlacementForm(forms.ModelForm):
    class Meta:
        model = Placement
        fields = ["page", "position"]
        field_classes = {"page": PageChoiceField}


class PlacementFormSet(BaseInlineFormSet):
    """Each form offers only the pages of the article's edition (none for web-only)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "page" in form.fields:
            edition_id = getattr(self.instance, "edition_id", None)
            form.fields["page"].queryset = (
                Page.objects.filter(edition_id=edition_id).select_related("edition")
                if edition_id
                else Page.objects.none()
            )
