"""Sitemaps: an index of the articles, editions, pages (版) and sections, a Google News
sitemap of the last two days' articles, and the robots.txt that names them.

Every sitemap starts from the one visibility rule (``Article.objects.on_site().public()``,
``Edition.objects.public()``), loads only the columns its URLs need, and runs a fixed
number of queries per page of URLs: its rows are tuples of those columns (a page of
5,000 model instances weighed 7 MB in a worker), its links built without ``reverse()`` per
row (which 5,000 times would cost a third of the page or flush the links' cache), its count
is kept in the cache under the site's version
and its latest change is the version's, so the index reads no table once counted, and a
page of URLs reads one page of rows. A page of 5,000 URLs is written by ``urlset_xml``
(the template language took three quarters of its time).
"""

import datetime

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Value
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from articles.models import Article, Section
from articles.pagination import CachedCountPaginator
from editions.models import Edition, Page, Publication

from .caching import site_state

# An id no link contains otherwise, to find where the id goes in an article's link.
LINK_SAMPLE_ID = 918273645

# Google News takes the articles of the last two days, at most 1,000 of them.
NEWS_WINDOW = datetime.timedelta(days=2)
NEWS_LIMIT = 1000


class ArchiveSitemap(Sitemap):
    """A sitemap of the archive: its count cached under the site's version, and its latest
    change the version's last change (every edit, publish or rename moves it; never earlier
    than any of its URLs' own), instead of a count and a MAX over the whole archive on every
    request."""

    limit = 5000

    @property
    def paginator(self):
        return CachedCountPaginator(self._items(), self.limit)

    def get_latest_lastmod(self):
        return site_state().last_modified


class ArticleSitemap(ArchiveSitemap):
    changefreq = "weekly"

    def items(self):
        return (
            Article.objects.on_site()
            .public()
            .order_by("-id")
            .values_list("id", "updated_at", named=True)
        )

    def location(self, row) -> str:
        before, after = self._link_around_id
        return f"{before}{row.id}{after}"

    @cached_property
    def _link_around_id(self) -> tuple[str, str]:
        """An article's link split where its id goes: ``reverse()`` once, not 5,000 times."""
        sample = reverse("articles:detail", kwargs={"pk": LINK_SAMPLE_ID})
        before, _, after = sample.partition(str(LINK_SAMPLE_ID))
        return before, after

    def lastmod(self, row) -> datetime.datetime:
        return row.updated_at


class EditionSitemap(ArchiveSitemap):
    changefreq = "monthly"

    def items(self):
        return (
            Edition.objects.on_site()
            .public()
            .order_by("-date")
            .values_list("date", "updated_at", named=True)
        )

    def location(self, row) -> str:
        return reverse("editions:detail", kwargs={"date": row.date})

    def lastmod(self, row) -> datetime.datetime:
        return row.updated_at


class PageSitemap(ArchiveSitemap):
    changefreq = "monthly"

    def items(self):
        return (
            Page.objects.on_site()
            .public()
            .order_by("-edition__date", "number")
            .values_list("number", "edition__date", "edition__updated_at", named=True)
        )

    def location(self, row) -> str:
        return reverse("editions:page", kwargs={"date": row.edition__date, "number": row.number})

    def lastmod(self, row) -> datetime.datetime:
        return row.edition__updated_at


class SectionSitemap(ArchiveSitemap):
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
    """/sitemap-<section>.xml; the news sitemap in Google's format. Django's view finds the
    page of URLs (404s, Last-Modified, X-Robots-Tag); ``urlset_xml`` writes it."""
    if section == "news":
        return sitemap_views.sitemap(
            request, SITEMAPS, section=section, template_name="sitemaps/news.xml"
        )
    response = sitemap_views.sitemap(request, SITEMAPS, section=section)
    response.content = urlset_xml(response.context_data["urlset"])
    return response


# The elements of a <url>, in the schema's order.
URL_FIELDS = ("loc", "lastmod", "changefreq", "priority")


def urlset_xml(urls) -> str:
    """A urlset as ``sitemap.xml`` renders it (lastmod as the local date), written directly."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    ]
    zone = timezone.get_current_timezone()
    for url in urls:
        entry = f"<url><loc>{escape(url['location'])}</loc>"
        lastmod = url.get("lastmod")
        if lastmod:
            if isinstance(lastmod, datetime.datetime) and timezone.is_aware(lastmod):
                lastmod = lastmod.astimezone(zone)
            entry += f"<lastmod>{lastmod:%Y-%m-%d}</lastmod>"
        if url.get("changefreq"):
            entry += f"<changefreq>{escape(url['changefreq'])}</changefreq>"
        if url.get("priority"):
            entry += f"<priority>{escape(url['priority'])}</priority>"
        lines.append(entry + "</url>")
    lines.append("</urlset>\n")
    return "\n".join(lines)


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
