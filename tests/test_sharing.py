"""Sharing and search engines: OpenGraph and Twitter cards, schema.org for editions and
pages, and a canonical URL on every public page."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article, ArticleImage, Author

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db

GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
    b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def json_ld(html: str) -> list[dict]:
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def canonical(html: str) -> str:
    (url,) = re.findall(r'<link rel="canonical" href="([^"]+)">', html)
    return url


def test_an_article_with_a_picture_shares_it_as_a_large_card(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = ArticleFactory(title="雾凇岛")
    ArticleImage.objects.create(
        article=article, image=SimpleUploadedFile("w.gif", GIF), caption="雾凇奇观"
    )
    html = client.get(article.get_absolute_url()).content.decode()
    image = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert image.startswith("http://testserver/media/articles/") and image.endswith("w.gif")
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert f'<meta name="twitter:image" content="{image}">' in html
    assert '<meta name="twitter:image:alt" content="雾凇奇观">' in html
    assert '<meta property="og:image:alt" content="雾凇奇观">' in html
    assert '<meta name="twitter:title" content="雾凇岛">' in html


def test_an_article_without_a_picture_is_a_summary_card(client, demo):
    lead = Article.objects.get(title__contains="动能澎湃")
    html = client.get(lead.get_absolute_url()).content.decode()
    assert '<meta name="twitter:card" content="summary">' in html
    assert '<meta name="twitter:description" content="' in html
    assert '<meta property="og:title" content="动能澎湃向“新”行">' in html


def test_every_other_page_is_shareable_as_the_paper(client, demo):
    html = client.get("/editions/2024-04-01/").content.decode()
    assert '<meta property="og:site_name" content="辽源日报">' in html
    assert '<meta property="og:url" content="http://testserver/editions/2024-04-01/">' in html
    assert '<meta name="twitter:card" content="summary">' in html


def test_an_edition_is_a_schema_org_publication_issue(client, demo):
    (data,) = json_ld(client.get("/editions/2024-04-01/").content.decode())
    assert data["@type"] == "PublicationIssue"
    assert data["issueNumber"] == "8986"
    assert data["datePublished"] == "2024-04-01"
    assert data["url"] == "http://testserver/editions/2024-04-01/"
    assert data["isPartOf"]["@type"] == "Periodical"
    assert data["isPartOf"]["name"] == "辽源日报"
    assert data["isPartOf"]["identifier"] == "CN22-0010"
    assert data["numberOfPages"] == 4
    assert [part["name"] for part in data["hasPart"]] == [
        "第01版:要闻",
        "第02版:综合",
        "第03版:经济",
        "第04版:社会",
    ]


def test_a_page_is_part_of_its_issue_and_lists_its_stories(client, demo):
    (data,) = json_ld(client.get("/editions/2024-04-01/02/").content.decode())
    assert data["@type"] == "WebPage"
    assert data["url"] == "http://testserver/editions/2024-04-01/02/"
    assert data["isPartOf"]["@type"] == "PublicationIssue"
    assert data["isPartOf"]["issueNumber"] == "8986"
    assert data["isPartOf"]["isPartOf"]["name"] == "辽源日报"
    assert [part["@type"] for part in data["hasPart"]] == ["NewsArticle", "NewsArticle"]
    assert {part["printPage"] for part in data["hasPart"]} == {"2"}
    assert data["hasPart"][0]["headline"] == "动能澎湃向“新”行"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", "/"),
        ("/editions/", "/editions/"),
        ("/editions/2024/", "/editions/2024/"),
        ("/editions/2024/04/", "/editions/2024/04/"),
        ("/editions/2024-04-01/", "/editions/2024-04-01/"),
        ("/editions/2024-04-01/01/", "/editions/2024-04-01/01/"),
        ("/articles/", "/articles/"),
        ("/articles/?utm_source=wechat", "/articles/"),
        ("/sections/yaowen/", "/sections/yaowen/"),
        ("/search/?q=%E5%90%89%E6%9E%97", "/search/?q=%E5%90%89%E6%9E%97"),
        ("/editions/articles/?section=pinglun", "/editions/articles/?section=pinglun"),
        ("/feeds/", "/feeds/"),
    ],
)
def test_every_public_page_has_a_canonical_url(client, demo, url, expected):
    response = client.get(url)
    assert response.status_code == 200
    assert canonical(response.content.decode()) == f"http://testserver{expected}"


def test_canonical_url_of_an_article_and_an_author(client, demo):
    lead = Article.objects.get(title__contains="动能澎湃")
    html = client.get(lead.get_absolute_url()).content.decode()
    assert canonical(html) == f"http://testserver/articles/{lead.pk}/"
    author = Author.objects.get(name="翟伟")
    html = client.get(author.get_absolute_url()).content.decode()
    assert canonical(html) == f"http://testserver{author.get_absolute_url()}"


def test_a_later_page_of_a_list_is_its_own_canonical(client, db):
    ArticleFactory.create_batch(25)
    html = client.get("/articles/?page=2").content.decode()
    assert canonical(html) == "http://testserver/articles/?page=2"
