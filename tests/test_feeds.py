"""Feeds that feed readers accept: RSS 2.0, Atom and JSON Feed 1.1 for every subject, with
the full text, image enclosures, stable GUIDs, updated items and conditional GET."""

import datetime
import json
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from unittest import mock

import feedparser
import pytest
import time_machine
from django.contrib.syndication.views import Feed
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, ArticleImage, Author
from newspaper.feeds import article_guid

from .factories import ArticleFactory, EditionFactory, PageFactory

pytestmark = pytest.mark.django_db

GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
    b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)

# Every feed subject of the demo, as the RSS address; Atom and JSON sit beside it.
SUBJECTS = [
    "/feeds/latest/",
    "/feeds/today/",
    "/feeds/sections/yaowen/",
    "/feeds/sections/pinglun/",
    "/feeds/authors/{author}/",
    "/feeds/pages/01/",
    "/feeds/pages/02/",
    "/feeds/editions/2024-04-01/",
    "/feeds/editions/2024-04-01/02/",
]


@pytest.fixture
def feed_urls(demo):
    """(subject, format) -> address, for every feed of the demo."""
    author = Author.objects.get(name="翟伟").slug
    return {
        (subject, fmt): subject.format(author=author) + f"{fmt}/"
        for subject in SUBJECTS
        for fmt in ("rss", "atom", "json")
    }


def entry_article(link: str) -> Article:
    return Article.objects.get(pk=int(link.rstrip("/").rsplit("/", 1)[1]))


def check_json_feed(document: dict) -> None:
    """The rules of JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(document["title"], str) and document["title"]
    assert isinstance(document["items"], list)
    for key in ("home_page_url", "feed_url"):
        assert document[key].startswith("http://testserver/")
    for hub in document.get("hubs", []):
        assert hub["type"] and hub["url"]
    for item in document["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert item.get("content_html") or item.get("content_text")
        assert item["url"].startswith("http://testserver/")
        for key in ("date_published", "date_modified"):
            if key in item:
                datetime.datetime.fromisoformat(item[key])
        for author in item.get("authors", []):
            assert author["name"]
        for attachment in item.get("attachments", []):
            assert attachment["url"] and attachment["mime_type"]
        assert all(isinstance(tag, str) for tag in item.get("tags", []))


def parse(client, url: str):
    """A feedparser result for RSS/Atom; the JSON document, checked, for JSON Feed."""
    response = client.get(url)
    assert response.status_code == 200, url
    if url.endswith("/json/"):
        assert response["Content-Type"] == "application/feed+json; charset=utf-8"
        document = json.loads(response.content)
        check_json_feed(document)
        return document
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return parsed


def titles(client, url: str) -> list[str]:
    parsed = parse(client, url)
    if url.endswith("/json/"):
        return [item["title"] for item in parsed["items"]]
    return [entry.title for entry in parsed.entries]


# --- every feed is valid and full ---------------------------------------------------------


def test_every_feed_validates_in_its_format(client, feed_urls):
    for (_subject, fmt), url in feed_urls.items():
        parsed = parse(client, url)
        if fmt == "json":
            assert parsed["items"], url
            assert parsed["language"] == "zh-CN"
            continue
        assert parsed.version == {"rss": "rss20", "atom": "atom10"}[fmt], url
        assert parsed.entries, url
        assert parsed.feed.get("language", "zh-cn").lower() == "zh-cn"


def test_every_item_carries_the_full_text_and_a_summary(client, feed_urls):
    for (_subject, fmt), url in feed_urls.items():
        parsed = parse(client, url)
        if fmt == "json":
            for item in parsed["items"]:
                article = entry_article(item["url"])
                assert item["content_html"] == article.body
                assert item["summary"]
            continue
        for entry in parsed.entries:
            article = entry_article(entry.link)
            assert entry.content[0].value == article.body
            assert entry.summary


def test_summary_is_the_highlights_when_there_are_some(client, demo):
    entry = parse(client, "/feeds/today/rss/").entries[0]
    assert entry.summary.startswith("吉林向着抢占科技创新制高点")


def test_the_three_formats_hold_the_same_items(client, feed_urls):
    for subject in SUBJECTS:
        rss, atom, json_feed = (
            titles(client, feed_urls[subject, f]) for f in ("rss", "atom", "json")
        )
        assert rss == atom == json_feed, subject


def test_todays_paper_feed_runs_in_print_order(client, demo):
    got = titles(client, "/feeds/today/rss/")
    assert got[0] == "动能澎湃向“新”行"
    assert got[2] == "市委常委会召开会议"
    assert len(got) == 5


def test_a_past_days_feed_is_that_days_paper(client, demo):
    assert titles(client, "/feeds/editions/2024-04-01/rss/") == titles(client, "/feeds/today/rss/")


def test_a_page_feed_holds_the_stories_printed_on_that_page_in_print_order(client, demo):
    """第02版 holds the two stories that jump there from page 1, in their order on page 2."""
    expected = [
        "动能澎湃向“新”行",
        "2024中国·吉林(辽源)体育产业交流活动暨第27站“资源共享·供需对接”中体联公益系列活动"
        "体育资源对接大会在辽源成功举办",
    ]
    assert titles(client, "/feeds/pages/02/rss/") == expected
    assert titles(client, "/feeds/editions/2024-04-01/02/rss/") == expected
    assert len(titles(client, "/feeds/pages/01/rss/")) == 5


def test_a_page_feed_follows_the_page_edition_by_edition(client, db):
    """Subscribing to 第01版 gets each new day's front page, newest edition first."""
    for day, title in [(1, "一日头版"), (2, "二日头版")]:
        edition = EditionFactory(date=datetime.date(2024, 4, day))
        ArticleFactory(title=title, page=PageFactory(edition=edition, number=1))
        ArticleFactory(title=f"{title}之外", page=PageFactory(edition=edition, number=2))
    assert titles(client, "/feeds/pages/01/rss/") == ["二日头版", "一日头版"]
    parsed = parse(client, "/feeds/pages/01/rss/")
    assert parsed.feed.title == "辽源日报 第01版"


def test_section_feed_holds_only_that_section(client, demo):
    assert titles(client, "/feeds/sections/pinglun/rss/") == [
        "让新质生产力的底色更鲜明 让高质量发展的引擎更强劲"
    ]


def test_author_feed_holds_only_that_authors_articles(client, demo):
    author = Author.objects.get(name="徐楠")
    assert sorted(titles(client, f"/feeds/authors/{author.slug}/atom/")) == [
        "市委常委会召开会议",
        "让企业感受到安心创新创业的一流营商环境 让群众感受到更加优质便捷的政务服务",
    ]


def test_items_name_their_authors_and_section(client, demo):
    lead = parse(client, "/feeds/today/rss/").entries[0]
    assert "翟伟" in lead.author
    assert [tag.term for tag in lead.tags] == ["要闻"]


def test_todays_paper_feed_is_empty_but_valid_without_an_edition(client, db):
    parsed = parse(client, "/feeds/today/rss/")
    assert parsed.entries == []
    assert parse(client, "/feeds/today/json/")["items"] == []


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/editions/2024-04-02/rss/",
        "/feeds/editions/2024-02-30/rss/",
        "/feeds/editions/2024-04-01/09/rss/",
        "/feeds/editions/2024-04-01/00/atom/",
        "/feeds/pages/09/rss/",
        "/feeds/pages/1/rss/",
        "/feeds/authors/no-such-author/json/",
        "/feeds/sections/no-such-section/json/",
        "/feeds/latest/xml/",
    ],
)
def test_unknown_feeds_are_404(client, demo, url):
    assert client.get(url).status_code == 404


def test_links_and_images_in_the_text_are_absolute(client, db):
    ArticleFactory(body='<p><a href="/articles/1/">前文</a><img src="/media/a.jpg" alt=""></p>')
    content = parse(client, "/feeds/latest/rss/").entries[0].content[0].value
    assert 'href="http://testserver/articles/1/"' in content
    assert 'src="http://testserver/media/a.jpg"' in content


# --- enclosures, GUIDs, updates -----------------------------------------------------------


@pytest.fixture
def pictured(db, settings, tmp_path):
    """An article with two images."""
    settings.MEDIA_ROOT = tmp_path
    article = ArticleFactory(title="图片新闻")
    for n in (1, 2):
        ArticleImage.objects.create(
            article=article,
            image=SimpleUploadedFile(f"p{n}.gif", GIF),
            caption=f"图{n}",
            position=n,
        )
    return article


def test_rss_items_enclose_their_first_image(client, pictured):
    entry = parse(client, "/feeds/latest/rss/").entries[0]
    (enclosure,) = entry.enclosures
    assert enclosure.href.startswith("http://testserver/media/articles/")
    assert enclosure.href.endswith("p1.gif")
    assert enclosure.type == "image/gif"
    assert enclosure.length == str(len(GIF))


def test_atom_and_json_items_enclose_every_image(client, pictured):
    entry = parse(client, "/feeds/latest/atom/").entries[0]
    assert [e.href.rsplit("/", 1)[1] for e in entry.enclosures] == ["p1.gif", "p2.gif"]
    item = parse(client, "/feeds/latest/json/")["items"][0]
    assert item["image"].endswith("p1.gif")
    assert [a["size_in_bytes"] for a in item["attachments"]] == [len(GIF), len(GIF)]


def test_guids_are_the_same_in_every_feed_and_format(client, demo):
    lead = Article.objects.get(title__contains="动能澎湃")
    guid = article_guid(lead)
    assert guid.startswith("urn:uuid:")
    author = Author.objects.get(name="翟伟")
    for url in [
        "/feeds/latest/rss/",
        "/feeds/today/atom/",
        "/feeds/sections/yaowen/rss/",
        f"/feeds/authors/{author.slug}/atom/",
        "/feeds/pages/02/rss/",
    ]:
        assert guid in [entry.id for entry in parse(client, url).entries], url
    assert guid in [item["id"] for item in parse(client, "/feeds/today/json/")["items"]]


def test_guids_do_not_change_with_an_edit_or_the_host_name(client, demo):
    before = [entry.id for entry in parse(client, "/feeds/today/rss/").entries]
    lead = Article.objects.get(title__contains="动能澎湃")
    lead.title = "动能澎湃向新行"
    lead.save()
    after = feedparser.parse(
        client.get("/feeds/today/rss/", HTTP_HOST="localhost", secure=True).content
    )
    assert [entry.id for entry in after.entries] == before
    assert after.entries[0].guidislink is False


def test_an_edited_item_shows_as_updated(client, db):
    """The updated date moves; the publication date stays. Corrections will move it too."""
    article = ArticleFactory(title="稿件")
    first = parse(client, "/feeds/latest/atom/").entries[0]
    later = timezone.now() + datetime.timedelta(hours=2)
    with time_machine.travel(later, tick=False):
        article.body = "<p>更正后的正文。</p>"
        article.save()
        atom = parse(client, "/feeds/latest/atom/").entries[0]
        rss = parse(client, "/feeds/latest/rss/").entries[0]
        item = parse(client, "/feeds/latest/json/")["items"][0]
    assert atom.published_parsed == first.published_parsed
    assert atom.updated_parsed > first.updated_parsed
    assert rss.updated_parsed == atom.updated_parsed
    assert datetime.datetime.fromisoformat(item["date_modified"]) > datetime.datetime.fromisoformat(
        item["date_published"]
    )


def test_an_item_is_never_updated_before_it_was_published(client, db):
    """An article written, then scheduled: its first appearance is its update time."""
    later = timezone.now() + datetime.timedelta(hours=3)
    ArticleFactory(scheduled=True)
    with time_machine.travel(later, tick=False):
        entry = parse(client, "/feeds/latest/atom/").entries[0]
    assert entry.updated_parsed == entry.published_parsed


# --- conditional GET ----------------------------------------------------------------------


def test_every_feed_has_an_etag_and_a_last_modified_date(client, feed_urls):
    for url in feed_urls.values():
        response = client.get(url)
        assert response["ETag"].startswith('W/"'), url
        assert parsedate_to_datetime(response["Last-Modified"]), url


def test_every_feed_answers_a_repeated_poll_with_304(client, feed_urls):
    for url in feed_urls.values():
        first = client.get(url)
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, url
        assert again.content == b""
        assert again["ETag"] == first["ETag"]
        since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert since.status_code == 304, url


def test_a_304_is_answered_without_building_the_feed(client, demo):
    first = client.get("/feeds/pages/01/rss/")
    with mock.patch.object(Feed, "get_feed", side_effect=AssertionError("feed built")):
        with CaptureQueriesContext(connection) as queries:
            again = client.get("/feeds/pages/01/rss/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    # answered from the page cache's stored ETag and the cached site version
    # (newspaper/caching.py): no query at all; tests/test_caching.py pins it uncached
    assert len(queries) == 0


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/latest/rss/",
        "/feeds/today/rss/",
        "/feeds/editions/2024-04-01/atom/",
        "/feeds/editions/2024-04-01/01/rss/",
        "/feeds/pages/01/rss/",
        "/feeds/sections/yaowen/json/",
    ],
)
def test_an_uncached_304_reads_no_table(client, demo, settings, url):
    """With the page cache off, what a feed is about is remembered with the site's version:
    a poll that matches costs no query, whatever the feed's subject."""
    settings.NEWSPAPER_PAGE_CACHE = False
    first = client.get(url)
    with mock.patch.object(Feed, "get_feed", side_effect=AssertionError("feed built")):
        with CaptureQueriesContext(connection) as queries:
            again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert len(queries) == 0


def test_a_renamed_section_shows_in_its_own_feed_with_the_page_cache_off(client, demo, settings):
    """The remembered subject moves with the version: the feed's title follows a rename."""
    settings.NEWSPAPER_PAGE_CACHE = False
    first = client.get("/feeds/sections/yaowen/rss/")
    section = Article.objects.get(title__contains="动能澎湃").section
    section.name = "要闻速递"
    section.save()
    again = client.get("/feeds/sections/yaowen/rss/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert feedparser.parse(again.content).feed.title == "辽源日报：要闻速递"


def test_a_page_feed_follows_the_newest_edition_that_has_that_page(client, db):
    """第08版 of a day whose paper has only four pages is the last edition that had one."""
    long_day = EditionFactory(date=datetime.date(2024, 3, 30))
    PageFactory(edition=long_day, number=8, name="文化")
    short_day = EditionFactory(date=datetime.date(2024, 3, 31))
    PageFactory(edition=short_day, number=1, name="要闻")
    feed = feedparser.parse(client.get("/feeds/pages/08/rss/").content)
    assert feed.feed.link.endswith("/editions/2024-03-30/08/")
    assert client.get("/feeds/pages/09/rss/").status_code == 404


def test_a_changed_item_gets_a_new_etag_and_a_full_answer(client, demo):
    first = client.get("/feeds/today/rss/")
    lead = Article.objects.get(title__contains="动能澎湃")
    lead.body += "<p>补充。</p>"
    lead.save()
    again = client.get("/feeds/today/rss/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]


def test_a_withdrawn_item_gets_a_new_etag(client, demo):
    """Leaving the feed is a change too, though no item left in it changed."""
    first = client.get("/feeds/latest/rss/")
    article = Article.objects.get(title__contains="市委常委会")
    article.status = "withdrawn"
    article.save()
    again = client.get("/feeds/latest/rss/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "市委常委会召开会议" not in again.content.decode()


@pytest.mark.parametrize("rename", ["author", "section"])
def test_renaming_an_author_or_a_section_gets_a_new_etag(client, demo, rename):
    """Authors (the credits) and categories are part of the items, though the articles
    were not saved."""
    first = client.get("/feeds/latest/rss/")
    if rename == "author":
        author = Author.objects.get(name="翟伟")
        author.name = "翟 伟"
        author.save()
    else:
        section = Article.objects.get(title__contains="动能澎湃").section
        section.name = "要闻速递"
        section.save()
    again = client.get("/feeds/latest/rss/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    if rename == "section":
        assert "<category>要闻速递</category>" in again.content.decode()


def test_a_correction_alone_gets_a_new_etag_and_moves_the_updated_date(client, demo):
    """Even one written without touching the article (say, in the shell)."""
    from articles.models import Correction

    first = client.get("/feeds/latest/atom/")
    before = feedparser.parse(first.content).entries
    article = Article.objects.get(title__contains="市委常委会")
    later = timezone.now() + datetime.timedelta(hours=2)
    with time_machine.travel(later, tick=False):
        Correction.objects.create(article=article, text="更正:日期应为3月29日。")
    again = client.get("/feeds/latest/atom/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    entry = next(e for e in feedparser.parse(again.content).entries if "市委常委会" in e.title)
    old = next(e for e in before if "市委常委会" in e.title)
    assert entry.updated_parsed > old.updated_parsed


def test_a_scheduled_item_appearing_gets_a_new_etag(client, db):
    ArticleFactory(title="已发")
    ArticleFactory(title="定时", scheduled=True)
    first = client.get("/feeds/latest/rss/")
    later = timezone.now() + datetime.timedelta(hours=3)
    with time_machine.travel(later, tick=False):
        again = client.get("/feeds/latest/rss/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "定时" in again.content.decode()


def test_formats_have_different_etags(client, demo):
    etags = {client.get(f"/feeds/latest/{fmt}/")["ETag"] for fmt in ("rss", "atom", "json")}
    assert len(etags) == 3


# --- OPML, WebSub, the directory ------------------------------------------------------------


def test_opml_lists_every_feed_and_each_one_answers(client, demo):
    response = client.get("/feeds/feeds.opml")
    assert response["Content-Type"] == "text/x-opml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.find("head/title").text == "辽源日报:全部订阅源"
    parsedate_to_datetime(root.find("head/dateCreated").text)
    feeds = [o for o in root.iter("outline") if o.get("type") == "rss"]
    urls = [o.get("xmlUrl") for o in feeds]
    assert "http://testserver/feeds/latest/rss/" in urls
    assert "http://testserver/feeds/today/rss/" in urls
    assert "http://testserver/feeds/sections/pinglun/rss/" in urls
    assert [u for u in urls if "/pages/" in u] == [
        f"http://testserver/feeds/pages/0{n}/rss/" for n in range(1, 5)
    ]
    assert sum("/authors/" in u for u in urls) == Author.objects.count()
    for outline in feeds:
        assert outline.get("text") and outline.get("htmlUrl").startswith("http://testserver/")
        path = outline.get("xmlUrl").removeprefix("http://testserver")
        assert not feedparser.parse(client.get(path).content).bozo, path


def test_without_a_hub_feeds_name_none(client, demo):
    response = client.get("/feeds/latest/rss/")
    assert 'rel="hub"' not in response.content.decode()
    assert "Link" not in response


def test_a_configured_websub_hub_is_named_in_every_format(client, demo, settings):
    settings.NEWSPAPER_WEBSUB_HUB = "https://hub.example.com/"
    rss = client.get("/feeds/pages/01/rss/")
    assert '<atom:link href="https://hub.example.com/" rel="hub"' in rss.content.decode()
    assert rss["Link"] == (
        '<https://hub.example.com/>; rel="hub", <http://testserver/feeds/pages/01/rss/>; rel="self"'
    )
    atom = feedparser.parse(client.get("/feeds/pages/01/atom/").content)
    assert {"rel": "hub", "href": "https://hub.example.com/"}.items() <= {
        k: v for link in atom.feed.links if link.rel == "hub" for k, v in link.items()
    }.items()
    json_feed = parse(client, "/feeds/pages/01/json/")
    assert json_feed["hubs"] == [{"type": "WebSub", "url": "https://hub.example.com/"}]


def test_the_feed_directory_lists_every_feed_for_people(client, demo):
    html = client.get("/feeds/").content.decode()
    assert "订阅" in html
    for url in [
        "/feeds/latest/rss/",
        "/feeds/today/json/",
        "/feeds/pages/04/atom/",
        "/feeds/sections/pinglun/rss/",
        "/feeds/feeds.opml",
        "/feeds/editions/2024-04-01/rss/",
    ]:
        assert f'href="{url}"' in html, url


def test_pages_advertise_their_own_feeds(client, demo):
    page = client.get("/editions/2024-04-01/02/").content.decode()
    assert 'href="/feeds/pages/02/rss/"' in page
    edition = client.get("/editions/2024-04-01/").content.decode()
    assert 'href="/feeds/editions/2024-04-01/rss/"' in edition
    author = Author.objects.get(name="翟伟")
    assert (
        f'href="/feeds/authors/{author.slug}/rss/"'
        in client.get(author.get_absolute_url()).content.decode()
    )
