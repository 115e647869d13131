"""One definition of what readers may see, and every public surface keeps to it."""

import datetime

import feedparser
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from editions.models import Edition

from .factories import ArticleFactory, EditionFactory, PageFactory

PUBLIC_URLS = [
    "/",
    "/articles/",
    "/sections/yaowen/",
    "/feeds/latest/rss/",
    "/feeds/latest/atom/",
    "/feeds/today/rss/",
    "/feeds/sections/yaowen/rss/",
]


def everything_public(client, extra=()):
    """The text of every public listing page and feed."""
    text = ""
    for url in [*PUBLIC_URLS, *extra]:
        response = client.get(url)
        assert response.status_code == 200, url
        text += response.content.decode()
    return text


@pytest.fixture
def page(db):
    return PageFactory(edition=EditionFactory(date=datetime.date(2024, 4, 1)), number=1)


def test_public_articles_are_published_with_their_time_come(page):
    """The queryset rule itself: status, own time, edition's time."""
    visible = ArticleFactory(title="可见", page=page)
    ArticleFactory(title="草稿", draft=True, page=page)
    ArticleFactory(title="撤稿", withdrawn=True, page=page)
    ArticleFactory(title="定时", scheduled=True, page=page)
    assert list(Article.objects.public()) == [visible]


@pytest.mark.parametrize("trait", ["draft", "withdrawn", "scheduled"])
def test_hidden_article_is_absent_from_every_page_and_feed(client, page, trait):
    """Drafts, withdrawn and scheduled articles appear nowhere a reader looks."""
    ArticleFactory(title="看得见的稿件", page=page)
    hidden = ArticleFactory(title="不该出现的稿件", page=page, **{trait: True})
    text = everything_public(
        client, ["/editions/2024-04-01/", "/editions/2024-04-01/01/", "/feeds/today/atom/"]
    )
    assert "看得见的稿件" in text
    assert "不该出现的稿件" not in text
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_every_article_of_a_scheduled_edition_is_hidden(client, db):
    """An edition's publish time gates its articles, whatever their own status says."""
    edition = EditionFactory(date=datetime.date(2024, 4, 2), scheduled=True)
    article = ArticleFactory(title="明天见报", page=PageFactory(edition=edition, number=1))
    text = everything_public(client)
    assert "明天见报" not in text
    assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get("/editions/2024-04-02/").status_code == 404
    assert client.get("/editions/2024-04-02/01/").status_code == 404
    assert not Edition.objects.public().exists()


def test_a_draft_edition_hides_its_published_articles(client, db):
    edition = EditionFactory(draft=True)
    article = ArticleFactory(page=PageFactory(edition=edition, number=1))
    assert client.get(article.get_absolute_url()).status_code == 404
    assert not Article.objects.public().exists()


def test_scheduled_article_appears_by_itself_when_its_time_comes(client, page):
    """No cron job: the same request after the publish time shows it."""
    article = ArticleFactory(title="定时发布的稿件", page=page, scheduled=True)
    assert "定时发布的稿件" not in everything_public(client)
    later = timezone.now() + datetime.timedelta(hours=3)
    with time_machine.travel(later, tick=False):
        assert client.get(article.get_absolute_url()).status_code == 200
        text = everything_public(client, ["/editions/2024-04-01/01/"])
        assert "定时发布的稿件" in text
        feed = feedparser.parse(client.get("/feeds/latest/rss/").content)
        assert "定时发布的稿件" in [entry.title for entry in feed.entries]


def test_scheduled_edition_appears_by_itself_when_its_time_comes(client, db):
    edition = EditionFactory(date=datetime.date(2024, 4, 2), scheduled=True)
    ArticleFactory(title="新一期头条", page=PageFactory(edition=edition, number=1))
    assert "新一期头条" not in client.get("/").content.decode()
    later = timezone.now() + datetime.timedelta(hours=3)
    with time_machine.travel(later, tick=False):
        assert "新一期头条" in client.get("/").content.decode()
        assert client.get("/editions/2024-04-02/").status_code == 200


def test_web_only_article_published_without_a_time_goes_live_now(db):
    article = ArticleFactory(publish_at=None)
    assert article.publish_at is not None
    assert Article.objects.public().filter(pk=article.pk).exists()


def test_article_of_another_publication_is_not_on_this_site(client, db):
    from .factories import PublicationFactory

    other = EditionFactory(publication=PublicationFactory(slug="other", name="别的报纸"))
    article = ArticleFactory(title="别家稿件", page=PageFactory(edition=other, number=1))
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "别家稿件" not in client.get(reverse("articles:latest")).content.decode()
