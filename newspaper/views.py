"""Public views that join the print structure (editions) with the content (articles)."""

from django.core.cache import cache
from django.db.models import QuerySet, Subquery
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.generic import TemplateView

from articles.printing import edition_items, page_items
from editions.models import Edition, Page

from .caching import current_token
from .reader_views import edition_calendar

CALENDAR_CACHE_SECONDS = 3600


def edition_with_pages(editions: QuerySet[Edition]) -> tuple[Edition | None, list[Page]]:
    """The first edition of ``editions`` and its pages in order, in one query: the pages,
    with their edition and its publication joined. An edition without pages costs a
    second query (for itself)."""
    pages = list(
        Page.objects.filter(edition=Subquery(editions.values("pk")[:1]))
        .select_related("edition__publication")
        .order_by("number")
    )
    if not pages:
        return editions.with_masthead_data().first(), []
    edition = pages[0].edition
    for page in pages:
        page.edition = edition
    return edition, pages


def calendar_html(edition: Edition) -> str:
    """The calendar beside a page (the month's editions, 前一期/后一期), rendered once per
    edition and kept under the site's version: the same on every page of the edition, it
    changes only with an edition going live or out of sight, which moves the version."""
    key = f"newspaper:calendar:1:{current_token()}:{get_language()}:{edition.date.isoformat()}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            "editions/_edition_calendar.html", {"cal": edition_calendar(edition)}
        )
        cache.set(key, html, CALENDAR_CACHE_SECONDS)
    return mark_safe(html)  # rendered by the template above, which escapes what it prints


class EditionPageMixin:
    """Context shared by the views that show one page of an edition as printed."""

    preview = False

    def page_context(self, edition: Edition, pages: list[Page], number: int | None) -> dict:
        """``edition`` opened at page ``number`` (the front page when None)."""
        if not pages:
            if number is not None:
                raise Http404("This edition has no pages.")
            return {
                "edition": edition,
                "pages": [],
                "page": None,
                "items": [],
                "calendar_html": calendar_html(edition),
            }
        if number is None:
            index = 0
        else:
            index = next((i for i, p in enumerate(pages) if p.number == number), None)
            if index is None:
                raise Http404("No such page in this edition.")
        page = pages[index]
        return {
            "edition": edition,
            "pages": pages,
            "page": page,
            "previous_page": pages[index - 1] if index > 0 else None,
            "next_page": pages[index + 1] if index + 1 < len(pages) else None,
            "items": page_items(page, timezone.now(), preview=self.preview),
            # Beside the page: the month's editions and 前一期/后一期.
            "calendar_html": calendar_html(edition),
            "edition_pdf": any(p.pdf for p in pages),
        }


class HomeView(EditionPageMixin, TemplateView):
    """Today's paper: the latest public edition, opened at its front page."""

    template_name = "newspaper/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition, pages = edition_with_pages(Edition.objects.on_site().public().order_by("-date"))
        if edition is not None:
            context.update(self.page_context(edition, pages, None))
        return context


class EditionDetailView(TemplateView):
    """An edition's table of contents: every page and its articles."""

    template_name = "editions/edition_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition, pages = edition_with_pages(
            Edition.objects.on_site().public().filter(date=kwargs["date"])
        )
        if edition is None:
            raise Http404("No edition on that date.")
        by_page = edition_items(edition, timezone.now())
        context.update(
            edition=edition,
            pages=pages,
            contents=[(page, by_page.get(page.id, [])) for page in pages],
            edition_pdf=any(p.pdf for p in pages),
        )
        return context


class PageDetailView(EditionPageMixin, TemplateView):
    """One page (版) of an edition, its stories in print order."""

    template_name = "editions/page_detail.html"

    def editions_for(self, date) -> QuerySet[Edition]:
        """The edition of ``date`` readers may see, as a queryset."""
        return Edition.objects.on_site().public().filter(date=date)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition, pages = edition_with_pages(self.editions_for(kwargs["date"]))
        if edition is None:
            raise Http404("No edition on that date.")
        context.update(self.page_context(edition, pages, kwargs["number"]))
        return context
