"""RSS 2.0 and Atom feeds that feed readers accept, with the full text in each item."""

import feedparser
import pytest

from articles.models import Article

pytestmark = pytest.mark.django_db

FEEDS = [
    ("/feeds/latest/rss/", "rss20"),
    ("/feeds/latest/atom/", "atom10"),
    ("/feeds/today/rss/", "rss20"),
    ("/feeds/today/atom/", "atom10"),
    ("/feeds/sections/yaowen/rss/", "rss20"),
    ("/feeds/sections/yaowen/atom/", "atom10"),
    ("/feeds/sections/pinglun/rss/", "rss20"),
]


@pytest.mark.parametrize(("url", "version"), FEEDS)
def test_every_feed_parses_without_error(client, demo, url, version):
    response = client.get(url)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == version
    assert parsed.entries
    assert parsed.feed.get("language", "zh-cn").lower() == "zh-cn"


@pytest.mark.parametrize(("url", "version"), FEEDS)
def test_every_item_carries_the_full_text(client, demo, url, version):
    parsed = feedparser.parse(client.get(url).content)
    for entry in parsed.entries:
        article = Article.objects.get(pk=int(entry.link.rstrip("/").rsplit("/", 1)[1]))
        assert entry.content[0].value == article.body
        assert entry.summary  # a plain summary beside it
        assert entry.id.endswith(article.get_absolute_url())


def test_todays_paper_feed_runs_in_print_order(client, demo):
    parsed = feedparser.parse(client.get("/feeds/today/rss/").content)
    titles = [entry.title for entry in parsed.entries]
    assert titles[0] == "动能澎湃向“新”行"
    assert titles[2] == "市委常委会召开会议"
    assert len(titles) == 5


def test_section_feed_holds_only_that_section(client, demo):
    parsed = feedparser.parse(client.get("/feeds/sections/pinglun/rss/").content)
    assert [entry.title for entry in parsed.entries] == [
        "让新质生产力的底色更鲜明 让高质量发展的引擎更强劲"
    ]


def test_items_name_their_authors_and_section(client, demo):
    parsed = feedparser.parse(client.get("/feeds/today/rss/").content)
    lead = parsed.entries[0]
    assert "翟伟" in lead.author
    assert [tag.term for tag in lead.tags] == ["要闻"]


def test_todays_paper_feed_is_empty_but_valid_without_an_edition(client, db):
    parsed = feedparser.parse(client.get("/feeds/today/rss/").content)
    assert not parsed.bozo
    assert parsed.entries == []
