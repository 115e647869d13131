"""What every article feed shares: item fields, full text, GUIDs and conditional GET."""

import contextvars
import datetime
import hashlib
import mimetypes
import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Enclosure
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import condition

from articles.models import Article, Author, Section
from editions import changes
from editions.models import Edition, Page, Publication

from ..caching import site_state
from ..context_processors import frame
from .formats import FORMATS, FullTextAtomFeed, FullTextRssFeed

# Bump when the feeds' markup changes, so that conditional GETs fetch the new form.
FEED_FORMAT_VERSION = "2"
GUID_NAMESPACE = uuid.UUID("6f1c2f5e-5b1a-4a36-9d0c-2b1e4f0a7c11")

# The request being answered, for absolute URLs in item methods (which only get the item).
_request = contextvars.ContextVar("feed_request")


def absolute(url: str) -> str:
    return _request.get().build_absolute_uri(url)


_ROOT_RELATIVE = re.compile(r'(\s(?:src|href)=")/(?!/)')


def absolute_html(html: str) -> str:
    """Root-relative links and images (``/media/…``) made absolute, for feed readers."""
    base = absolute("/")
    return _ROOT_RELATIVE.sub(lambda m: m.group(1) + base, html)


def article_guid(article: Article) -> str:
    """A GUID that no edit, correction, host name or URL change alters."""
    return f"urn:uuid:{uuid.uuid5(GUID_NAMESPACE, f'article:{article.pk}')}"


@dataclass(frozen=True)
class FeedSubject:
    """What a feed is about, loaded once per request: the paper and the section, author,
    edition or page. ``page`` with no ``edition`` is 第N版 of every edition (its latest)."""

    publication: Publication | None
    section: Section | None = None
    author: Author | None = None
    edition: Edition | None = None
    page: Page | None = None

    @property
    def site_name(self) -> str:
        return self.publication.name if self.publication else _("Newspaper")

    def identity(self) -> tuple:
        """What, besides its items, a feed's text depends on: for the ETag."""
        return (
            self.site_name,
            (self.section.pk, self.section.name) if self.section else None,
            (self.author.pk, self.author.name) if self.author else None,
            (self.edition.pk, self.edition.number) if self.edition else None,
            (self.page.pk, self.page.name) if self.page else None,
        )


class ArticleFeed(Feed):
    """What every article feed shares: item fields, full text, conditional GET.

    A subclass says what it is about (``get_object``), which public articles it holds
    (``scope``), and in what order (``ordered``); ``in_print_order`` feeds hold a whole
    edition or page, the others the latest ``NEWSPAPER_FEED_ITEMS``.
    """

    feed_type = FullTextRssFeed
    language = "zh-cn"
    in_print_order = False

    def __call__(self, request, *args, **kwargs):
        subject = self.subject(request, *args, **kwargs)
        etag, last_modified = self.validators(subject, request)

        # Django's own conditional GET: a 304 (or 412) before the feed is built, and the
        # ETag and Last-Modified on every GET and HEAD.
        @condition(etag_func=lambda request: etag, last_modified_func=lambda request: last_modified)
        def respond(request):
            token = _request.set(request)
            try:
                feed = self.get_feed(subject, request)
            finally:
                _request.reset(token)
            response = HttpResponse(content_type=feed.content_type)
            feed.write(response, "utf-8")
            return response

        response = respond(request)
        if settings.NEWSPAPER_WEBSUB_HUB:
            response.headers["Link"] = (
                f'<{settings.NEWSPAPER_WEBSUB_HUB}>; rel="hub", '
                f'<{request.build_absolute_uri(request.path)}>; rel="self"'
            )
        return response

    # What the feed holds

    def subject(self, request, *args, **kwargs) -> FeedSubject:
        """``get_object``, remembered in the cache under the site's version: a conditional
        GET that matches reads no table, and a change a reader could see (a rename, a page
        going public) moves the version and so the key. A 404 is not remembered."""
        address = repr((type(self).__name__, args, sorted(kwargs.items())))
        return changes.remembered(
            f"feed-subject:{hashlib.sha256(address.encode()).hexdigest()[:32]}",
            lambda: self.get_object(request, *args, **kwargs),
            version=site_state(request).token,
        )

    def get_object(self, request, *args, **kwargs) -> FeedSubject:
        return FeedSubject(publication=frame(request)["publication"])

    def scope(self, subject: FeedSubject) -> QuerySet:
        """The public articles this feed is made of, unordered."""
        return Article.objects.on_site().public()

    def ordered(self, articles: QuerySet) -> QuerySet:
        return articles.order_by("-published_at", "-id")

    def selection(self, subject: FeedSubject) -> QuerySet:
        articles = self.ordered(self.scope(subject))
        return articles if self.in_print_order else articles[: settings.NEWSPAPER_FEED_ITEMS]

    def items(self, subject: FeedSubject):
        articles = list(self.selection(subject).with_detail_data())
        if not self.in_print_order:
            return articles
        return sorted(articles, key=lambda article: article.print_key())

    # Conditional GET

    def validators(
        self, subject: FeedSubject, request=None
    ) -> tuple[str, datetime.datetime | None]:
        """(ETag, Last-Modified) of the feed, without building it or reading an article.

        Both come from the site's version (``newspaper.caching.site_state``), which moves
        on every publish, edit, correction, withdrawal and rename and when a scheduled item
        goes live: so any change a reader would see changes them, an item that leaves the
        feed included. The ETag also covers what the feed is about, its format and the hub.
        """
        state = site_state(request)
        fingerprint = repr(
            (
                FEED_FORMAT_VERSION,
                type(self).__name__,
                self.feed_type.__name__,
                settings.NEWSPAPER_WEBSUB_HUB,
                subject.identity(),
                state.token,
            )
        )
        etag = f'W/"{hashlib.sha256(fingerprint.encode()).hexdigest()[:32]}"'
        return etag, state.last_modified

    # The feed

    def feed_extra_kwargs(self, subject: FeedSubject) -> dict:
        return {"hub": settings.NEWSPAPER_WEBSUB_HUB}

    def item_title(self, item: Article) -> str:
        return item.headline

    def item_summary_text(self, item: Article) -> str:
        """The summary as plain text: the ◆ highlights, else the opening of the text."""
        return " ".join(item.highlight_list) or Truncator(item.body_text).chars(200)

    def item_description(self, item: Article) -> str:
        """The summary as HTML, as RSS ``description`` and Atom ``summary type="html"`` are
        read: the plain text escaped, so a headline or highlight holding markup stays text."""
        return escape(self.item_summary_text(item))

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Article) -> str:
        return article_guid(item)

    def item_guid_is_permalink(self, item: Article) -> bool:
        return False

    def item_pubdate(self, item: Article) -> datetime.datetime:
        return item.effective_publish_at or timezone.now()

    def item_updateddate(self, item: Article) -> datetime.datetime:
        """When a reader last saw the item change: a save or a correction (更正), never
        before it was published. The one place that decides an item's "updated" date."""
        return max(self.item_pubdate(item), item.last_modified)

    def item_author_name(self, item: Article) -> str:
        return item.byline_display()

    def item_categories(self, item: Article) -> list[str]:
        return [item.section.name] if item.section_id else []

    def item_enclosures(self, item: Article) -> list[Enclosure]:
        """Its images: every one in Atom and JSON Feed, the first in RSS."""
        enclosures = []
        for image in item.images.all():
            try:
                length = image.image.size
            except OSError:  # a missing file: still name it, with no length
                length = 0
            mime_type = mimetypes.guess_type(image.image.name)[0] or "image/jpeg"
            enclosures.append(Enclosure(absolute(image.image.url), str(length), mime_type))
        return enclosures

    def item_extra_kwargs(self, item: Article) -> dict:
        return {
            "content_html": absolute_html(item.body),
            "summary_text": self.item_summary_text(item),
        }


def formats(feed_class: type[ArticleFeed]) -> dict[str, ArticleFeed]:
    """The feed in each format: {"rss": …, "atom": …, "json": …}, ready for the URLconf."""
    views = {}
    for name, feed_type in FORMATS.items():
        attrs = {"feed_type": feed_type}
        if feed_type is FullTextAtomFeed:
            attrs["subtitle"] = feed_class.description
        views[name] = type(f"{feed_class.__name__}_{name}", (feed_class,), attrs)()
    return views
