"""A duplicated headline flagged before saving: the same title in this edition or the last."""

import datetime
import re

from django.db.models import Q
from django.utils import timezone

from editions.models import Edition

from .models import Article, ArticleStatus

WHITESPACE = re.compile(r"\s+")
# Every step but withdrawn: a withdrawn article's headline is free to use again.
IN_USE = [status for status in ArticleStatus.values if status != ArticleStatus.WITHDRAWN]


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
        .in_status(*IN_USE)
        .select_related("edition")
        .order_by("-pk")[:500]
    )
    return [a for a in candidates if normalized_title(a.title) == wanted][:10]
