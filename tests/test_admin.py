"""The editors' admin: every screen loads, in Chinese, and an edit reaches the site."""

import re

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from articles.models import Article
from editions.models import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "e@example.com", "pw")
    client.force_login(user)
    return client


def model_admin_urls(obj_by_model, user):
    request = RequestFactory().get("/admin/")
    request.user = user
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        yield reverse("admin:{}_{}_changelist".format(*info))
        if model_admin.has_add_permission(request):
            yield reverse("admin:{}_{}_add".format(*info))
        obj = obj_by_model.get(model)
        if obj is not None:
            yield reverse("admin:{}_{}_change".format(*info), args=[obj.pk])


def test_every_changelist_and_form_loads(editor_client, demo, django_user_model):
    """A misspelled admin option fails silently until its page is opened."""
    objects = {type(o): o for o in [demo, demo.publication, demo.pages.first()]}
    article = Article.objects.first()
    objects[Article] = article
    objects[type(article.section)] = article.section
    objects[type(article.authors.first() or article)] = article.authors.first() or article
    for url in model_admin_urls(objects, django_user_model.objects.get(username="editor")):
        response = editor_client.get(url)
        assert response.status_code == 200, url


def test_changelist_filters_work(editor_client, demo):
    url = reverse("admin:articles_article_changelist")
    for query in [
        "?status__exact=published",
        "?edition__date__gte=2024-04-01",
        "?placements__page__number=2",
        f"?section__id__exact={Article.objects.first().section_id}",
        "?genre__exact=评论",
        "?q=常委会",
        f"?authors__id__exact={Article.objects.filter(authors__isnull=False).first().authors.first().pk}",
    ]:
        response = editor_client.get(url + query)
        assert response.status_code == 200, query
        assert "errornote" not in response.content.decode(), query


def test_admin_speaks_simplified_chinese(editor_client, demo):
    html = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "采编系统" in html
    assert "稿件" in html
    form = editor_client.get(
        reverse("admin:articles_article_change", args=[Article.objects.first().pk])
    ).content.decode()
    for label in ["引题", "主题", "副题", "提要", "署名", "电头", "字数", "版面位置"]:
        assert label in form, label


def test_article_form_offers_the_view_on_site_link_and_character_count(editor_client, demo):
    article = Article.objects.get(title="市委常委会召开会议")
    html = editor_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    ).content.decode()
    assert f'href="/articles/{article.pk}/"' in html  # "view on site", public already
    assert str(article.word_count) in html
    assert article.word_count > 500


def article_form_data(article, **changes):
    """The POST the change form sends, with its inlines as they stand."""
    data = {
        "kicker": article.kicker,
        "title": article.title,
        "subtitle": article.subtitle,
        "highlights": article.highlights,
        "byline": article.byline,
        "dateline": article.dateline,
        "source": article.source,
        "body": article.body,
        "edition": article.edition_id or "",
        "section": article.section_id or "",
        "genre": article.genre,
        "expected_version": article.version,
        "publish_at_0": "",
        "publish_at_1": "",
    }
    credits = list(article.credits.all())
    placements = list(article.placements.all())
    for prefix, rows, fields in [
        ("credits", credits, ["position", "author", "role"]),
        ("placements", placements, ["page", "position", "x", "y", "width", "height"]),
        ("images", [], []),
    ]:
        data[f"{prefix}-TOTAL_FORMS"] = len(rows)
        data[f"{prefix}-INITIAL_FORMS"] = len(rows)
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = row.pk
            data[f"{prefix}-{i}-article"] = article.pk
            for field in fields:
                value = getattr(row, field + "_id", getattr(row, field, ""))
                data[f"{prefix}-{i}-{field}"] = "" if value is None else value
    data.update(changes)
    return data


def test_an_edit_in_the_admin_shows_on_the_site(editor_client, client, demo):
    article = Article.objects.get(title="市委常委会召开会议")
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = editor_client.post(url, article_form_data(article, title="市委常委会召开扩大会议"))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "市委常委会召开扩大会议" in client.get(article.get_absolute_url()).content.decode()


def test_rich_text_is_sanitised_when_saved_through_the_admin(editor_client, demo):
    article = Article.objects.get(title="市委常委会召开会议")
    url = reverse("admin:articles_article_change", args=[article.pk])
    body = (
        '<p style="color:red" onclick="steal()">会议<script>alert(1)</script>'
        '<a href="javascript:alert(1)">链接</a><img src="http://evil.example/x.png"></p>'
        "<h3>小标题</h3><iframe src='https://evil.example'></iframe>"
    )
    response = editor_client.post(url, article_form_data(article, body=body))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == (
        '<p>会议<a rel="noopener noreferrer nofollow ugc">链接</a></p><h3>小标题</h3>'
    )


def test_a_placement_on_another_editions_page_is_refused(editor_client, demo):
    from .factories import EditionFactory, PageFactory

    other_page = PageFactory(edition=EditionFactory(), number=1)
    article = Article.objects.get(title="市委常委会召开会议")
    data = article_form_data(article)
    data["placements-0-page"] = other_page.pk
    response = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 200
    # Another edition's pages are not even offered (articles/admin/placing.py).
    assert "该选择不在可用的选项中" in response.content.decode()


def test_edition_form_has_its_pages_inline(editor_client, demo):
    """The edition's change form holds one inline form per page of that edition, no more."""
    html = editor_client.get(
        reverse("admin:editions_edition_change", args=[demo.pk])
    ).content.decode()
    pages = Page.objects.filter(edition=demo).order_by("number")
    assert 'name="pages-TOTAL_FORMS" value="4"' in html
    shown = re.findall(r'name="pages-\d+-id" value="(\d+)"', html)
    assert sorted(int(pk) for pk in shown) == sorted(page.pk for page in pages)
    for page in pages:
        assert f'value="{page.name}"' in html


def test_ckeditor_uploads_are_not_routed(client):
    assert client.get("/ckeditor/upload/").status_code == 404
