"""Every public view runs a fixed number of queries, whatever the size of the paper."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import ArticleAuthor, Author, Correction, Placement

from .factories import ArticleFactory, EditionFactory, PageFactory

pytestmark = pytest.mark.django_db


def build_paper(articles: int):
    """One edition of four pages; ``articles`` stories on page 1, every fifth jumping to 2."""
    edition = EditionFactory(date=datetime.date(2024, 4, 1))
    pages = [PageFactory(edition=edition, number=n) for n in range(1, 5)]
    author = Author.objects.create(name="徐楠", role="记者")
    first = None
    for n in range(articles):
        article = ArticleFactory(page=pages[0], page__position=n + 1)
        ArticleAuthor.objects.create(article=article, author=author, role="记者", position=1)
        if n % 5 == 0:
            Placement.objects.create(article=article, page=pages[1], position=n + 1)
            Correction.objects.create(article=article, text="更正:标题有误。")
        first = first or article
    return edition, first, author


def count_queries(client, url: str) -> int:
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
    # publication, articles, placements, credits, images, corrections
    "/feeds/latest/rss/": 6,
    "/feeds/latest/atom/": 6,
    # edition (+publication), articles, placements, credits, images, corrections
    "/feeds/today/rss/": 6,
    # section, publication, articles, placements, credits, images, corrections
    "/feeds/sections/yaowen/rss/": 7,
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
    assert counts == [BUDGETS[url], BUDGETS[url]]
