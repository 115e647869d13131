"""RSS 2.0 and Atom feeds: the latest articles, each section, and today's paper.

Every item carries the full text (RSS ``content:encoded``, Atom ``content``) and a plain
summary. All of them start from the one visibility rule, ``Article.objects.public()``.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from articles.models import Article, Section
from articles.views import public_articles
from editions.models import Edition, Publication


class FullTextRssFeed(Rss201rev2Feed):
    """RSS 2.0 with the article's HTML in ``content:encoded``."""

    def rss_attributes(self):
        attrs = super().rss_attributes()
        attrs["xmlns:content"] = "http://purl.org/rss/1.0/modules/content/"
        return attrs

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class FullTextAtomFeed(Atom1Feed):
    """Atom with the article's HTML as ``content`` beside the summary."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


@dataclass(frozen=True)
class FeedSubject:
    """What a feed is about, loaded once per request: the paper and the section or edition."""

    publication: Publication | None
    section: Section | None = None
    edition: Edition | None = None

    @property
    def site_name(self) -> str:
        return self.publication.name if self.publication else _("Newspaper")


class ArticleFeed(Feed):
    """What every article feed shares: item fields, full text, the feed's language."""

    feed_type = FullTextRssFeed
    language = "zh-cn"

    def get_object(self, request, *args, **kwargs) -> FeedSubject:
        return FeedSubject(publication=Publication.objects.default())

    def item_title(self, item: Article) -> str:
        return item.headline

    def item_description(self, item: Article) -> str:
        return Truncator(item.body_text).chars(200)

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_guid_is_permalink(self, item: Article) -> bool:
        return True

    def item_pubdate(self, item: Article):
        return item.effective_publish_at or timezone.now()

    def item_updateddate(self, item: Article):
        """A correction makes the item updated, so feed readers show it again."""
        return item.last_modified

    def item_author_name(self, item: Article) -> str:
        return item.byline_display()

    def item_categories(self, item: Article) -> list[str]:
        return [item.section.name] if item.section_id else []

    def item_extra_kwargs(self, item: Article) -> dict:
        return {"content_html": item.body}


class LatestArticlesFeed(ArticleFeed):
    def title(self, subject: FeedSubject) -> str:
        return _("%(site)s: latest news") % {"site": subject.site_name}

    def link(self) -> str:
        return reverse("articles:latest")

    def description(self, subject: FeedSubject) -> str:
        return _("The latest articles of %(site)s.") % {"site": subject.site_name}

    def items(self):
        articles = public_articles().latest_first().with_detail_data()
        return articles[: settings.NEWSPAPER_FEED_ITEMS]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = FullTextAtomFeed
    subtitle = LatestArticlesFeed.description


class SectionFeed(ArticleFeed):
    def get_object(self, request, slug) -> FeedSubject:
        section = get_object_or_404(Section, slug=slug)
        return FeedSubject(publication=Publication.objects.default(), section=section)

    def title(self, subject: FeedSubject) -> str:
        return _("%(site)s: %(section)s") % {
            "site": subject.site_name,
            "section": subject.section.name,
        }

    def link(self, subject: FeedSubject) -> str:
        return subject.section.get_absolute_url()

    def description(self, subject: FeedSubject) -> str:
        return _("The latest articles in %(section)s.") % {"section": subject.section.name}

    def items(self, subject: FeedSubject):
        articles = public_articles().in_section(subject.section).latest_first().with_detail_data()
        return articles[: settings.NEWSPAPER_FEED_ITEMS]


class SectionAtomFeed(SectionFeed):
    feed_type = FullTextAtomFeed
    subtitle = SectionFeed.description


class TodaysPaperFeed(ArticleFeed):
    """The whole of the latest public edition, in print order."""

    def get_object(self, request) -> FeedSubject:
        edition = (
            Edition.objects.public()
            .for_site()
            .select_related("publication")
            .order_by("-date")
            .first()
        )
        if edition is None:
            return FeedSubject(publication=Publication.objects.default())
        return FeedSubject(publication=edition.publication, edition=edition)

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

    def items(self, subject: FeedSubject):
        if subject.edition is None:
            return []
        articles = list(public_articles().filter(edition=subject.edition).with_detail_data())

        def print_order(article: Article):
            first = article.first_placement
            return (first.page.number, first.position) if first else (10_000, article.pk)

        return sorted(articles, key=print_order)


class TodaysPaperAtomFeed(TodaysPaperFeed):
    feed_type = FullTextAtomFeed
    subtitle = TodaysPaperFeed.description
