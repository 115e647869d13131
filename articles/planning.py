"""The page plan (版面编排): an edition's pages as columns, their articles in print order.

An editor drags an article onto a page or to another place on it (or moves it with the
keyboard), and the plan's script (static/articles/admin/page-plan.js) posts the whole
arrangement to ``edition_placements_arrange``, which refuses it when someone changed the
placements since the plan was loaded. Articles of the edition not on any page wait in a
tray. The plan's views are in ``articles/admin/plan.py``; regions on a page image are the
hotspot editor's (``articles.hotspots``).
"""

import hashlib

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from editions.models import Edition

from .models import Article, Placement

PLACEMENT_PERMS = [
    "articles.add_placement",
    "articles.change_placement",
    "articles.delete_placement",
]
MAX_ARTICLES_PER_PAGE = 200


class PlanError(ValueError):
    """An arrangement that cannot be written: unknown pages or articles, or a stale plan."""


class PlanStale(PlanError):
    """Someone changed the edition's placements after this plan was loaded."""


def can_arrange(user) -> bool:
    """May ``user`` move articles between and on pages?"""
    return user.is_active and user.has_perms(PLACEMENT_PERMS)


def plan_token(*, edition: Edition) -> str:
    """A short fingerprint of the edition's placements: it changes with every move."""
    rows = (
        Placement.objects.filter(page__edition=edition)
        .order_by("article_id", "page_id")
        .values_list("article_id", "page_id", "position")
    )
    text = ";".join(f"{a}:{p}:{n}" for a, p, n in rows)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def edition_placements_arrange(
    *, edition: Edition, user, layout: dict[int, list[int]], token: str
) -> str:
    """Place the edition's articles as ``layout`` says: page id -> article ids in print order.

    Every page of the edition must be in ``layout``; an article on no page is taken off
    the pages (to the tray). A placement that stays on its page keeps its region; one that
    moves to another page loses it, to be drawn again in the hotspot editor. Each article
    whose placements change gets a revision. Returns the new plan token.
    """
    if not can_arrange(user):
        raise PermissionDenied(_("You may not arrange pages."))
    with transaction.atomic(), reversion.create_revision():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        if token != plan_token(edition=edition):
            raise PlanStale(
                _(
                    "Someone changed this edition's pages after you opened the plan. "
                    "Nothing was moved; the plan was reloaded."
                )
            )
        page_ids = set(edition.pages.values_list("pk", flat=True))
        if set(layout) != page_ids:
            raise PlanError(_("The plan does not match the edition's pages; reload it."))
        article_ids = set(Article.objects.filter(edition=edition).values_list("pk", flat=True))
        desired: dict[tuple[int, int], int] = {}
        for page_id, articles in layout.items():
            if len(articles) > MAX_ARTICLES_PER_PAGE or len(set(articles)) != len(articles):
                raise PlanError(_("A page lists an article twice or too many articles."))
            for position, article_id in enumerate(articles, start=1):
                if article_id not in article_ids:
                    raise PlanError(_("An article of another edition cannot go on these pages."))
                desired[(article_id, page_id)] = position
        changed: set[int] = set()
        existing = {
            (p.article_id, p.page_id): p
            for p in Placement.objects.select_for_update().filter(page__edition=edition)
        }
        for key, placement in existing.items():
            if key not in desired:
                placement.delete()
                changed.add(key[0])
            elif placement.position != desired[key]:
                placement.position = desired[key]
                placement.save(update_fields=["position"])
                changed.add(key[0])
        for (article_id, page_id), position in desired.items():
            if (article_id, page_id) not in existing:
                Placement.objects.create(article_id=article_id, page_id=page_id, position=position)
                changed.add(article_id)
        for article in Article.objects.filter(pk__in=changed):
            reversion.add_to_revision(article)
        reversion.set_user(user)
        reversion.set_comment(_("Placed on the page plan"))
        return plan_token(edition=edition)


def plan_pages(*, edition: Edition) -> tuple[list[dict], list[Article]]:
    """The plan's columns (each page with its articles in order and its 字数 total) and
    the tray (the edition's articles on no page), in four queries."""
    articles = {
        a.pk: a
        for a in Article.objects.filter(edition=edition).select_related("created_by").order_by("pk")
    }
    placements = (
        Placement.objects.filter(page__edition=edition)
        .in_print_order()
        .values_list("page_id", "article_id")
    )
    by_page: dict[int, list[Article]] = {}
    placed = set()
    for page_id, article_id in placements:
        if article_id in articles:
            by_page.setdefault(page_id, []).append(articles[article_id])
            placed.add(article_id)
    columns = []
    for page in edition.pages.all():
        on_page = by_page.get(page.pk, [])
        columns.append(
            {"page": page, "articles": on_page, "total": sum(a.word_count for a in on_page)}
        )
    tray = [a for pk, a in articles.items() if pk not in placed]
    return columns, tray
