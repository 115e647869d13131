"""Sitemaps that validate: the index, articles, editions, pages, sections, a Google News
sitemap of the last two days, and robots.txt naming them."""

import datetime
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import time_machine
import xmlschema
from django.utils import timezone

from articles.models import Article
from newspaper import sitemaps

from .factories import ArticleFactory, EditionFactory, PageFactory, PublicationFactory

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parent / "schemas"
URLSET = xmlschema.XMLSchema(SCHEMAS / "sitemap.xsd")
INDEX = xmlschema.XMLSchema(SCHEMAS / "siteindex.xsd")
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
# The day after the demo edition: its articles are news then.
DAY_AFTER_THE_DEMO = datetime.datetime(2024, 4, 2, 12, 0, tzinfo=datetime.UTC)


def fetch(client, url: str, schema: xmlschema.XMLSchema) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    schema.validate(response.content.decode())
    return ET.fromstring(response.content)


def locations(root: ET.Element) -> list[str]:
    return [loc.text for loc in root.iterfind(".//sm:loc", NS)]


def test_the_index_lists_every_sitemap_and_validates(client, demo):
    index = fetch(client, "/sitemap.xml", INDEX)
    assert locations(index) == [
        f"http://testserver/sitemap-{name}.xml"
        for name in ["articles", "editions", "pages", "sections", "news"]
    ]


def test_every_sitemap_in_the_index_validates(client, demo):
    with time_machine.travel(DAY_AFTER_THE_DEMO, tick=False):
        for url in locations(fetch(client, "/sitemap.xml", INDEX)):
            root = fetch(client, url.removeprefix("http://testserver"), URLSET)
            assert locations(root), url


def test_articles_sitemap_holds_every_public_article_once(client, demo):
    root = fetch(client, "/sitemap-articles.xml", URLSET)
    expected = {f"http://testserver{a.get_absolute_url()}" for a in Article.objects.all()}
    assert sorted(locations(root)) == sorted(expected)


@pytest.mark.parametrize("trait", ["draft", "withdrawn", "scheduled"])
def test_hidden_articles_are_in_no_sitemap(client, db, trait):
    ArticleFactory(title="可见")
    hidden = ArticleFactory(**{trait: True})
    assert f"http://testserver{hidden.get_absolute_url()}" not in locations(
        fetch(client, "/sitemap-articles.xml", URLSET)
    )
    response = client.get("/sitemap-news.xml")
    assert hidden.get_absolute_url() not in response.content.decode()


def test_editions_and_pages_sitemaps_hold_the_public_ones(client, demo):
    EditionFactory(date=datetime.date(2024, 4, 2), scheduled=True)
    other = EditionFactory(publication=PublicationFactory(slug="other", name="别的报纸"))
    PageFactory(edition=other, number=1)
    assert locations(fetch(client, "/sitemap-editions.xml", URLSET)) == [
        "http://testserver/editions/2024-04-01/"
    ]
    assert locations(fetch(client, "/sitemap-pages.xml", URLSET)) == [
        f"http://testserver/editions/2024-04-01/0{n}/" for n in range(1, 5)
    ]


def test_sections_sitemap_lists_the_sections(client, demo):
    assert locations(fetch(client, "/sitemap-sections.xml", URLSET)) == [
        "http://testserver/sections/yaowen/",
        "http://testserver/sections/pinglun/",
    ]


def test_news_sitemap_holds_only_the_last_two_days(client, db):
    now = timezone.now()
    ArticleFactory(title="昨天", publish_at=now - datetime.timedelta(days=1))
    ArticleFactory(title="前天以前", publish_at=now - datetime.timedelta(days=3))
    ArticleFactory(title="草稿", publish_at=now - datetime.timedelta(hours=1), draft=True)
    root = fetch(client, "/sitemap-news.xml", URLSET)
    assert [t.text for t in root.iterfind(".//news:title", NS)] == ["昨天"]


def test_news_sitemap_names_the_paper_language_date_and_title(client, demo):
    with time_machine.travel(DAY_AFTER_THE_DEMO, tick=False):
        root = fetch(client, "/sitemap-news.xml", URLSET)
    entries = root.findall("sm:url", NS)
    assert len(entries) == 5
    lead = entries[0]
    assert lead.findtext("news:news/news:publication/news:name", namespaces=NS) == "辽源日报"
    assert lead.findtext("news:news/news:publication/news:language", namespaces=NS) == "zh-cn"
    assert (
        lead.findtext("news:news/news:publication_date", namespaces=NS)
        == "2024-04-01T00:00:00+08:00"
    )
    titles = [e.findtext("news:news/news:title", namespaces=NS) for e in entries]
    assert "动能澎湃向“新”行" in titles


def test_an_empty_news_sitemap_is_well_formed(client, demo):
    """Nothing in the last two days: an empty urlset, still XML a crawler reads."""
    root = ET.fromstring(client.get("/sitemap-news.xml").content)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    assert locations(root) == []


def test_long_sitemaps_are_split_into_pages_the_index_names(client, db, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 3)
    ArticleFactory.create_batch(5)
    index = locations(fetch(client, "/sitemap.xml", INDEX))
    assert "http://testserver/sitemap-articles.xml?p=2" in index
    assert len(locations(fetch(client, "/sitemap-articles.xml?p=2", URLSET))) == 2


@pytest.mark.parametrize(
    "url",
    [
        "/sitemap-nothing.xml",
        "/sitemap-articles.xml?p=2",
        "/sitemap-articles.xml?p=abc",
        "/sitemap-articles.xml?p=0",
        "/sitemap-articles.xml?p=99999999999999999999999",
    ],
)
def test_unknown_sitemaps_and_pages_are_404(client, demo, url):
    assert client.get(url).status_code == 404


def test_robots_txt_points_to_the_sitemaps(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /search/" in lines
    assert client.post("/robots.txt").status_code == 405


def test_the_written_urlset_is_what_djangos_template_renders(demo, rf):
    """``urlset_xml`` writes a page of URLs as django.contrib.sitemaps' sitemap.xml would:
    the same locations, local dates, change frequencies and priorities, escaped."""
    from django.template.loader import render_to_string

    urls = [
        {
            "location": "http://testserver/articles/1/?a=1&b=<2>",
            "lastmod": datetime.datetime(2024, 3, 31, 20, 30, tzinfo=datetime.UTC),
            "changefreq": "weekly",
            "priority": "0.6",
        },
        {"location": "http://testserver/editions/2024-04-01/", "lastmod": None},
        {"location": "http://testserver/x/", "lastmod": datetime.date(2024, 4, 1)},
    ]

    def entries(xml: str) -> list[tuple]:
        root = ET.fromstring(xml.encode())
        return [
            tuple(url.findtext(f"sm:{name}", None, NS) for name in sitemaps.URL_FIELDS)
            for url in root.iterfind("sm:url", NS)
        ]

    written = sitemaps.urlset_xml(urls)
    URLSET.validate(written)
    assert entries(written) == entries(render_to_string("sitemap.xml", {"urlset": urls}))
    # 20:30 UTC is the next morning in Beijing: the sitemap says the reader's date.
    assert entries(written)[0][:2] == ("http://testserver/articles/1/?a=1&b=<2>", "2024-04-01")


def test_a_published_article_is_in_the_sitemap_at_once_with_the_page_cache_off(
    client, demo, settings, monkeypatch
):
    """The sitemaps' counts are cached under the site's version: a publish moves it."""
    settings.NEWSPAPER_PAGE_CACHE = False
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 3)
    pages = client.get("/sitemap.xml").content.decode().count("sitemap-articles.xml")
    for _ in range(3):
        ArticleFactory()
    after = client.get("/sitemap.xml").content.decode()
    assert after.count("sitemap-articles.xml") == pages + 1
