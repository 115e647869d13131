"""Reads that lay articles out as printed: a page's stories with their jump lines."""

import datetime
from dataclasses import dataclass

from django.db.models import F, QuerySet, prefetch_related_objects

from editions.models import Edition, Page

from .models import Article, Placement, credits_prefetch, jumps_for


@dataclass(frozen=True)
class PrintItem:
    """One story as it stands on one page, with the pages it comes from and goes on to."""

    article: Article
    placement: Placement
    continued_from: Page | None  # shown as （上接第一版）
    continued_to: Page | None  # shown as 下转第二版


def with_print_data(placements: QuerySet[Placement]) -> QuerySet[Placement]:
    """``placements`` in print order, joined to their page, edition, article and section."""
    return placements.select_related(
        "page__edition", "article__section", "article__edition"
    ).in_print_order()


def public_placements(at: datetime.datetime) -> QuerySet[Placement]:
    """Placements of the articles readers may see at ``at``."""
    return with_print_data(Placement.objects.public(at))


def preview_placements() -> QuerySet[Placement]:
    """Placements of what readers will see once signed off: approved and published articles."""
    return with_print_data(Placement.objects.previewable())


def _placements_with_articles(
    placements: QuerySet[Placement], *, credits: bool = True
) -> list[Placement]:
    """``placements`` in print order, each article one object holding its placements in
    print order (as ``print_placements`` expects), so its page labels and jumps need no
    query: one query for the placements (with page, article and section), and one for the
    credited authors when ``credits``.

    An article only runs in its own edition, so its jump lines (上接/下转) are found among
    the placements of its edition.
    """
    rows = list(placements)
    articles: dict[int, Article] = {}
    for placement in rows:
        article = articles.setdefault(placement.article_id, placement.article)
        placement.article = article
        cache = article._prefetched_objects_cache = getattr(
            article, "_prefetched_objects_cache", {}
        )
        cache.setdefault("placements", []).append(placement)
    if credits:
        prefetch_related_objects(list(articles.values()), credits_prefetch())
    return rows


def _items(placements) -> list[PrintItem]:
    items = []
    for placement in placements:
        came_from, goes_to = jumps_for(placement.article, placement.page.number)
        items.append(PrintItem(placement.article, placement, came_from, goes_to))
    return items


def page_items(page: Page, at: datetime.datetime, *, preview: bool = False) -> list[PrintItem]:
    """The public stories of ``page`` in print order (in a preview, those about to be).

    Two queries whatever the size of the edition: the placements of the stories on this
    page (all of them, on any page, for their jump lines), and their credits.
    """
    placements = preview_placements() if preview else public_placements(at)
    on_page = Placement.objects.filter(page=page).values("article_id")
    rows = _placements_with_articles(
        placements.filter(page__edition_id=page.edition_id, article__in=on_page)
    )
    return _items(p for p in rows if p.page_id == page.pk)


# What an edition's table of contents does not show of its articles: not loaded.
CONTENTS_DEFERRED = ("article__body", "article__highlights", "article__review_note")


def edition_items(edition: Edition, at: datetime.datetime) -> dict[int, list[PrintItem]]:
    """The public stories of every page of ``edition``, keyed by page id, in print order:
    one query (the contents list titles and jump lines, not bylines or text)."""
    placements = public_placements(at).filter(page__edition_id=edition.pk)
    by_page: dict[int, list[PrintItem]] = {}
    rows = _placements_with_articles(placements.defer(*CONTENTS_DEFERRED), credits=False)
    for item in _items(rows):
        by_page.setdefault(item.placement.page_id, []).append(item)
    return by_page


def edition_reading_order(
    edition_id: int, at: datetime.datetime, *, article: Article | None = None
) -> list[tuple[int, str]]:
    """(id, title) of an edition's public articles in print order, each once: one query.

    Given the ``article`` being shown, its placements (with their pages) are taken from the
    same rows, so its page labels and jump lines need no query of their own.
    """
    rows = (
        Placement.objects.public(at)
        .filter(page__edition_id=edition_id)
        .select_related("page")
        .annotate(article_title=F("article__title"))
        .in_print_order()
    )
    seen: dict[int, str] = {}
    own: list[Placement] = []
    for placement in rows:
        seen.setdefault(placement.article_id, placement.article_title)
        if article is not None and placement.article_id == article.pk:
            placement.article = article
            if article.edition_id == edition_id:  # its pages' edition: the article's own
                placement.page.edition = article.edition
            own.append(placement)
    if article is not None:
        cache = article._prefetched_objects_cache = getattr(
            article, "_prefetched_objects_cache", {}
        )
        cache.setdefault("placements", own)
    return list(seen.items())
