"""The archive of past editions (往期回顾), as a calendar by year and month."""

import calendar
import datetime

from django.http import Http404
from django.views.generic import TemplateView

from .models import Edition


def site_editions():
    return Edition.objects.public().for_site()


class MonthCalendarMixin:
    """A month as weeks of days, each day linked to its edition when there is one."""

    def month_context(self, year: int, month: int) -> dict:
        first = datetime.date(year, month, 1)
        last = first.replace(day=calendar.monthrange(year, month)[1])
        editions = {
            e.date: e for e in site_editions().filter(date__range=(first, last)).order_by("date")
        }
        weeks = [
            [(day, editions.get(day)) if day.month == month else (None, None) for day in week]
            for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
        ]
        months = list(site_editions().dates("date", "month", order="DESC"))
        previous_months = [m for m in months if m < first]
        next_months = [m for m in months if m > first]
        return {
            "month": first,
            "weeks": weeks,
            "month_editions": list(editions.values()),
            "months": months,
            "years": sorted({m.year for m in months}, reverse=True),
            "previous_month": previous_months[0] if previous_months else None,
            "next_month": next_months[-1] if next_months else None,
            "weekday_names": ["一", "二", "三", "四", "五", "六", "日"],
        }


class ArchiveView(MonthCalendarMixin, TemplateView):
    """往期回顾: the month of the latest edition, and every month that has editions."""

    template_name = "editions/archive.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        latest = site_editions().order_by("-date").values_list("date", flat=True).first()
        if latest is None:
            context.update(months=[], years=[], weeks=[], month=None)
            return context
        context.update(self.month_context(latest.year, latest.month))
        return context


class MonthView(MonthCalendarMixin, TemplateView):
    """One month of the archive as a calendar."""

    template_name = "editions/archive.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, month = kwargs["year"], kwargs["month"]
        if year < 1900 or year > 9998:
            raise Http404("No editions in that year.")
        context.update(self.month_context(year, month))
        return context
