"""Sitemaps: an index of the articles, editions, pages (版) and sections, a Google News
sitemap of the last two days' articles, and the robots.txt that names them.

Every sitemap starts from the one visibility rule (``Article.objects.on_site().public()``,
``Edition.objects.public()``), loads only the columns its URLs need, and runs a fixed
number of queries per page of URLs.
"""

import datetime

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max, Value
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from articles.models import Article, Section
from editions.models import Edition, Page, Publication

# Google News takes the articles of the last two days, at most 1,000 of them.
NEWS_WINDOW = datetime.timedelta(days=2)
NEWS_LIMIT = 1000


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Article.objects.on_site().public().only("id", "updated_at").order_by("-id")

    def lastmod(self, article) -> datetime.datetime:
        return article.updated_at

    def get_latest_lastmod(self):
        return Article.objects.on_site().public().aggregate(latest=Max("updated_at"))["latest"]


class EditionSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Edition.objects.on_site().public().only("id", "date", "updated_at").order_by("-date")

    def lastmod(self, edition) -> datetime.datetime:
        return edition.updated_at

    def get_latest_lastmod(self):
        return Edition.objects.on_site().public().aggregate(latest=Max("updated_at"))["latest"]


class PageSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return (
            Page.objects.on_site()
            .public()
            .select_related("edition")
            .only("id", "number", "edition__date", "edition__updated_at")
            .order_by("-edition__date", "number")
        )

    def lastmod(self, page) -> datetime.datetime:
        return page.edition.updated_at

    def get_latest_lastmod(self):
        return Edition.objects.on_site().public().aggregate(latest=Max("updated_at"))["latest"]


class SectionSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return Section.objects.order_by("position", "name")


class NewsSitemap(Sitemap):
    """Google News: the public articles of the last two days, with the paper's name, the
    language, the publication time and the title. Rendered by ``sitemaps/news.xml``."""

    limit = NEWS_LIMIT

    def items(self):
        """Lazy, so the index counts them instead of loading them. Every article here is
        the site's publication's (``on_site()``), web-only ones too, so its name is one
        value for all."""
        publication = Publication.objects.default()
        name = publication.name if publication else _("Newspaper")
        return (
            Article.objects.on_site()
            .public()
            .with_published_at()
            .filter(published_at__gte=timezone.now() - NEWS_WINDOW)
            .annotate(news_publication=Value(str(name)))
            .only("id", "title", "published_at")
            .order_by("-published_at", "-id")[:NEWS_LIMIT]
        )


SITEMAPS = {
    "articles": ArticleSitemap,
    "editions": EditionSitemap,
    "pages": PageSitemap,
    "sections": SectionSitemap,
    "news": NewsSitemap,
}


def index(request):
    """/sitemap.xml: the sitemap index."""
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap-section")


def section(request, section: str):
    """/sitemap-<section>.xml; the news sitemap in Google's format."""
    template = "sitemaps/news.xml" if section == "news" else "sitemap.xml"
    return sitemap_views.sitemap(request, SITEMAPS, section=section, template_name=template)


@require_safe
def robots_txt(request):
    """robots.txt: keep crawlers out of the admin, previews and search results; name the
    sitemaps."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        f"Disallow: {reverse('articles:search')}",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "Sitemap: "
        + request.build_absolute_uri(reverse("sitemap-section", kwargs={"section": "news"})),
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
