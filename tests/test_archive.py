"""往期回顾: calendars by year and month, a jump to any date, and article lists filtered
with django-filter at clean URLs."""

import datetime
import re

import pytest

from articles.models import Article, Author

from .factories import ArticleFactory, EditionFactory, PageFactory

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def listed(client, query: str = "") -> list[str]:
    response = client.get(f"/editions/articles/{query}")
    assert response.status_code == 200, (query, response.status_code)
    return [article.headline for article in response.context["articles"]]


# --- calendars and the jump -------------------------------------------------------------------


def test_year_calendar_links_each_day_that_has_an_edition(client, demo):
    EditionFactory(date=datetime.date(2024, 7, 15))
    html = text_of(client.get("/editions/2024/"))
    assert "2024年" in html
    assert html.count('class="calendar calendar--small"') == 12
    assert 'href="/editions/2024-04-01/"' in html
    assert 'href="/editions/2024-07-15/"' in html
    assert 'href="/editions/2024/04/"' in html


def test_year_calendar_links_the_years_before_and_after(client, demo):
    EditionFactory(date=datetime.date(2022, 5, 1))
    html = client.get("/editions/2024/").content.decode()
    assert 'rel="prev" href="/editions/2022/"' in html
    assert "本年没有报纸" in client.get("/editions/2023/").content.decode()


def test_a_scheduled_edition_is_not_in_the_calendar(client, demo):
    EditionFactory(date=datetime.date(2024, 4, 2), scheduled=True)
    html = client.get("/editions/2024/").content.decode()
    assert 'href="/editions/2024-04-02/"' not in html


def test_the_archive_offers_the_jump_and_the_article_filters(client, demo):
    html = client.get("/editions/").content.decode()
    assert 'type="date"' in html and 'name="date"' in html
    assert 'href="/editions/articles/"' in html
    assert 'href="/editions/2024/"' in html


def test_jumping_to_a_day_with_an_edition_opens_it(client, demo):
    response = client.get("/editions/?date=2024-04-01")
    assert response.status_code == 302
    assert response["Location"] == "/editions/2024-04-01/"


def test_jumping_to_a_day_without_an_edition_shows_its_month_and_the_nearest(client, demo):
    EditionFactory(date=datetime.date(2024, 4, 5))
    html = text_of(client.get("/editions/?date=2024-04-03"))
    assert "2024年4月3日没有出版报纸" in html
    assert 'href="/editions/2024-04-01/">前一期:2024年4月1日' in html
    assert 'href="/editions/2024-04-05/">后一期:2024年4月5日' in html
    assert 'class="is-missing"' in html


@pytest.mark.parametrize(
    "date", ["", "2024-13-01", "2024-02-30", "yesterday", "1800-01-01", "9999-12-31", "%00"]
)
def test_a_malformed_jump_is_a_form_error(client, demo, date):
    response = client.get(f"/editions/?date={date}")
    assert response.status_code == 400
    assert 'class="form-error"' in response.content.decode()


@pytest.mark.parametrize("url", ["/editions/1899/", "/editions/9999/", "/editions/20240/"])
def test_years_out_of_range_are_404(client, db, url):
    assert client.get(url).status_code == 404


# --- filtered article lists ---------------------------------------------------------------


def test_the_list_holds_every_public_article_newest_first(client, demo):
    ArticleFactory(title="网络稿件")
    ArticleFactory(title="草稿稿件", draft=True)
    got = listed(client)
    assert got[0] == "网络稿件"
    assert len(got) == 6


def test_filter_by_section(client, demo):
    assert listed(client, "?section=pinglun") == [
        "让新质生产力的底色更鲜明 让高质量发展的引擎更强劲"
    ]


def test_filter_by_author(client, demo):
    slug = Author.objects.get(name="徐楠").slug
    assert sorted(listed(client, f"?author={slug}")) == [
        "市委常委会召开会议",
        "让企业感受到安心创新创业的一流营商环境 让群众感受到更加优质便捷的政务服务",
    ]


def test_filter_by_genre(client, demo):
    assert listed(client, "?genre=%E8%AF%84%E8%AE%BA") == [  # 评论
        "让新质生产力的底色更鲜明 让高质量发展的引擎更强劲"
    ]
    assert len(listed(client, "?genre=%E6%B6%88%E6%81%AF")) == 3  # 消息


def test_filter_by_page_in_print(client, demo):
    assert len(listed(client, "?ban=1")) == 5
    assert len(listed(client, "?ban=2")) == 2
    assert listed(client, "?ban=3") == []


def test_filter_by_date_range(client, demo):
    edition = EditionFactory(date=datetime.date(2024, 4, 2))
    ArticleFactory(title="四月二日", page=PageFactory(edition=edition, number=1))
    assert listed(client, "?start=2024-04-02") == ["四月二日"]
    assert "四月二日" not in listed(client, "?end=2024-04-01")
    assert len(listed(client, "?start=2024-04-01&end=2024-04-02")) == 6


def test_filters_combine(client, demo):
    """要闻 stories of 1 April that run on 第02版: the two that jump there."""
    got = listed(client, "?start=2024-04-01&end=2024-04-01&section=yaowen&ban=2")
    assert sorted(got) == sorted(
        [
            "动能澎湃向“新”行",
            "2024中国·吉林(辽源)体育产业交流活动暨第27站“资源共享·供需对接”中体联公益系列活动"
            "体育资源对接大会在辽源成功举办",
        ]
    )


def test_a_submitted_form_redirects_to_the_clean_url(client, demo):
    response = client.get("/editions/articles/?ban=&genre=&author=&section=pinglun&start=&end=")
    assert response.status_code == 302
    assert response["Location"] == "/editions/articles/?section=pinglun"


def test_clean_urls_put_parameters_in_one_order(client, demo):
    response = client.get("/editions/articles/?section=yaowen&start=2024-04-01")
    assert response["Location"] == "/editions/articles/?start=2024-04-01&section=yaowen"


def test_pages_of_a_filtered_list_keep_the_filters(client, db):
    ArticleFactory.create_batch(25)
    html = client.get("/editions/articles/?section=yaowen").content.decode()
    assert 'rel="next" href="?section=yaowen&amp;page=2"' in html
    second = client.get("/editions/articles/?section=yaowen&page=2")
    assert len(second.context["articles"]) == 5
    assert 'rel="prev" href="?section=yaowen"' in second.content.decode()


def test_the_filter_form_shows_the_chosen_values(client, demo):
    html = client.get("/editions/articles/?section=pinglun&ban=1").content.decode()
    assert '<option value="pinglun" selected>评论</option>' in html
    assert 'name="ban" value="1"' in html
    assert "共1篇稿件" in text_of(client.get("/editions/articles/?section=pinglun"))


@pytest.mark.parametrize(
    "query",
    [
        "?start=2024-04-31",
        "?start=01/04/2024",
        "?end=abc",
        "?start=2024-04-02&end=2024-04-01",
        "?section=no-such-section",
        "?author=nobody",
        "?genre=%E5%B0%8F%E8%AF%B4",
        "?ban=0",
        "?ban=-1",
        "?ban=2.5",
        "?ban=99999999999999999999",
        "?section=%00",
    ],
)
def test_invalid_filter_values_are_form_errors_not_500s(client, demo, query):
    response = client.get(f"/editions/articles/{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="form-error"' in html
    assert 'class="article-list"' not in html


@pytest.mark.parametrize("query", ["?page=abc", "?page=0", "?section=yaowen&page=9"])
def test_malformed_list_pages_are_404(client, demo, query):
    assert client.get(f"/editions/articles/{query}").status_code == 404


@pytest.mark.parametrize("chosen", ["", "xunan", "<script>"])
def test_the_filters_selects_are_the_markup_djangos_select_writes(demo, chosen):
    """PlainSelect writes in Python what Django's Select renders through a template per
    option: the same select, options, chosen one and escaping."""
    from django import forms
    from django.test.html import parse_html

    from articles.filters import ArticleFilter, PlainSelect

    author = Author.objects.get(slug="xunan")
    author.name = '许<楠> & "Co"'
    author.save()
    form = ArticleFilter({"author": chosen, "genre": "消息"}, queryset=Article.objects.none()).form
    for name in ("section", "author", "genre"):
        field = form.fields[name]
        assert isinstance(field.widget, PlainSelect)
        value = form[name].value()
        attrs = {"id": f"id_{name}"}
        plain = field.widget.render(name, value, attrs)
        field.widget.choices = field.choices
        django = forms.Select(choices=field.choices).render(name, value, attrs)
        assert parse_html(plain) == parse_html(django), name
    assert "许&lt;楠&gt; &amp; &quot;Co&quot;" in form["author"].as_widget()


def test_a_new_months_first_edition_shows_in_the_archive_at_once(client, demo, settings):
    """The months with editions are cached under the site's version: a publish moves it."""
    from django.urls import reverse

    settings.NEWSPAPER_PAGE_CACHE = False
    may = reverse("editions:month", kwargs={"year": 2024, "month": 5})
    assert may not in client.get("/editions/").content.decode()
    EditionFactory(date=datetime.date(2024, 5, 3))
    assert may in client.get("/editions/").content.decode()
