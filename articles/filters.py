"""The filters readers use on article lists and search results, with django-filter.

Parameters are short and readable, so filtered lists have clean, shareable URLs:
``?start=2024-03-01&end=2024-04-01&section=yaowen&author=xunan&genre=消息&ban=1`` (``ban``
is 版, the page number in print). Invalid values are form errors, never a 500.
"""

import datetime

import django_filters
from django import forms
from django.db.models import QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import Author, Genre, Section

# The order parameters take in a clean URL; anything else is dropped from it.
FILTER_PARAMETERS = ["start", "end", "section", "author", "genre", "ban"]


def published_on():
    """An article's date: its edition's (the date printed on the paper), or for a web-only
    article the local date of its publish time."""
    return Coalesce("edition__date", TruncDate("publish_at"))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


SELECTED = mark_safe(" selected")


class PlainSelect(forms.Select):
    """A ``<select>`` written in Python: Django renders each option of a Select through a
    template of its own, and a paper's list of authors (hundreds over the years) cost a
    search page some 500 template includes, a third of its time. The same markup, escaped
    the same way."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], SELECTED if option["selected"] else "", option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )


class PageNumberFilter(django_filters.NumberFilter):
    """A whole page number: NumberFilter's DecimalField would take 1.5."""

    field_class = forms.IntegerField


class ArticleFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data


class ArticleFilter(django_filters.FilterSet):
    """Date range, section, author, genre and page (版)."""

    start = django_filters.DateFilter(
        label=_("From"), method="filter_start", widget=DateInput(), input_formats=["%Y-%m-%d"]
    )
    end = django_filters.DateFilter(
        label=_("To"), method="filter_end", widget=DateInput(), input_formats=["%Y-%m-%d"]
    )
    section = django_filters.ModelChoiceFilter(
        label=_("Section"),
        queryset=Section.objects.all(),
        to_field_name="slug",
        empty_label=_("All sections"),
        widget=PlainSelect,
    )
    author = django_filters.ModelChoiceFilter(
        label=_("Author"),
        field_name="authors",
        queryset=Author.objects.all(),
        to_field_name="slug",
        empty_label=_("All authors"),
        widget=PlainSelect,
    )
    genre = django_filters.ChoiceFilter(
        label=_("Genre"), choices=Genre.choices, empty_label=_("All genres"), widget=PlainSelect
    )
    ban = PageNumberFilter(
        label=_("Page"),
        field_name="placements__page__number",
        min_value=1,
        max_value=99,
        widget=forms.NumberInput(attrs={"min": 1, "max": 99}),
    )

    class Meta:
        form = ArticleFilterForm

    def filter_start(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return queryset.filter(GreaterThanOrEqual(published_on(), value))

    def filter_end(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return queryset.filter(LessThanOrEqual(published_on(), value))

    @property
    def active(self) -> bool:
        """Whether any filter has a value."""
        return any(self.data.get(name) for name in FILTER_PARAMETERS)
