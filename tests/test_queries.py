"""Every public view runs a fixed number of queries, whatever the size of the paper."""

import datetime

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from articles.models import ArticleAuthor, Author, Correction, Placement
from articles.search import deferred_indexing

from .factories import ArticleFactory, EditionFactory, PageFactory

pytestmark = pytest.mark.django_db


def build_paper(articles: int):
    """One edition of four pages; ``articles`` stories on page 1, every fifth jumping to 2."""
    edition = EditionFactory(date=datetime.date(2024, 4, 1))
    pages = [PageFactory(edition=edition, number=n) for n in range(1, 5)]
    author = Author.objects.create(name="徐楠", role="记者")
    first = None
    with deferred_indexing():  # as an import does: the search index once, at the end
        for n in range(articles):
            article = ArticleFactory(page=pages[0], page__position=n + 1)
            ArticleAuthor.objects.create(article=article, author=author, role="记者", position=1)
            if n % 5 == 0:
                Placement.objects.create(article=article, page=pages[1], position=n + 1)
                Correction.objects.create(article=article, text="更正:标题有误。")
            first = first or article
    return edition, first, author


def count_queries(client, url: str) -> int:
    """The queries of a page the page cache does not hold, once the site's version and the
    frame (paper, sections) are cached, as they are between two changes in production.
    ``tests/test_caching.py`` pins what a cached page costs: nothing."""
    with override_settings(NEWSPAPER_PAGE_CACHE=False):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


# Each budget, with the queries it is made of:
BUDGETS = {
    # publication (masthead frame), sections (nav), edition, pages, placements,
    # their articles' placements, credits
    "/": 7,
    # the same, with the page chosen by number
    "/editions/2024-04-01/01/": 7,
    # publication, sections, edition, pages, placements of all pages, their placements, credits
    "/editions/2024-04-01/": 7,
    # publication, sections, article (+edition, section), placements, credits, images,
    # corrections, the edition's reading order (上一篇/下一篇)
    "ARTICLE": 8,
    # publication, sections, section, count, page of articles, placements, credits
    "/sections/yaowen/": 7,
    # publication, sections, author, count, page of articles, placements, credits
    "AUTHOR": 7,
    # publication, sections, count, page of articles, placements, credits
    "/articles/": 6,
    # publication, sections, latest edition date, editions in the month, months
    "/editions/": 5,
    "/editions/2024/04/": 4,
    # Every feed: what it is about, the items' ids and change times (for ETag and
    # Last-Modified, so a 304 stops there), then the items, placements, credits, images and
    # corrections.
    # publication, validators, articles, placements, credits, images, corrections
    "/feeds/latest/rss/": 7,
    "/feeds/latest/atom/": 7,
    "/feeds/latest/json/": 7,
    # edition (+publication), validators, articles, placements, credits, images, corrections
    "/feeds/today/rss/": 7,
    "/feeds/today/json/": 7,
    "/feeds/editions/2024-04-01/atom/": 7,
    # page (+edition, publication), validators, articles, placements, credits, images, corrections
    "/feeds/editions/2024-04-01/01/rss/": 7,
    "/feeds/pages/01/rss/": 7,
    "/feeds/pages/02/json/": 7,
    # section or author, publication, validators, articles, placements, credits, images, corrections
    "/feeds/sections/yaowen/rss/": 8,
    "/feeds/sections/yaowen/json/": 8,
    "/feeds/authors/xunan/atom/": 8,
    # latest edition (+publication), its pages, sections, authors with public articles
    "/feeds/feeds.opml": 4,
    # the same four, and the frame's publication and sections
    "/feeds/": 6,
    # search, filters and archive: publication, sections (nav), the filter form's section
    # and author choices, count, page of articles, placements, credits
    "/search/?q=%E6%96%B0%E9%97%BB": 8,
    "/editions/articles/": 8,
    # the same with the section and author looked up by slug to filter by them
    "/search/?q=%E6%96%B0%E9%97%BB&start=2024-04-01&section=yaowen&author=xunan&ban=1": 10,
    "/editions/articles/?start=2024-03-01&end=2024-04-30&section=yaowen&author=xunan"
    "&genre=%E6%B6%88%E6%81%AF&ban=1": 10,
    # publication, sections, and the form's section and author choices: no search yet
    "/search/": 4,
    # publication, sections, editions of the year, years
    "/editions/2024/": 4,
    # jump to a day without an edition: publication, sections, that day's edition, the
    # month's editions, months, the editions before and after
    "/editions/?date=2024-04-02": 7,
    # the index: latest change and count of articles, editions and pages, count of
    # sections, and the news sitemap's publication and count of articles
    "/sitemap.xml": 9,
    # each sitemap: count, then one page of URLs (only the columns the URLs need)
    "/sitemap-articles.xml": 2,
    "/sitemap-editions.xml": 2,
    "/sitemap-pages.xml": 2,
    "/sitemap-sections.xml": 2,
    # publication, count, the last two days' articles (only the columns the URLs need)
    "/sitemap-news.xml": 3,
    "/robots.txt": 0,
    # publication, sections, count, page of corrections (+article, edition)
    "/corrections/": 4,
}


@pytest.mark.parametrize("url", list(BUDGETS))
def test_query_count_is_pinned_and_does_not_grow_with_the_paper(client, url):
    """The same count with 10 articles as with 200."""
    counts = []
    for size in (10, 200):
        edition, first, author = build_paper(size)
        target = {"ARTICLE": first.get_absolute_url(), "AUTHOR": author.get_absolute_url()}.get(
            url, url
        )
        counts.append(count_queries(client, target))
        edition.delete()
        author.delete()
    assert counts == [BUDGETS[url], BUDGETS[url]], (url, counts)
