"""Public views that join the print structure (editions) with the content (articles)."""

from django.http import Http404
from django.utils import timezone
from django.views.generic import TemplateView

from articles.printing import edition_items, page_items
from editions.models import Edition

from .reader_views import edition_calendar


class EditionPageMixin:
    """Context shared by the views that show one page of an edition as printed."""

    preview = False

    def page_context(self, edition: Edition, number: int | None) -> dict:
        pages = list(edition.pages.all())
        if not pages:
            if number is not None:
                raise Http404("This edition has no pages.")
            return {
                "edition": edition,
                "pages": [],
                "page": None,
                "items": [],
                "calendar": edition_calendar(edition),
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
            # Beside the page: the month's editions and 前一期/后一期 (one query).
            "calendar": edition_calendar(edition),
            "edition_pdf": any(p.pdf for p in pages),
        }


class HomeView(EditionPageMixin, TemplateView):
    """Today's paper: the latest public edition, opened at its front page."""

    template_name = "newspaper/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = Edition.objects.on_site().public().with_masthead_data().order_by("-date").first()
        if edition is not None:
            context.update(self.page_context(edition, None))
        return context


class EditionDetailView(TemplateView):
    """An edition's table of contents: every page and its articles."""

    template_name = "editions/edition_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            edition = (
                Edition.objects.on_site().public().with_masthead_data().get(date=kwargs["date"])
            )
        except Edition.DoesNotExist:
            raise Http404("No edition on that date.") from None
        pages = list(edition.pages.all())
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

    def edition_for(self, date) -> Edition:
        try:
            return Edition.objects.on_site().public().with_masthead_data().get(date=date)
        except Edition.DoesNotExist:
            raise Http404("No edition on that date.") from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.page_context(self.edition_for(kwargs["date"]), kwargs["number"]))
        return context
