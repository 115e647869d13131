"""Every public view runs a fixed number of queries, whatever the size of the paper."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection, transaction
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


# Each budget, with the queries it is made of. The frame's paper and sections, the site's
# version and the lists' counts come from the cache (newspaper/caching.py,
# articles/pagination.py), as between two changes in production.
BUDGETS = {
    # pages (+edition, publication), the placements of the page's stories (+page, article,
    # section; their other pages too, for jump lines), credits. The calendar beside the page
    # (the month's editions, 前一期/后一期) is rendered once per edition and version: one
    # query more the first time (test_the_calendar_costs_one_query_once_per_edition)
    "/": 3,
    # the same, with the page chosen by number
    "/editions/2024-04-01/01/": 3,
    # pages (+edition, publication), the edition's placements (+page, article, section)
    "/editions/2024-04-01/": 2,
    # article (+edition, publication, section, and its corrections as JSON), credits,
    # images, the edition's placements in print order (上一篇/下一篇 and its own pages)
    "ARTICLE": 4,
    # section, page of articles, placements, credits
    "/sections/yaowen/": 4,
    # author, page of articles, placements, credits
    "AUTHOR": 4,
    # page of articles, placements, credits
    "/articles/": 3,
    # latest edition date, editions in the month (the months with editions: cached under
    # the site's version)
    "/editions/": 2,
    "/editions/2024/04/": 1,
    # Every feed: the items, placements, credits, images and corrections. What it is about
    # (the edition, page, section or author) is read once per version and then remembered
    # with it in the cache (test_feeds.py), like its ETag and Last-Modified.
    "/feeds/latest/rss/": 5,
    "/feeds/latest/atom/": 5,
    "/feeds/latest/json/": 5,
    "/feeds/today/rss/": 5,
    "/feeds/today/json/": 5,
    "/feeds/editions/2024-04-01/atom/": 5,
    "/feeds/editions/2024-04-01/01/rss/": 5,
    "/feeds/pages/01/rss/": 5,
    "/feeds/pages/02/json/": 5,
    "/feeds/sections/yaowen/rss/": 5,
    "/feeds/sections/yaowen/json/": 5,
    "/feeds/authors/xunan/atom/": 5,
    # latest edition (+publication), its pages, sections, authors with public articles
    "/feeds/feeds.opml": 4,
    "/feeds/": 4,
    # search, filters and archive: the filter form's section and author choices, page of
    # articles, placements, credits
    "/search/?q=%E6%96%B0%E9%97%BB": 5,
    "/editions/articles/": 5,
    # the same with the section and author looked up by slug to filter by them
    "/search/?q=%E6%96%B0%E9%97%BB&start=2024-04-01&section=yaowen&author=xunan&ban=1": 7,
    "/editions/articles/?start=2024-03-01&end=2024-04-30&section=yaowen&author=xunan"
    "&genre=%E6%B6%88%E6%81%AF&ban=1": 7,
    # the form's section and author choices: no search yet
    "/search/": 2,
    # editions of the year, years
    "/editions/2024/": 2,
    # jump to a day without an edition: that day's edition, the month's editions, the
    # editions before and after (the months: cached)
    "/editions/?date=2024-04-02": 4,
    # the index: the news sitemap's publication and count of articles (the other sitemaps'
    # counts are cached under the site's version, their latest change is the version's)
    "/sitemap.xml": 2,
    # each sitemap: one page of URLs (only the columns the URLs need; the count cached)
    "/sitemap-articles.xml": 1,
    "/sitemap-editions.xml": 1,
    "/sitemap-pages.xml": 1,
    "/sitemap-sections.xml": 1,
    "/sitemap-news.xml": 3,
    "/robots.txt": 0,
    # page of corrections (+article, edition)
    "/corrections/": 1,
}


@pytest.fixture(scope="module", params=[10, 200], ids=lambda n: f"{n}-articles")
def paper(request, django_db_setup, django_db_blocker):
    """A paper of 10, then of 200 articles, built once for all the budgets.

    Built in a transaction that stays open while the module's tests run (each in a
    savepoint of its own, rolled back after it) and is rolled back at the end, so no other
    module sees it. Yields the URLs of its first article and of its author.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            _, first, author = build_paper(request.param)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield {"ARTICLE": first.get_absolute_url(), "AUTHOR": author.get_absolute_url()}
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.mark.parametrize("url", list(BUDGETS))
def test_query_count_is_pinned_and_does_not_grow_with_the_paper(client, paper, url):
    """The same count with 10 articles as with 200: each paper size is a case of its own."""
    assert count_queries(client, paper.get(url, url)) == BUDGETS[url]


@pytest.mark.parametrize("url", ["/", "/editions/2024-04-01/01/"])
def test_the_calendar_costs_one_query_once_per_edition(client, paper, url):
    """A page whose edition's calendar is not rendered yet under this version (the frame and
    the version cached by another page) costs the calendar's one query more, and no more."""
    with override_settings(NEWSPAPER_PAGE_CACHE=False):
        cache.clear()
        client.get("/articles/")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
    assert response.status_code == 200
    assert len(queries) == BUDGETS[url] + 1
