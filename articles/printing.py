"""Reads that lay articles out as printed: a page's stories with their jump lines."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from editions.models import Edition, Page

from .models import Article, Placement, jumps_for, print_prefetches


@dataclass(frozen=True)
class PrintItem:
    """One story as it stands on one page, with the pages it comes from and goes on to."""

    article: Article
    placement: Placement
    continued_from: Page | None  # shown as （上接第一版）
    continued_to: Page | None  # shown as 下转第二版


def with_print_data(placements: QuerySet[Placement]) -> QuerySet[Placement]:
    """``placements`` in print order, with what a page listing shows.

    One query for the placements joined to their article, section and page; one prefetch for
    every placement of those articles (for jump lines); one for the credited authors.
    """
    return (
        placements.select_related("page__edition", "article__section", "article__edition")
        .prefetch_related(*print_prefetches("article__"))
        .in_print_order()
    )


def public_placements(at: datetime.datetime) -> QuerySet[Placement]:
    """Placements of the articles readers may see at ``at``."""
    return with_print_data(Placement.objects.public(at))


def preview_placements() -> QuerySet[Placement]:
    """Placements of what readers will see once signed off: approved and published articles."""
    return with_print_data(Placement.objects.previewable())


def _items(placements) -> list[PrintItem]:
    items = []
    for placement in placements:
        came_from, goes_to = jumps_for(placement.article, placement.page.number)
        items.append(PrintItem(placement.article, placement, came_from, goes_to))
    return items


def page_items(page: Page, at: datetime.datetime, *, preview: bool = False) -> list[PrintItem]:
    """The public stories of ``page`` in print order (in a preview, those about to be)."""
    placements = preview_placements() if preview else public_placements(at)
    return _items(placements.filter(page=page))


def edition_items(edition: Edition, at: datetime.datetime) -> dict[int, list[PrintItem]]:
    """The public stories of every page of ``edition``, keyed by page id, in print order."""
    by_page: dict[int, list[PrintItem]] = {}
    for item in _items(public_placements(at).filter(page__edition=edition)):
        by_page.setdefault(item.placement.page_id, []).append(item)
    return by_page


def edition_reading_order(edition_id: int, at: datetime.datetime) -> list[tuple[int, str]]:
    """(id, title) of an edition's public articles in print order, each once: one query."""
    rows = (
        Placement.objects.public(at)
        .filter(page__edition_id=edition_id)
        .in_print_order()
        .values_list("article_id", "article__title")
    )
    seen: dict[int, str] = {}
    for article_id, title in rows:
        seen.setdefault(article_id, title)
    return list(seen.items())
