"""Safety nets at deadline: a duplicated headline flagged before saving, and 签发本期 that
shows what it will publish and asks for confirmation first."""

import datetime
import re

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from editions.models import Edition

from . import workflow
from .models import Article, ArticleStatus

WHITESPACE = re.compile(r"\s+")


def normalized_title(title: str) -> str:
    """A headline without its white space: 两行主题 and a stray space compare equal."""
    return WHITESPACE.sub("", title or "")


def duplicate_titles(
    *, title: str, edition: Edition | None, exclude_pk: int | None = None
) -> list[Article]:
    """Articles with the same headline in ``edition`` or the publication's previous
    edition (for a web-only article: web-only articles of the last two days)."""
    wanted = normalized_title(title)[:300]
    if not wanted:
        return []
    if edition is not None:
        previous = (
            Edition.objects.filter(publication_id=edition.publication_id, date__lt=edition.date)
            .order_by("-date")
            .values_list("pk", flat=True)
            .first()
        )
        scope = Q(edition_id__in=[pk for pk in (edition.pk, previous) if pk])
    else:
        since = timezone.now() - datetime.timedelta(days=2)
        scope = Q(edition__isnull=True, created_at__gte=since)
    # Titles are compared without white space; candidates are narrowed by their first
    # characters in the database, so only a handful are compared here.
    head = wanted[:4]
    candidates = (
        Article.objects.filter(scope, title__contains=head[:1])
        .exclude(pk=exclude_pk)
        .exclude(status=ArticleStatus.WITHDRAWN)
        .select_related("edition")
        .order_by("-pk")[:500]
    )
    return [a for a in candidates if normalized_title(a.title) == wanted][:10]


def duplicate_titles_json(request) -> list[dict]:
    """The title check's answer for ?title=&edition=&exclude=; bad numbers are ignored."""

    def number(name):
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() and len(value) < 12 else None

    edition_pk = number("edition")
    edition = Edition.objects.filter(pk=edition_pk).first() if edition_pk else None
    found = duplicate_titles(
        title=request.GET.get("title", "")[:1000], edition=edition, exclude_pk=number("exclude")
    )
    # A reporter is told of a colleague's headline too, without a link to an article they
    # may not open.
    return [
        {
            "title": a.headline,
            "edition": f"{a.edition.date:%Y-%m-%d}" if a.edition_id else _("web only"),
            "url": (
                reverse("admin:articles_article_change", args=[a.pk])
                if workflow.can_view(request.user, a)
                else ""
            ),
        }
        for a in found
    ]


def urls(modeladmin) -> list:
    """The sign-off confirmation's URL, for ArticleAdmin.get_urls."""
    wrap = modeladmin.admin_site.admin_view
    return [
        path(
            "editions/<int:edition_id>/sign-off/confirm/",
            wrap(
                lambda request, edition_id: sign_off_confirm_view(modeladmin, request, edition_id)
            ),
            name="articles_article_sign_off_confirm",
        ),
    ]


def sign_off_confirm_view(modeladmin, request, edition_id: int):
    """GET: what 签发本期 will publish, page by page, and when; the button that does it."""
    if not request.user.has_perm(workflow.PERM_SIGN_OFF):
        raise PermissionDenied
    edition = get_object_or_404(Edition.objects.select_related("publication"), pk=edition_id)
    publish_at = request.GET.get("publish_at", "").strip()[:40]
    articles = (
        Article.objects.filter(edition=edition, status=ArticleStatus.APPROVED)
        .prefetch_related("placements__page")
        .order_by("pk")
    )
    rows = sorted(
        articles,
        key=lambda a: min(
            ((p.page.number, p.position) for p in a.placements.all()), default=(999, 0)
        ),
    )
    return TemplateResponse(
        request,
        "admin/articles/article/sign_off_confirm.html",
        {
            **modeladmin.admin_site.each_context(request),
            "opts": modeladmin.model._meta,
            "title": _("Sign off this edition?"),
            "edition": edition,
            "articles": rows,
            "blockers": workflow.edition_sign_off_blockers(edition=edition),
            "publish_at": publish_at,
            "goes_live": publish_at or f"{timezone.localtime(edition.publish_at):%Y-%m-%d %H:%M}",
            "desk_url": reverse("admin:articles_article_desk") + f"?date={edition.date:%Y-%m-%d}",
        },
    )
