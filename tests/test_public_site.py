"""What a reader sees: today's paper, pages, articles, the archive and the lists."""

import json
import re

import pytest
from django.urls import reverse

from articles.models import Article

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def article_titled(fragment: str) -> Article:
    return Article.objects.get(title__contains=fragment)


def test_home_is_todays_paper_with_the_derived_masthead(client, demo):
    """The latest public edition with its masthead, page list and front page."""
    html = text_of(client.get("/"))
    for expected in [
        'lang="zh-CN"',
        "辽源日报",
        "LIAO YUAN RI BAO",
        "2024年4月1日</time> 星期一",
        "甲辰年二月廿三 二月廿六清明",
        "总第8986期 今日4版",
        "CN22-0010",
        "jl_lvrb@126.com",
        "0437-3249118",
        "http://www.0437.com",
        "中共辽源市委主管主办 辽源日报社出版",
        "第01版:要闻",
        "第04版:社会",
        "动能澎湃向“新”行",
        "市委常委会召开会议",
    ]:
        assert expected in html, expected


def test_home_without_any_edition_says_so(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "尚未发布任何一期报纸" in response.content.decode()


def test_front_page_lists_its_five_stories_in_print_order(client, demo):
    html = text_of(client.get("/editions/2024-04-01/01/"))
    positions = [
        html.index(title)
        for title in [
            "动能澎湃向“新”行",
            "让企业感受到安心创新创业的一流营商环境",
            "市委常委会召开会议",
            "体育资源对接大会在辽源成功举办",
            "让新质生产力的底色更鲜明",
        ]
    ]
    assert positions == sorted(positions)


def test_jumps_read_down_to_page_two_and_up_from_page_one(client, demo):
    """下转第二版 on page 1, （上接第一版） on page 2, both for the same one article."""
    page1 = text_of(client.get("/editions/2024-04-01/01/"))
    page2 = text_of(client.get("/editions/2024-04-01/02/"))
    assert page1.count("（下转第二版）") == 2
    assert page2.count("（上接第一版）") == 2
    lead = article_titled("动能澎湃")
    assert f'href="/articles/{lead.pk}/"' in page1
    assert f'href="/articles/{lead.pk}/"' in page2


def test_page_view_links_previous_and_next_page(client, demo):
    html = text_of(client.get("/editions/2024-04-01/02/"))
    assert 'rel="prev" href="/editions/2024-04-01/01/"' in html
    assert 'rel="next" href="/editions/2024-04-01/03/"' in html
    assert "上一版" in html and "下一版" in html


def test_edition_contents_list_every_page_and_its_articles(client, demo):
    html = text_of(client.get("/editions/2024-04-01/"))
    for label in ["第01版:要闻", "第02版:综合", "第03版:经济", "第04版:社会"]:
        assert label in html
    assert html.count("（上接第一版）") == 2


def test_article_shows_its_print_place_and_headlines(client, demo):
    lead = article_titled("动能澎湃")
    html = text_of(client.get(lead.get_absolute_url()))
    assert "2024年4月1日</a> <a" in html
    assert "第01版:要闻" in html
    assert "吉林发展新质生产力一线观察" in html
    assert "◆" not in lead.highlights
    assert html.count("<li>吉林") == 2  # two of the three ◆ lines start with 吉林
    assert "《瞭望》新闻周刊记者 翟伟 孟含琪 王晓林" in re.sub(r"<[^>]+>", "", html)
    assert "<h3>牵“牛鼻子” 向制高点 and 决胜点冲锋</h3>" in html
    assert "下转" not in html  # online it is one article


def test_article_prints_the_dateline_with_the_byline(client, demo):
    html = text_of(client.get(article_titled("市委常委会").get_absolute_url()))
    assert "本报讯(记者 徐楠 王彦雨)" in html


def test_two_line_title_keeps_both_lines(client, demo):
    article = article_titled("让企业感受到")
    html = text_of(client.get(article.get_absolute_url()))
    assert '<span class="title-line">让企业感受到安心创新创业的一流营商环境</span>' in html
    assert '<span class="title-line">让群众感受到更加优质便捷的政务服务</span>' in html


def test_article_links_previous_and_next_in_print_order(client, demo):
    second = article_titled("让企业感受到")
    html = text_of(client.get(second.get_absolute_url()))
    assert f'rel="prev" href="/articles/{article_titled("动能澎湃").pk}/"' in html
    assert f'rel="next" href="/articles/{article_titled("市委常委会").pk}/"' in html


def test_article_carries_news_article_json_ld_with_print_fields(client, demo):
    lead = article_titled("动能澎湃")
    html = client.get(lead.get_absolute_url()).content.decode()
    payload = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(payload.group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "动能澎湃向“新”行"
    assert data["printPage"] == "1"
    assert data["printSection"] == "要闻"
    assert "8986" in data["printEdition"]
    assert [a["name"] for a in data["author"]] == ["翟伟", "孟含琪", "王晓林"]


def test_article_has_canonical_url_and_opengraph_tags(client, demo):
    lead = article_titled("动能澎湃")
    html = client.get(lead.get_absolute_url()).content.decode()
    assert f'<link rel="canonical" href="http://testserver/articles/{lead.pk}/">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="动能澎湃向“新”行">' in html
    assert '<meta property="og:locale" content="zh_CN">' in html


def test_every_page_advertises_the_feeds(client, demo):
    for url in ["/", "/editions/", "/editions/2024-04-01/01/", "/articles/"]:
        html = client.get(url).content.decode()
        assert 'rel="alternate" type="application/rss+xml"' in html, url
        assert 'rel="alternate" type="application/atom+xml"' in html, url


def test_archive_shows_a_month_calendar_with_the_edition_linked(client, demo):
    html = text_of(client.get("/editions/"))
    assert "往期回顾" in html
    assert "2024年4月" in html
    assert 'href="/editions/2024-04-01/"' in html
    month = text_of(client.get("/editions/2024/04/"))
    assert 'href="/editions/2024-04-01/"' in month


def test_empty_archive_month_says_so(client, demo):
    html = text_of(client.get("/editions/2023/02/"))
    assert "本月没有报纸" in html


def test_section_and_author_pages_list_their_articles(client, demo):
    section = text_of(client.get(reverse("articles:section", kwargs={"slug": "yaowen"})))
    assert "市委常委会召开会议" in section
    assert "让新质生产力的底色更鲜明" not in section  # that one is in 评论
    author = article_titled("动能澎湃").authors.get(name="翟伟")
    author_page = text_of(client.get(author.get_absolute_url()))
    assert "动能澎湃向“新”行" in author_page
    assert "市委常委会召开会议" not in author_page


def test_lists_paginate(client, db):
    from .factories import ArticleFactory

    ArticleFactory.create_batch(25)
    first = client.get("/articles/")
    assert len(first.context["articles"]) == 20
    assert "第 1 页，共 2 页" in first.content.decode()
    assert len(client.get("/articles/?page=2").context["articles"]) == 5


def test_reader_words_are_simplified_chinese(client, demo):
    """No English interface word reaches the reader."""
    html = client.get("/editions/2024-04-01/02/").content.decode()
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)  # JSON-LD is for machines
    for english in ["Previous", "Next", "Page", "Past editions", "Latest", "Subscribe", "Search"]:
        assert english not in html
    assert "往期回顾" in html and "订阅" in html


def test_an_english_browser_still_gets_chinese(client, demo):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "往期回顾" in html and "Past editions" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/editions/2024-13-45/",
        "/editions/2024-02-30/",
        "/editions/20240401/",
        "/editions/2024-04-01/00/",
        "/editions/2024-04-01/1/",
        "/editions/2024-04-01/99/",
        "/editions/2024-04-01/abc/",
        "/editions/1999-01-01/",
        "/editions/2024/13/",
        "/editions/0000/01/",
        "/articles/0/",
        "/articles/abc/",
        "/articles/99999999999999999999/",
        "/articles/999999999/",
        "/sections/no-such-section/",
        "/authors/no-such-author/",
        "/feeds/sections/no-such-section/rss/",
        "/articles/?page=999",
        "/articles/?page=abc",
        "/articles/?page=-1",
        "/sections/yaowen/?page=0",
    ],
)
def test_malformed_or_unknown_addresses_get_404(client, demo, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "query", ["?page=1&x=%00", "?q=%E4%B8%AD%ZZ", "?page=1%27%20OR%201=1", "?" + "a=1&" * 50]
)
def test_odd_query_strings_never_give_500(client, demo, query):
    for url in ["/", "/articles/", "/editions/", "/feeds/latest/rss/"]:
        assert client.get(url + query).status_code in (200, 400, 404)


def test_web_only_articles_lead_to_their_neighbours_in_time_in_one_query(client, settings):
    """上一篇/下一篇 of articles not in print: the nearest by publish time, then by id, so two
    of the same minute are neither skipped nor shown twice; both found in one query (the
    page's four: article, credits, images, neighbours)."""
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from .factories import ArticleFactory

    settings.NEWSPAPER_PAGE_CACHE = False
    now = timezone.now().replace(microsecond=0)
    hours = [3, 2, 2, 1]
    first, second, third, fourth = (
        ArticleFactory(title=f"网络稿{n}", publish_at=now - datetime.timedelta(hours=h))
        for n, h in enumerate(hours)
    )
    expected = {
        first: (None, third if third.pk < second.pk else second),
        fourth: (third if third.pk > second.pk else second, None),
    }
    low, high = sorted([second, third], key=lambda a: a.pk)
    expected[low] = (first, high)
    expected[high] = (low, fourth)
    for article, (before, after) in expected.items():
        client.get(article.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            context = client.get(article.get_absolute_url()).context
        assert len(queries) == 4, article.title
        assert context["previous_article"] == ((before.pk, before.title) if before else None)
        assert context["next_article"] == ((after.pk, after.title) if after else None)
