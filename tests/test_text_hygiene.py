"""What an editor types: control characters stripped, dates in range, rich text kept to the site.

Pins ``editions.cleaning`` (control characters stripped on every save), the 1900–2100 range
of every date and time an editor enters, and the rich-text rules for images and links.
"""

import datetime

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction
from articles.sanitize import EXTERNAL_LINK_REL, INTERNAL_LINK_REL, sanitize_html

from .factories import ArticleFactory, EditionFactory, PublicationFactory

# Control characters.


@pytest.mark.django_db
def test_a_vertical_tab_in_a_headline_is_stripped_on_save():
    """U+000B pasted from a layout program never reaches the database."""
    article = ArticleFactory(title="吉林\x0b发展新质生产力")
    article.refresh_from_db()
    assert article.title == "吉林发展新质生产力"


@pytest.mark.django_db
def test_every_kind_of_control_character_is_stripped_and_line_breaks_are_kept():
    """C0 (but tab, CR, LF), DEL, C1, U+FFFE/FFFF and lone surrogates go; the rest stays."""
    article = ArticleFactory(
        title="标\x00题\x1f\x7f\x85\ufffe\uffff",
        highlights="第一行\n第二行\r\n\t缩进",
        byline="记者\ud800 某某",
    )
    article.refresh_from_db()
    assert article.title == "标题"
    assert article.highlights == "第一行\n第二行\r\n\t缩进"
    assert article.byline == "记者 某某"


@pytest.mark.django_db
def test_control_characters_in_rich_text_are_stripped_before_sanitising():
    """The body loses its control characters too."""
    article = ArticleFactory(body="<p>正\x0b文\x08</p>")
    article.refresh_from_db()
    assert article.body == "<p>正文</p>"


@pytest.mark.django_db
def test_a_headline_with_a_vertical_tab_leaves_the_feed_readable(client):
    """The feed that broke on U+000B in a headline parses with the headline in it."""
    ArticleFactory(title="新闻\x0b标题")
    response = client.get("/feeds/latest/rss/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert "新闻标题" in [entry.title for entry in feed.entries]


# Dates an editor can enter.


@pytest.mark.django_db
def test_a_publish_time_in_year_one_is_refused_in_chinese():
    """full_clean refuses 0001-01-01 00:00 as an edition's publish time, in Chinese."""
    edition = EditionFactory.build(
        publication=PublicationFactory(),
        publish_at=datetime.datetime(1, 1, 1, tzinfo=datetime.UTC),
    )
    with pytest.raises(ValidationError) as caught:
        edition.full_clean()
    assert "publish_at" in caught.value.error_dict
    assert "1900年至2100年" in caught.value.message_dict["publish_at"][0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        ("edition", "date", datetime.date(1, 1, 1)),
        ("edition", "date", datetime.date(2101, 1, 1)),
        ("article", "publish_at", datetime.datetime(1, 1, 1, tzinfo=datetime.UTC)),
        ("article", "publish_at", datetime.datetime(9999, 12, 31, tzinfo=datetime.UTC)),
        ("correction", "date", datetime.date(1, 1, 1)),
    ],
)
def test_every_editor_date_outside_1900_to_2100_is_refused(model, field, value):
    """Edition dates, publish times and correction dates are validated by their fields."""
    if model == "edition":
        instance = EditionFactory.build(publication=PublicationFactory())
    elif model == "article":
        instance = ArticleFactory()
    else:
        instance = Correction(article=ArticleFactory(), text="更正")
    setattr(instance, field, value)
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    assert field in caught.value.error_dict


@pytest.mark.django_db
def test_the_edition_admin_form_refuses_year_one(client, django_user_model):
    """The admin answers a typo in the publish time with a message, not a stored row."""
    user = django_user_model.objects.create_superuser("ed", "e@example.com", "pw")
    client.force_login(user)
    publication = PublicationFactory()
    response = client.post(
        reverse("admin:editions_edition_add"),
        {
            "publication": publication.pk,
            "date": "2024-04-01",
            "number": 8986,
            "status": "draft",
            "publish_at_0": "0001-01-01",
            "publish_at_1": "00:00:00",
            "pages-TOTAL_FORMS": 0,
            "pages-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "1900年至2100年" in response.content.decode()
    assert not publication.editions.exists()


def test_dates_inside_the_range_are_accepted():
    """The range's own ends are fine."""
    from editions.validators import SANE_DATE, SANE_DATETIME

    for validator in SANE_DATE:
        validator(datetime.date(1900, 1, 1))
        validator(datetime.date(2100, 12, 31))
    for validator in SANE_DATETIME:
        validator(timezone.now())


# Rich text: images and links.


def test_images_from_other_hosts_are_dropped_by_default():
    """An https image from any host is a tracking pixel: dropped unless the host is listed."""
    html = '<p>正文<img src="https://tracker.example/p.gif" alt="x"></p>'
    assert sanitize_html(html) == "<p>正文</p>"


def test_images_from_our_media_are_kept():
    """The site's own media stay; a path climbing out of the media folder does not."""
    assert sanitize_html('<img src="/media/articles/a.jpg">') == '<img src="/media/articles/a.jpg">'
    assert sanitize_html('<p><img src="/media/../admin/x.png"></p>') == "<p></p>"
    assert sanitize_html('<p><img src="//evil.example/media/x.png"></p>') == "<p></p>"


@override_settings(NEWSPAPER_RICH_TEXT_IMAGE_HOSTS=["img.example.com"])
def test_images_from_a_listed_host_are_kept_over_https_only():
    """A host in NEWSPAPER_RICH_TEXT_IMAGE_HOSTS may serve images, over https."""
    assert "img.example.com/a.jpg" in sanitize_html('<img src="https://img.example.com/a.jpg">')
    assert sanitize_html('<p><img src="http://img.example.com/a.jpg"></p>') == "<p></p>"
    assert sanitize_html('<p><img src="https://other.example.com/a.jpg"></p>') == "<p></p>"


def test_external_links_get_nofollow_ugc_and_internal_links_do_not():
    """Every link is noopener noreferrer; links off the site are nofollow ugc as well."""
    html = sanitize_html(
        '<p><a href="https://elsewhere.example/" rel="opener">外</a>'
        '<a href="/articles/1/">内</a><a href="http://testserver/x/">本站</a></p>'
    )
    assert f'<a href="https://elsewhere.example/" rel="{EXTERNAL_LINK_REL}">外</a>' in html
    assert f'<a href="/articles/1/" rel="{INTERNAL_LINK_REL}">内</a>' in html
    assert f'<a href="http://testserver/x/" rel="{INTERNAL_LINK_REL}">本站</a>' in html
    assert 'opener"' not in html.replace("noopener", "")


def test_a_link_address_holding_markup_stays_one_escaped_attribute():
    """Re-writing rel never lets an address's quotes or brackets out of its attribute."""
    html = sanitize_html('<a href="https://x.example/?q=&quot;><script>alert(1)</script>">a</a>')
    assert "<script" not in html
    assert html.count("<a ") == 1


@pytest.mark.django_db
def test_article_model_refuses_nothing_it_should_keep():
    """A clean article saves unchanged (the cleaning touches only what it must)."""
    article = ArticleFactory(title="动能澎湃向“新”行", highlights="◆ 一\n◆ 二")
    article.refresh_from_db()
    assert (article.title, article.highlights) == ("动能澎湃向“新”行", "◆ 一\n◆ 二")
    assert Article.objects.filter(title="动能澎湃向“新”行").exists()
