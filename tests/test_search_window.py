"""A search reads a bounded window of the newest matches (``NEWSPAPER_SEARCH_WINDOW``):
counted exactly up to it and "more than" beyond, ranked within it, paged within it, and
cached under the site's version, so turning pages does not search again."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.search import newest_matches, parse_query

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_window(settings):
    settings.NEWSPAPER_SEARCH_WINDOW = 3


def articles_days_ago(*titles_and_days):
    now = timezone.now()
    return [
        ArticleFactory(title=title, body=f"<p>{body}</p>", publish_at=now - timedelta(days=d))
        for title, body, d in titles_and_days
    ]


def search_page(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return response


def test_a_rare_word_is_counted_exactly(client, small_window):
    articles_days_ago(("冰雪甲", "", 1), ("冰雪乙", "", 2), ("无关", "", 3))
    response = search_page(client, "冰雪")
    assert response.context["paginator"].count == 2
    assert response.context["more_matches"] is False
    assert response.context["count_note"] == ""


def test_beyond_the_window_the_count_is_more_than_and_the_newest_are_ranked(client, small_window):
    """Five matches, a window of three: the oldest two (one with the word in its headline)
    are not read; of the newest three, the headline match ranks first."""
    articles_days_ago(
        ("正文一", "冰雪", 1),
        ("正文二", "冰雪", 2),
        ("冰雪新标题", "", 3),
        ("冰雪旧标题", "", 4),
        ("正文三", "冰雪", 5),
    )
    response = search_page(client, "冰雪")
    shown = [result.article.headline for result in response.context["results"]]
    assert shown == ["冰雪新标题", "正文一", "正文二"]
    assert response.context["paginator"].count == 3
    assert response.context["more_matches"] is True
    assert "3" in response.context["count_note"]
    assert "找到超过 3 篇稿件，显示最新的 3 篇。" in response.content.decode()


def test_newest_first_pages_through_the_window(client, small_window):
    articles_days_ago(("冰雪一", "", 1), ("冰雪二", "", 2), ("冰雪三", "", 3), ("冰雪四", "", 4))
    response = search_page(client, "冰雪", sort="date")
    shown = [result.article.headline for result in response.context["results"]]
    assert shown == ["冰雪一", "冰雪二", "冰雪三"]


def test_the_window_is_cached_until_something_readers_see_changes(client):
    articles_days_ago(("冰雪一", "", 1))
    query = parse_query("冰雪")
    public = Article.objects.on_site().public()
    assert newest_matches(public, query).ids
    with CaptureQueriesContext(connection) as queries:
        again = newest_matches(public, query)
    assert len(queries) == 0
    assert again.count == 1
    ArticleFactory(title="冰雪二", publish_at=timezone.now() - timedelta(minutes=1))
    assert newest_matches(Article.objects.on_site().public(), query).count == 2
