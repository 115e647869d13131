"""Results of a search at any size of archive: a bounded window of the newest matches.

A common word (年, 发展) is in a large share of a big archive. Ranking every match, or
counting them, reads them all, and that grows with the archive. Instead a search reads at
most ``NEWSPAPER_SEARCH_WINDOW`` matches, the newest first (by the stored, indexed
``Article.published_at``), and:

- ranks only those (the number of the query's clauses in the small headline column), so
  "best match" is the best match among the newest ``window`` matches: for a rare word that
  is every match, for a common one the recent ones;
- counts them: the count is exact up to the window and "more than N" beyond it;
- pages through them (newest first, or by rank), and highlights only the page shown.

The database decides how to find the newest matches: its full-text index for rare words
(PostgreSQL's GIN index, SQLite's FTS5 table), or the ``published_at`` index read newest
first, testing each article, for words so common that the window fills at once. The ids of
a window are cached under the site's version, so turning pages does not search again.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from editions.changes import remembered

from ..models import Article
from ..pagination import query_digest
from .backends import head_rank, search
from .tokens import ParsedQuery


def window_size() -> int:
    return getattr(settings, "NEWSPAPER_SEARCH_WINDOW", 1000)


@dataclass(frozen=True)
class Window:
    """The ids of the newest matches, newest first; ``more`` when there are more matches
    than the window holds."""

    ids: tuple[int, ...]
    more: bool

    @property
    def count(self) -> int:
        return len(self.ids)


def window_queryset(articles: QuerySet, query: ParsedQuery, size: int) -> QuerySet:
    """The ids of the newest ``size + 1`` matches (one more tells whether there are more)."""
    return (
        search(articles, query)
        .prefetch_related(None)
        .select_related(None)
        .order_by("-published_at", "-id")
        .values_list("pk", flat=True)[: size + 1]
    )


def newest_matches(articles: QuerySet, query: ParsedQuery, size: int | None = None) -> Window:
    """The window of the newest articles of ``articles`` that match ``query``: one query of
    at most ``size + 1`` ids (cached under the site's version)."""
    size = size or window_size()
    found = window_queryset(articles, query, size)
    digest = query_digest(found)
    ids = (
        () if digest is None else remembered(f"search-window:{size}:{digest}", lambda: tuple(found))
    )
    return Window(ids[:size], more=len(ids) > size)


def window_results(window: Window, query: ParsedQuery, *, newest_first: bool) -> QuerySet:
    """The articles of ``window`` in the order shown: newest first, or best match (the
    clauses found in the headline), then newest. Only the window's ids are read."""
    articles = Article.objects.filter(pk__in=window.ids)
    if newest_first:
        return articles.order_by("-published_at", "-id")
    return (
        articles.filter(search_document__isnull=False)
        .annotate(rank=head_rank(query))
        .order_by("-rank", "-published_at", "-id")
    )
