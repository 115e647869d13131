"""Caching that knows about publishing: one version of "what readers can see", kept cheap.

``site_state()`` answers, from the cache or one indexed query, the **version** of the public
site: a token made of the publication's ``changed_at`` (moved by ``content_changed()``,
which the signals in ``newspaper/signals.py`` call on every publish, edit, correction,
withdrawal, rename, page file or region change) and the latest publish time that has
come (so a scheduled article or edition going live moves it too, with no job to run). It
also knows when the next scheduled item goes live: no cached state or page outlives it.

``PublicPageCacheMiddleware`` caches anonymous public GET/HEAD responses under that
version (Redis in production, through ``newspaper.cache.ForgivingRedisCache``; local memory
in development and tests), answers conditional GETs from the cached response's ETag and
Last-Modified, and gives every public page ``Cache-Control`` and ``Vary: Cookie``. Staff,
previews, the admin, a request carrying a session cookie and any other method neither see
nor fill the cache. A cache that fails is a miss (the Redis backend degrades by itself).
"""

import base64
import datetime
import gzip
import hashlib
import logging
import os
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.utils.text import compress_string

from editions import changes

from .errors import DATABASE_ERRORS, service_unavailable

logger = logging.getLogger(__name__)

STATE_KEY = "newspaper:site-state:1"
# Moved with ``changed_at``: it also covers a database without the site's publication row.
GENERATION_KEY = "newspaper:site-generation:1"
PAGE_KEY_PREFIX = "newspaper:page:1"


@dataclass(frozen=True)
class SiteState:
    """The version of what readers can see, and how long it holds."""

    token: str
    last_modified: datetime.datetime
    next_change: datetime.datetime | None  # the next scheduled publish time
    valid_until: datetime.datetime  # recheck the database from then on

    def seconds_left(self, now: datetime.datetime, ceiling: int) -> int:
        """``ceiling`` seconds, or fewer when the next scheduled item comes sooner."""
        if self.next_change is None:
            return ceiling
        return max(0, min(ceiling, int((self.next_change - now).total_seconds())))


def _latest(*times):
    known = [t for t in times if t is not None]
    return max(known) if known else None


def _earliest(*times):
    known = [t for t in times if t is not None]
    return min(known) if known else None


def load_state(now: datetime.datetime) -> SiteState:
    """The state from the database: one query, four index look-ups in subqueries."""
    from django.db.models import Subquery

    from articles.models import Article
    from editions.models import Edition, Publication

    lookups = {
        "last_article": Article.objects.last_went_live(now),
        "next_article": Article.objects.next_goes_live(now),
        "last_edition": Edition.objects.last_went_live(now),
        "next_edition": Edition.objects.next_goes_live(now),
    }
    times = {name: Subquery(queryset) for name, queryset in lookups.items()}
    row = (
        Publication.objects.filter(slug=settings.NEWSPAPER_PUBLICATION)
        .annotate(**times)
        .values("changed_at", *times)
        .first()
    )
    if row is None:  # no paper yet: the same times, without a publication row
        row = {"changed_at": None}
        for name, queryset in lookups.items():
            found = queryset.first()
            row[name] = found["publish_at"] if found else None
    changed = row["changed_at"]
    last = _latest(changed, row["last_article"], row["last_edition"]) or datetime.datetime(
        2000, 1, 1, tzinfo=datetime.UTC
    )
    next_change = _earliest(row["next_article"], row["next_edition"])
    times = (changed, row["last_article"], row["last_edition"])
    fingerprint = repr((cache.get(GENERATION_KEY), *(t.isoformat() if t else "" for t in times)))
    valid_until = now + datetime.timedelta(seconds=settings.NEWSPAPER_CACHE_STATE_SECONDS)
    if next_change is not None:
        valid_until = min(valid_until, next_change)
    return SiteState(
        token=hashlib.sha256(fingerprint.encode()).hexdigest()[:24],
        last_modified=last.replace(microsecond=0),
        next_change=next_change,
        valid_until=valid_until,
    )


def site_state(request=None) -> SiteState:
    """The current state: remembered on the request, kept in the cache until it may change."""
    if request is not None and getattr(request, "_site_state", None) is not None:
        return request._site_state
    now = timezone.now()
    state = cache.get(STATE_KEY)
    if not isinstance(state, SiteState) or now >= state.valid_until:
        state = load_state(now)
        cache.set(STATE_KEY, state, settings.NEWSPAPER_CACHE_STATE_SECONDS)
    if request is not None:
        request._site_state = state
    return state


def current_token() -> str:
    """The site's version as a string, for the apps' own caches (``NEWSPAPER_CACHE_VERSION``)."""
    return site_state().token


def _forget_state() -> None:
    cache.delete(STATE_KEY)


def content_changed(*, edition_id: int | None = None) -> None:
    """Something readers may see changed: move ``changed_at`` of the site's publication
    (and of the edition's, if another) and drop the cached state, now and at commit (so a
    reader who read the old rows meanwhile does not keep them cached). Inside
    ``editions.changes.batched()`` (an import), noted and done once at its end."""
    if changes.note(edition_id):
        return
    move_version({edition_id} - {None})


def move_version(edition_ids: set[int]) -> None:
    from editions.models import Publication

    which = Q(slug=settings.NEWSPAPER_PUBLICATION)
    if edition_ids:
        which |= Q(editions__in=sorted(edition_ids))
    now = timezone.now()
    Publication.objects.filter(pk__in=Publication.objects.filter(which).values("pk")).update(
        changed_at=now
    )
    cache.set(GENERATION_KEY, f"{now.isoformat()}-{_new_nonce()}", None)
    _forget_state()
    try:
        transaction.on_commit(_forget_state)
    except transaction.TransactionManagementError:
        # Outside any transaction the change is committed already: nothing more to wait for.
        _forget_state()


# --- the page cache ------------------------------------------------------------------------


def _excluded_prefixes() -> tuple[str, ...]:
    """The admin, previews, files, and what ``NEWSPAPER_PAGE_CACHE_EXCLUDE`` adds (search:
    a query per address would fill the cache, and a rebuilt index must show at once)."""
    return (
        settings.NEWSPAPER_ADMIN_PREFIX,
        "/preview/",
        settings.STATIC_URL,
        settings.MEDIA_URL,
        *settings.NEWSPAPER_PAGE_CACHE_EXCLUDE,
    )


def is_public_request(request) -> bool:
    """A reader's plain GET or HEAD: no session cookie, no credentials, not the admin,
    a preview, static files or media."""
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return False
    try:
        request.get_host()
    except DisallowedHost:
        # Not a page of this site: CommonMiddleware answers it (400), and nothing is cached.
        return False
    return not request.path_info.startswith(_excluded_prefixes())


def page_key(state: SiteState, request) -> str:
    address = f"{request.get_host()}|{request.is_secure()}|{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"{PAGE_KEY_PREFIX}:{state.token}:{digest}"


def _cacheable(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _new_nonce() -> str:
    return base64.b64encode(os.urandom(16)).decode("ascii")


# Bodies at least this long whose type compresses are stored gzipped (once, when cached) and
# served so to every client that accepts it: a feed of 190 KB is 30 KB, a sitemap page of
# 580 KB is 15 KB, and a hit then costs about what a small page does. (Django's
# ``GZipMiddleware`` would compress on every request, and the admin's pages, which carry a
# CSRF token, must not be compressed at all: BREACH. Cached pages are anonymous, with none.)
GZIP_MIN_LENGTH = 200  # as Django's GZipMiddleware: below it gzip gains nothing
GZIP_TYPES = (
    "text/",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/json",
    "application/ld+json",
)


def _compressible(response, nonce: str | None) -> bool:
    """A body worth storing gzipped: long, of a text type, not encoded already, and without
    a CSP nonce (which is replaced in the body on every hit)."""
    return (
        nonce is None
        and len(response.content) >= GZIP_MIN_LENGTH
        and response.get("Content-Type", "").startswith(GZIP_TYPES)
        and not response.has_header("Content-Encoding")
    )


@dataclass
class CachedPage:
    status: int
    headers: list[tuple[str, str]]
    content: bytes
    nonce: str | None
    encoding: str | None = None  # "gzip" when ``content`` is stored compressed

    @classmethod
    def of(cls, response, nonce: str | None, *, gzipped: bool) -> "CachedPage":
        """The response to keep, its body compressed when ``gzipped`` (``_compressible``)."""
        # The length is the served body's, set on every hit.
        headers = [(k, v) for k, v in response.headers.items() if k.lower() != "content-length"]
        if gzipped:
            content = compress_string(response.content)
            return cls(response.status_code, headers, content, None, "gzip")
        return cls(response.status_code, headers, response.content, nonce)

    def response(self, request):
        """The stored response, its CSP nonce (if it has one) made fresh for this reader,
        gzipped as stored when the reader accepts it, else as the view wrote it."""
        from django.http import HttpResponse

        content, headers, nonce = self.content, self.headers, self.nonce
        if nonce:
            fresh = _new_nonce()
            content = content.replace(nonce.encode(), fresh.encode())
            headers = [(k, v.replace(nonce, fresh)) for k, v in headers]
            request._csp_nonce = fresh
        gzipped = self.encoding == "gzip" and accepts_gzip(request)
        if self.encoding == "gzip" and not gzipped:
            content = gzip.decompress(content)
        response = HttpResponse(content, status=self.status)
        for name, value in headers:
            response.headers[name] = value
        if gzipped:
            response.headers["Content-Encoding"] = "gzip"
            etag = response.get("ETag", "")
            if etag.startswith('"'):  # another body than the strong tag's: weak, as Django's
                response.headers["ETag"] = "W/" + etag
        response.headers["Content-Length"] = str(len(content))
        response.headers["X-Cache"] = "hit"
        return response


def accepts_gzip(request) -> bool:
    """Whether the request's Accept-Encoding takes gzip: named (or as x-gzip) with a quality
    above 0, else through ``*`` (RFC 9110 12.5.3: a coding named outranks ``*``)."""
    qualities = {}
    for part in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        coding, _, params = part.partition(";")
        quality = params.strip().lower().removeprefix("q=").strip() or "1"
        try:
            qualities.setdefault(coding.strip().lower(), float(quality))
        except ValueError:
            qualities.setdefault(coding.strip().lower(), 0.0)
    for coding in ("gzip", "x-gzip", "*"):
        if coding in qualities:
            return qualities[coding] > 0
    return False


class PublicPageCacheMiddleware:
    """Anonymous public pages from the cache, keyed by the site's version (see above).

    Sits just after ``SecurityMiddleware`` so that a stored page keeps the headers the
    inner middleware gave it (its CSP with a nonce that is replaced on every hit).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.NEWSPAPER_PAGE_CACHE or not is_public_request(request):
            return self.get_response(request)
        try:
            state = site_state(request)
        except DATABASE_ERRORS as error:
            # Answered at once, as DatabaseUnavailableMiddleware would: trying again in the
            # view would cost a second connect timeout.
            logger.error("Database unavailable for %s %s: %s", request.method, request.path, error)
            return service_unavailable()
        now = timezone.now()
        key = page_key(state, request)
        entry = cache.get(key)
        if isinstance(entry, CachedPage):
            response = entry.response(request)
        else:
            response = self.get_response(request)
            if not _cacheable(response):
                return response
            # The CSP header is written by inner middleware, after the view: a nonce the
            # body uses is in it by now.
            nonce = getattr(request, "_csp_nonce", None)
            nonce = nonce if isinstance(nonce, str) else None
            gzipped = _compressible(response, nonce)
            self.add_headers(response, state, now, gzipped=gzipped)
            timeout = state.seconds_left(now, settings.NEWSPAPER_PAGE_CACHE_SECONDS)
            if timeout > 0:
                cache.set(key, CachedPage.of(response, nonce, gzipped=gzipped), timeout)
            response.headers["X-Cache"] = "miss"
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )

    def add_headers(
        self, response, state: SiteState, now: datetime.datetime, *, gzipped: bool
    ) -> None:
        """ETag and Last-Modified from the version (a view's own, such as a feed's, kept),
        ``Cache-Control`` so a CDN or browser revalidates, ``Vary: Cookie`` (and
        ``Accept-Encoding`` when the stored body is gzipped)."""
        if not response.has_header("ETag"):
            digest = hashlib.sha256(state.token.encode() + response.content).hexdigest()[:32]
            response.headers["ETag"] = f'W/"{digest}"'
        if not response.has_header("Last-Modified"):
            response.headers["Last-Modified"] = http_date(state.last_modified.timestamp())
        if not response.has_header("Cache-Control"):
            max_age = state.seconds_left(now, settings.NEWSPAPER_PUBLIC_MAX_AGE)
            response.headers["Cache-Control"] = f"public, max-age={max_age}, must-revalidate"
        vary = ["Cookie"]
        if gzipped:
            vary.append("Accept-Encoding")  # hits are gzipped for readers who accept it
        patch_vary_headers(response, vary)
