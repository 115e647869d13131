"""Pagination that stays cheap at any size of archive: bounded, with a cached count.

A list of public articles is read newest first; past ``NEWSPAPER_MAX_PAGES`` pages a reader
goes to the archive by date (往期回顾) or the filters instead, so the count never scans more
than that many pages of rows (``COUNT`` over a ``LIMIT``ed subquery), and it is kept in
the cache under the site's version (``NEWSPAPER_CACHE_VERSION``, which moves whenever
anything a reader could see changes), so most requests do not count at all.
"""

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.functional import cached_property

from editions.changes import remembered

# A datetime this close to the clock in a list's query is the visibility rule's "now".
NOW_SLACK = datetime.timedelta(minutes=5)


def _is_now(value) -> bool:
    """A datetime (or, as SQLite's backend passes it, its text) within NOW_SLACK of now."""
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == " ":
        try:
            value = datetime.datetime.fromisoformat(value).replace(tzinfo=datetime.UTC)
        except ValueError:
            return False
    if not isinstance(value, datetime.datetime) or value.tzinfo is None:
        return False
    return abs(value - timezone.now()) < NOW_SLACK


def stable_params(params) -> tuple:
    """A query's parameters with the visibility rule's "now" replaced by a constant: which
    articles it admits changes only when the site's version does (a scheduled item going
    live moves it), so a cache key made of them is good for the version's lifetime."""
    return tuple("now" if _is_now(p) else p for p in params)


def query_digest(queryset) -> str | None:
    """A digest of the query ``queryset`` runs, its "now" made constant (``stable_params``),
    to key a cached result by; None when the query can match nothing."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return None
    return hashlib.sha256(repr((sql, stable_params(params))).encode()).hexdigest()[:32]


class CachedCountPaginator(Paginator):
    """A paginator whose count is kept in the cache under the site's version, so that most
    requests do not count at all. ``bound()`` pages at most (None: every row, as a sitemap
    must list them all)."""

    def bound(self) -> int | None:
        return None

    @cached_property
    def count(self) -> int:
        pages = self.bound()
        limit = self.per_page * pages if pages else None
        digest = query_digest(self.object_list)
        if digest is None:
            return 0

        def count() -> int:
            # Only the ids, unordered: the rank, dates and joins a page shows cost nothing here.
            ids = self.object_list.order_by().values("pk")
            return (ids[:limit] if limit else ids).count()

        return remembered(f"count:{limit}:{digest}", count)


class BoundedPaginator(CachedCountPaginator):
    """At most ``NEWSPAPER_MAX_PAGES`` pages; the count bounded and cached."""

    def bound(self) -> int | None:
        return settings.NEWSPAPER_MAX_PAGES
