"""The archive of past editions (往期回顾): calendars by year and month, and a jump to a date."""

import calendar
import datetime
import itertools

from django import forms
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from . import changes
from .calendar import WEEKDAYS
from .links import cached_reverse
from .models import Edition

# The years the calendars show; a date outside them is an error, not a 500.
FIRST_YEAR, LAST_YEAR = 1900, 9998


def month_weeks(year: int, month: int, editions: dict[datetime.date, Edition]) -> list:
    """The weeks of a month, Monday first, each day paired with its edition or None."""
    return [
        [(day, editions.get(day)) if day.month == month else (None, None) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]


class JumpForm(forms.Form):
    """跳转到日期: any date; the archive opens its edition, or its month when it has none."""

    date = forms.DateField(
        label=_("Go to date"),
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_date(self) -> datetime.date:
        date = self.cleaned_data["date"]
        if not FIRST_YEAR <= date.year <= LAST_YEAR:
            raise forms.ValidationError(
                _("Choose a date between %(first)s and %(last)s."),
                params={"first": FIRST_YEAR, "last": LAST_YEAR},
            )
        return date


class PublicEditionsMixin:
    """The editions an archive view shows: the site's, as readers may see them."""

    def editions(self):
        return Edition.objects.on_site().public()


def archive_years(months: list[datetime.date]) -> list[tuple[int, str, list[tuple[str, str]]]]:
    """(year, its link, [(月, link) of its months]) newest first, for the list of every month
    with editions: grouped and linked here, once per worker for each link (the template
    looped over every month for every year, and reversed ~1,000 links for a long archive)."""
    return [
        (
            year,
            cached_reverse("editions:year", year=year),
            [
                (f"{m.month}月", cached_reverse("editions:month", year=year, month=m.month))
                for m in of_year
            ],
        )
        for year, of_year in itertools.groupby(months, key=lambda m: m.year)
    ]


class MonthCalendarMixin(PublicEditionsMixin):
    """A month as weeks of days, each day linked to its edition when there is one."""

    def edition_months(self) -> list[datetime.date]:
        """The months that have public editions, newest first: a DISTINCT over every
        edition (15 ms at 27,000 editions), so kept in the cache under the site's version,
        which moves when an edition goes live or out of sight."""
        return changes.remembered(
            "edition-months", lambda: list(self.editions().dates("date", "month", order="DESC"))
        )

    def month_context(self, year: int, month: int) -> dict:
        first = datetime.date(year, month, 1)
        last = first.replace(day=calendar.monthrange(year, month)[1])
        editions = {
            e.date: e for e in self.editions().filter(date__range=(first, last)).order_by("date")
        }
        months = self.edition_months()
        previous_months = [m for m in months if m < first]
        next_months = [m for m in months if m > first]
        return {
            "month": first,
            "weeks": month_weeks(year, month, editions),
            "month_editions": list(editions.values()),
            "years": archive_years(months),
            "previous_month": previous_months[0] if previous_months else None,
            "next_month": next_months[-1] if next_months else None,
            "weekday_names": WEEKDAYS,
        }


class ArchiveView(MonthCalendarMixin, TemplateView):
    """往期回顾: the month of the latest edition, and every month that has editions.

    With ``?date=2024-04-01`` it jumps: to that day's edition when there is one, else to
    the calendar of that month, saying so and linking the nearest editions.
    """

    template_name = "editions/archive.html"

    def get(self, request, *args, **kwargs):
        if "date" not in request.GET:
            return super().get(request, *args, **kwargs)
        form = JumpForm(request.GET)
        if not form.is_valid():
            context = self.get_context_data(jump_form=form, **kwargs)
            return self.render_to_response(context, status=400)
        date = form.cleaned_data["date"]
        edition = self.editions().filter(date=date).first()
        if edition is not None:
            return HttpResponseRedirect(edition.get_absolute_url())
        context = super().get_context_data(jump_form=form, **kwargs)
        context.update(self.month_context(date.year, date.month))
        context.update(
            missing_date=date,
            earlier_edition=self.editions().filter(date__lt=date).order_by("-date").first(),
            later_edition=self.editions().filter(date__gt=date).order_by("date").first(),
        )
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("jump_form", JumpForm())
        context = super().get_context_data(**kwargs)
        latest = self.editions().order_by("-date").values_list("date", flat=True).first()
        if latest is None:
            context.update(years=[], weeks=[], month=None)
            return context
        context.update(self.month_context(latest.year, latest.month))
        return context


class MonthView(MonthCalendarMixin, TemplateView):
    """One month of the archive as a calendar."""

    template_name = "editions/archive.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(jump_form=JumpForm(), **kwargs)
        year, month = kwargs["year"], kwargs["month"]
        if year < FIRST_YEAR or year > LAST_YEAR:
            raise Http404("No editions in that year.")
        context.update(self.month_context(year, month))
        return context


class YearView(PublicEditionsMixin, TemplateView):
    """A year of the archive: twelve month calendars, each day linked to its edition."""

    template_name = "editions/archive_year.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(jump_form=JumpForm(), **kwargs)
        year = kwargs["year"]
        if year < FIRST_YEAR or year > LAST_YEAR:
            raise Http404("No editions in that year.")
        editions = {
            e.date: e
            for e in self.editions()
            .filter(date__range=(datetime.date(year, 1, 1), datetime.date(year, 12, 31)))
            .order_by("date")
        }
        years = list(self.editions().dates("date", "year", order="DESC"))
        context.update(
            year=year,
            calendars=[
                (datetime.date(year, month, 1), month_weeks(year, month, editions))
                for month in range(1, 13)
            ],
            edition_count=len(editions),
            years=[y.year for y in years],
            previous_year=next((y.year for y in years if y.year < year), None),
            next_year=next((y.year for y in reversed(years) if y.year > year), None),
            weekday_names=WEEKDAYS,
        )
        return context
