"""Feeds: RSS 2.0, Atom and JSON Feed 1.1 for the latest articles, each section, each
author, each page (版), today's paper and any day's paper; and an OPML file of them all.

Every item carries the full text (RSS ``content:encoded``, Atom ``content``, JSON
``content_html``) with absolute links, a plain summary, its images as enclosures, a GUID
that never changes, and the date it last changed (``ArticleFeed.item_updateddate``).
Every feed answers conditional GETs: ``ETag`` and ``Last-Modified`` come from one light
query, and a ``304 Not Modified`` is sent before the feed is built. With
``settings.NEWSPAPER_WEBSUB_HUB`` set, feeds name their WebSub hub.

All of them start from the one visibility rule, ``Article.objects.on_site().public()``.
"""

import contextvars
import datetime
import hashlib
import json
import mimetypes
import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Max, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.feedgenerator import (
    Atom1Feed,
    Enclosure,
    Rss201rev2Feed,
    SyndicationFeed,
    rfc3339_date,
)
from django.utils.http import http_date
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from articles.models import Article, Author, Section
from editions.models import Edition, Page, Publication

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


# --- feed formats ----------------------------------------------------------------------------


class FullTextRssFeed(Rss201rev2Feed):
    """RSS 2.0 with ``content:encoded``, ``atom:updated`` and a WebSub hub link."""

    def rss_attributes(self):
        attrs = super().rss_attributes()
        attrs["xmlns:content"] = "http://purl.org/rss/1.0/modules/content/"
        return attrs

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        if self.feed.get("hub"):
            handler.addQuickElement("atom:link", None, {"rel": "hub", "href": self.feed["hub"]})

    def add_item(self, *args, enclosures=None, **kwargs):
        # RSS allows one enclosure an item: the first image.
        super().add_item(*args, enclosures=(enclosures or [])[:1], **kwargs)

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])
        if item["updateddate"] is not None:
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))


class FullTextAtomFeed(Atom1Feed):
    """Atom with the article's HTML as ``content`` beside the summary, and a hub link."""

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        if self.feed.get("hub"):
            handler.addQuickElement("link", "", {"rel": "hub", "href": self.feed["hub"]})

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class JsonFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        feed = self.feed
        document = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": feed["description"],
            "language": "zh-CN",
            "items": [self.json_item(item) for item in self.items],
        }
        if feed.get("hub"):
            document["hubs"] = [{"type": "WebSub", "url": feed["hub"]}]
        outfile.write(json.dumps(document, ensure_ascii=False, indent=1).encode(encoding))

    def json_item(self, item: dict) -> dict:
        entry = {
            "id": item["unique_id"],
            "url": item["link"],
            "title": item["title"],
            "content_html": item.get("content_html") or "",
            "summary": item["description"],
        }
        if item["pubdate"] is not None:
            entry["date_published"] = rfc3339_date(item["pubdate"])
        if item["updateddate"] is not None:
            entry["date_modified"] = rfc3339_date(item["updateddate"])
        if item["author_name"]:
            entry["authors"] = [{"name": item["author_name"]}]
        if item["categories"]:
            entry["tags"] = list(item["categories"])
        if item["enclosures"]:
            entry["image"] = item["enclosures"][0].url
            entry["attachments"] = [
                {
                    "url": e.url,
                    "mime_type": e.mime_type,
                    **({"size_in_bytes": int(e.length)} if int(e.length) else {}),
                }
                for e in item["enclosures"]
            ]
        return entry


FORMATS = {"rss": FullTextRssFeed, "atom": FullTextAtomFeed, "json": JsonFeed}


# --- what a feed is about ------------------------------------------------------------------


def print_key(article: Article, page: Page | None = None) -> tuple[int, int, int]:
    """Where ``article`` stands in print: on ``page`` if given, else where it starts."""
    placements = article.print_placements()
    if page is not None:
        placements = [p for p in placements if p.page_id == page.pk]
    if not placements:
        return (10_000, 0, article.pk)
    return (placements[0].page.number, placements[0].position, article.pk)


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
        subject = self.get_object(request, *args, **kwargs)
        etag, last_modified = self.validators(subject)
        response = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if response is None:
            token = _request.set(request)
            try:
                feed = self.get_feed(subject, request)
            finally:
                _request.reset(token)
            response = HttpResponse(content_type=feed.content_type)
            feed.write(response, "utf-8")
        if request.method in ("GET", "HEAD"):
            response.headers["ETag"] = etag
            if last_modified is not None:
                response.headers["Last-Modified"] = http_date(last_modified)
        if settings.NEWSPAPER_WEBSUB_HUB:
            response.headers["Link"] = (
                f'<{settings.NEWSPAPER_WEBSUB_HUB}>; rel="hub", '
                f'<{request.build_absolute_uri(request.path)}>; rel="self"'
            )
        return response

    # What the feed holds

    def get_object(self, request, *args, **kwargs) -> FeedSubject:
        return FeedSubject(publication=Publication.objects.default())

    def scope(self, subject: FeedSubject) -> QuerySet:
        """The public articles this feed is made of, unordered."""
        return Article.objects.on_site().public()

    def ordered(self, articles: QuerySet) -> QuerySet:
        return articles.order_by("-published_at", "-id")

    def selection(self, subject: FeedSubject) -> QuerySet:
        articles = self.ordered(self.scope(subject).with_published_at())
        return articles if self.in_print_order else articles[: settings.NEWSPAPER_FEED_ITEMS]

    def items(self, subject: FeedSubject):
        articles = list(self.selection(subject).with_detail_data())
        if not self.in_print_order:
            return articles
        return sorted(articles, key=print_key)

    # Conditional GET

    def validator_rows(self, subject: FeedSubject) -> list[tuple]:
        """(id, last change, published_at) of every item, in one light query.

        The last change is the later of the article's save and its latest correction, as in
        ``item_updateddate``, so a correction alone is never answered with a 304.
        """
        rows = (
            self.selection(subject)
            .annotate(corrected_at=Max("corrections__created_at"))
            .values_list("id", "updated_at", "corrected_at", "published_at")
        )
        return [
            (pk, max(updated, corrected) if corrected else updated, published)
            for pk, updated, corrected, published in rows
        ]

    def validators(self, subject: FeedSubject) -> tuple[str, int | None]:
        """(ETag, Last-Modified timestamp) of the feed, without building it.

        The ETag covers the items, their order and change times, what the feed is about,
        the format and the hub, so any change a reader would see changes it, an item
        that leaves the feed included. Last-Modified is the newest change among the items.
        """
        rows = self.validator_rows(subject)
        fingerprint = repr(
            (
                FEED_FORMAT_VERSION,
                type(self).__name__,
                self.feed_type.__name__,
                settings.NEWSPAPER_WEBSUB_HUB,
                subject.identity(),
                [
                    (pk, updated.isoformat(), published.isoformat())
                    for pk, updated, published in rows
                ],
            )
        )
        etag = f'W/"{hashlib.sha256(fingerprint.encode()).hexdigest()[:32]}"'
        changes = [max(updated, published) for _pk, updated, published in rows]
        return etag, int(max(changes).timestamp()) if changes else None

    # The feed

    def feed_extra_kwargs(self, subject: FeedSubject) -> dict:
        return {"hub": settings.NEWSPAPER_WEBSUB_HUB}

    def item_title(self, item: Article) -> str:
        return item.headline

    def item_description(self, item: Article) -> str:
        """The summary: the ◆ highlights, else the opening of the text."""
        return " ".join(item.highlight_list) or Truncator(item.body_text).chars(200)

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
        before it was published. The one place that decides an item's "updated" date;
        ``validator_rows`` hashes the same times."""
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
        return {"content_html": absolute_html(item.body)}


# --- the feeds -----------------------------------------------------------------------------


class LatestArticlesFeed(ArticleFeed):
    def title(self, subject: FeedSubject) -> str:
        return _("%(site)s: latest news") % {"site": subject.site_name}

    def link(self) -> str:
        return reverse("articles:latest")

    def description(self, subject: FeedSubject) -> str:
        return _("The latest articles of %(site)s.") % {"site": subject.site_name}


class SectionFeed(ArticleFeed):
    def get_object(self, request, slug) -> FeedSubject:
        section = get_object_or_404(Section, slug=slug)
        return FeedSubject(publication=Publication.objects.default(), section=section)

    def scope(self, subject: FeedSubject) -> QuerySet:
        return Article.objects.on_site().public().in_section(subject.section)

    def title(self, subject: FeedSubject) -> str:
        return _("%(site)s: %(section)s") % {
            "site": subject.site_name,
            "section": subject.section.name,
        }

    def link(self, subject: FeedSubject) -> str:
        return subject.section.get_absolute_url()

    def description(self, subject: FeedSubject) -> str:
        return _("The latest articles in %(section)s.") % {"section": subject.section.name}


class AuthorFeed(ArticleFeed):
    def get_object(self, request, slug) -> FeedSubject:
        author = get_object_or_404(Author, slug=slug)
        return FeedSubject(publication=Publication.objects.default(), author=author)

    def scope(self, subject: FeedSubject) -> QuerySet:
        return Article.objects.on_site().public().by_author(subject.author)

    def title(self, subject: FeedSubject) -> str:
        return _("%(site)s: articles by %(author)s") % {
            "site": subject.site_name,
            "author": subject.author.name,
        }

    def link(self, subject: FeedSubject) -> str:
        return subject.author.get_absolute_url()

    def description(self, subject: FeedSubject) -> str:
        return _("The latest articles by %(author)s.") % {"author": subject.author.name}


class PageNumberFeed(ArticleFeed):
    """第N版 of every edition: subscribe to the front page, or to 第04版 社会, day by day."""

    def get_object(self, request, number) -> FeedSubject:
        page = (
            Page.objects.on_site()
            .public()
            .select_related("edition__publication")
            .filter(number=number)
            .order_by("-edition__date")
            .first()
        )
        if page is None:
            raise Http404("No edition has such a page.")
        return FeedSubject(publication=page.edition.publication, page=page)

    def scope(self, subject: FeedSubject) -> QuerySet:
        return (
            Article.objects.on_site().public().filter(placements__page__number=subject.page.number)
        )

    def ordered(self, articles: QuerySet) -> QuerySet:
        return articles.order_by("-edition__date", "placements__position", "-id")

    def title(self, subject: FeedSubject) -> str:
        return _("%(site)s %(page)s") % {"site": subject.site_name, "page": subject.page.label}

    def link(self, subject: FeedSubject) -> str:
        return subject.page.get_absolute_url()

    def description(self, subject: FeedSubject) -> str:
        return _("The stories of %(page)s, edition by edition, in print order.") % {
            "page": subject.page.label
        }


class EditionFeed(ArticleFeed):
    """One day's paper in print order: today's (the latest public edition) or a date's."""

    in_print_order = True

    def get_object(self, request, date=None) -> FeedSubject:
        editions = Edition.objects.on_site().public().with_masthead_data()
        if date is None:
            edition = editions.order_by("-date").first()
            if edition is None:
                return FeedSubject(publication=Publication.objects.default())
        else:
            edition = editions.filter(date=date).first()
            if edition is None:
                raise Http404("No edition on that date.")
        return FeedSubject(publication=edition.publication, edition=edition)

    def scope(self, subject: FeedSubject) -> QuerySet:
        if subject.edition is None:
            return Article.objects.on_site().public().none()
        return Article.objects.on_site().public().filter(edition=subject.edition)

    def ordered(self, articles: QuerySet) -> QuerySet:
        return articles.order_by("id")

    def title(self, subject: FeedSubject) -> str:
        if subject.edition is None:
            return _("%(site)s: today's paper") % {"site": subject.site_name}
        return _("%(site)s %(date)s") % {
            "site": subject.site_name,
            "date": subject.edition.masthead.gregorian,
        }

    def link(self, subject: FeedSubject) -> str:
        return subject.edition.get_absolute_url() if subject.edition else reverse("home")

    def description(self, subject: FeedSubject) -> str:
        if subject.edition is None:
            return _("Every article of today's paper.")
        return _("Every article of issue %(number)s, %(date)s.") % {
            "number": subject.edition.number,
            "date": subject.edition.masthead.gregorian,
        }


class EditionPageFeed(ArticleFeed):
    """One page (版) of one day's paper, in print order."""

    in_print_order = True

    def get_object(self, request, date, number) -> FeedSubject:
        page = (
            Page.objects.on_site()
            .public()
            .select_related("edition__publication")
            .filter(edition__date=date, number=number)
            .first()
        )
        if page is None:
            raise Http404("No such page.")
        return FeedSubject(publication=page.edition.publication, edition=page.edition, page=page)

    def scope(self, subject: FeedSubject) -> QuerySet:
        return Article.objects.on_site().public().filter(placements__page=subject.page)

    def ordered(self, articles: QuerySet) -> QuerySet:
        return articles.order_by("id")

    def items(self, subject: FeedSubject):
        """In print order on this page (a jumped story by its place here, not on page 1)."""
        articles = self.selection(subject).with_detail_data()
        return sorted(articles, key=lambda article: print_key(article, subject.page))

    def title(self, subject: FeedSubject) -> str:
        return _("%(site)s %(date)s %(page)s:%(name)s") % {
            "site": subject.site_name,
            "date": subject.edition.masthead.gregorian,
            "page": subject.page.label,
            "name": subject.page.name,
        }

    def link(self, subject: FeedSubject) -> str:
        return subject.page.get_absolute_url()

    def description(self, subject: FeedSubject) -> str:
        return _("Every article of %(page)s, %(date)s.") % {
            "page": subject.page.label,
            "date": subject.edition.masthead.gregorian,
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


# --- every feed, for feed readers and for people ---------------------------------------------


@dataclass(frozen=True)
class FeedLink:
    """One feed subject: its title, the page it follows, and its address in each format."""

    title: str
    html: str
    route: str
    kwargs: tuple = ()

    def url(self, fmt: str = "rss") -> str:
        name = self.route if fmt == "rss" else f"{self.route}-{fmt}"
        return reverse(name, kwargs=dict(self.kwargs))

    @property
    def rss(self) -> str:
        return self.url("rss")

    @property
    def atom(self) -> str:
        return self.url("atom")

    @property
    def json(self) -> str:
        return self.url("json")


def feed_directory() -> dict:
    """Every feed's subject, grouped: the paper, the pages of the latest edition (each one
    followed edition by edition), the sections and the authors with public articles. Four
    queries."""
    edition = Edition.objects.on_site().public().with_masthead_data().order_by("-date").first()
    pages = list(edition.pages.order_by("number")) if edition else []
    authors = Author.objects.filter(
        pk__in=Article.objects.on_site().public().values("authors")
    ).order_by("name")
    groups = [
        (
            _("The paper"),
            [
                FeedLink(_("Latest news"), reverse("articles:latest"), "feeds:latest"),
                FeedLink(_("Today's paper"), reverse("home"), "feeds:today"),
            ],
        ),
        (
            pgettext("feeds", "Pages, edition by edition"),
            [
                FeedLink(
                    f"{page.label}:{page.name}",
                    page.get_absolute_url(),
                    "feeds:page",
                    (("number", page.number),),
                )
                for page in pages
            ],
        ),
        (
            pgettext("feeds", "Sections"),
            [
                FeedLink(s.name, s.get_absolute_url(), "feeds:section", (("slug", s.slug),))
                for s in Section.objects.all()
            ],
        ),
        (
            pgettext("feeds", "Authors"),
            [
                FeedLink(a.name, a.get_absolute_url(), "feeds:author", (("slug", a.slug),))
                for a in authors
            ],
        ),
    ]
    publication = edition.publication if edition else Publication.objects.default()
    return {
        "publication": publication,
        "site_name": publication.name if publication else _("Newspaper"),
        "edition": edition,
        "groups": [(label, links) for label, links in groups if links],
    }


def opml(request):
    """An OPML 2.0 list of every feed (RSS), to subscribe to all at once."""
    context = feed_directory()
    context.update(
        title=_("%(site)s: all feeds") % {"site": context["site_name"]},
        created=timezone.now(),
    )
    return TemplateResponse(
        request, "feeds/feeds.opml", context, content_type="text/x-opml; charset=utf-8"
    )


def directory(request):
    """订阅: every feed, for people, in each format."""
    return TemplateResponse(request, "feeds/directory.html", feed_directory())
