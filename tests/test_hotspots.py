"""The hotspot editor's server side: the regions an editor draws are saved as placements."""

import json

import pytest
from django.urls import reverse

from articles.hotspots import hotspots_version
from articles.models import Article, Placement

from .factories import ArticleFactory, EditionFactory, PageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "e@example.com", "pw")
    client.force_login(user)
    return client


def change_url(page) -> str:
    return reverse("admin:editions_page_change", args=[page.pk])


def post_hotspots(client, page, regions, *, version=None):
    document = {"version": hotspots_version(page) if version is None else version}
    document["regions"] = regions
    data = {
        "edition": page.edition_id,
        "number": page.number,
        "name": page.name,
        "editor": page.editor,
        "hotspots": json.dumps(document),
        "_continue": "1",
    }
    return client.post(change_url(page), data)


def region(article, x=0.1, y=0.2, width=0.3, height=0.25) -> dict:
    return {"article": article.pk, "x": x, "y": y, "width": width, "height": height}


def test_the_page_form_shows_the_editor_with_the_page_image_and_the_editions_articles(
    editor_client, demo
):
    page = demo.pages.get(number=1)
    html = editor_client.get(change_url(page)).content.decode()
    assert "hotspots.js" in html and "hotspots.css" in html
    assert "data-hotspot-canvas" in html
    assert page.reading_image.url in html
    config = json.loads(
        html.split('id="id_hotspots-config" type="application/json">')[1].split("<")[0]
    )
    assert [a["title"][:4] for a in config["articles"]][:3] == ["动能澎湃", "让企业感", "市委常委"]
    assert config["articles"][0]["pages"] == "第01版 第02版"
    initial = json.loads(
        html.split("data-hotspot-input")[0]
        .rsplit('value="', 1)[1]
        .split('"')[0]
        .replace("&quot;", '"')
    )
    assert len(initial["regions"]) == 5
    assert "版面热区" in html


def test_a_region_drawn_for_an_article_places_it_on_the_page(editor_client, demo):
    page = demo.pages.get(number=3)
    article = Article.objects.get(title="市委常委会召开会议")
    response = post_hotspots(editor_client, page, [region(article)])
    assert response.status_code == 302, response.content.decode()[:3000]
    placement = Placement.objects.get(page=page, article=article)
    assert placement.region == (0.1, 0.2, 0.3, 0.25)
    assert placement.position == 1
    messages = editor_client.get(response["Location"]).content.decode()
    assert "热区已保存" in messages


def test_moving_and_removing_regions_updates_and_clears_placements(editor_client, demo):
    page = demo.pages.get(number=1)
    placements = list(Placement.objects.filter(page=page).order_by("position"))
    kept = [region(p.article, *p.region) for p in placements[1:4]]
    kept[0]["x"] = 0.6
    response = post_hotspots(editor_client, page, kept)
    assert response.status_code == 302
    after = {p.article_id: p for p in Placement.objects.filter(page=page)}
    assert len(after) == 5  # every story stays on the page
    assert after[placements[1].article_id].x == 0.6
    assert after[placements[2].article_id].region == placements[2].region
    assert after[placements[0].article_id].region is None
    assert after[placements[4].article_id].region is None


def test_an_unchanged_editor_leaves_the_placements_alone(editor_client, demo):
    page = demo.pages.get(number=1)
    before = list(Placement.objects.filter(page=page).values())
    regions = [region(p.article, *p.region) for p in Placement.objects.filter(page=page)]
    response = post_hotspots(editor_client, page, regions, version="stale")
    assert response.status_code == 302
    assert list(Placement.objects.filter(page=page).values()) == before


@pytest.mark.parametrize(
    ("regions", "message"),
    [
        (
            "UNASSIGNED",
            "第1个热区还没有指定稿件",
        ),
        ("OTHER", "第1个热区指向的稿件不属于本期"),
        ("TWICE", "在本版只能有一个热区"),
        ("OFF_PAGE", "第1个热区超出了版面或太小"),
        ("TOO_SMALL", "第1个热区超出了版面或太小"),
        ("NOT_NUMBERS", "第1个热区无法读取"),
    ],
)
def test_a_bad_region_is_refused_with_a_message_and_nothing_is_saved(
    editor_client, demo, regions, message
):
    page = demo.pages.get(number=3)
    article = Article.objects.get(title="市委常委会召开会议")
    other = ArticleFactory(page=PageFactory(edition=EditionFactory(), number=1))
    regions = {
        "UNASSIGNED": [{"article": None, "x": 0.1, "y": 0.1, "width": 0.2, "height": 0.2}],
        "OTHER": [region(other)],
        "TWICE": [region(article), region(article, x=0.5)],
        "OFF_PAGE": [region(article, x=1.2)],
        "TOO_SMALL": [region(article, width=0.004)],
        "NOT_NUMBERS": [{"article": article.pk, "x": "left", "y": 0, "width": 1, "height": 1}],
    }[regions]
    response = post_hotspots(editor_client, page, regions)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Placement.objects.filter(page=page).exists()


def test_a_box_dragged_a_hair_past_the_edge_is_clamped_to_the_page(editor_client, demo):
    page = demo.pages.get(number=3)
    article = Article.objects.get(title="市委常委会召开会议")
    response = post_hotspots(
        editor_client, page, [region(article, x=-0.001, y=0.8, width=0.5, height=0.2003)]
    )
    assert response.status_code == 302
    assert Placement.objects.get(page=page, article=article).region == (0.0, 0.8, 0.5, 0.2)


def test_unreadable_hotspots_are_a_message_not_an_error(editor_client, demo):
    page = demo.pages.get(number=3)
    data = {"edition": page.edition_id, "number": 3, "name": page.name, "hotspots": "{oops"}
    response = editor_client.post(change_url(page), data)
    assert response.status_code == 200
    assert "无法读取热区数据" in response.content.decode()


def test_an_edit_made_meanwhile_by_someone_else_is_not_overwritten(editor_client, demo):
    page = demo.pages.get(number=1)
    version = hotspots_version(page)
    Placement.objects.filter(page=page, position=1).update(x=0.5)  # another editor saved
    article = Article.objects.get(title="市委常委会召开会议")
    response = post_hotspots(editor_client, page, [region(article)], version=version)
    assert response.status_code == 200
    assert "他人修改" in response.content.decode()
    assert Placement.objects.filter(page=page, x__isnull=False).count() == 5


def test_a_page_without_an_image_explains_where_hotspots_come_from(editor_client, db):
    page = PageFactory(number=1)
    html = editor_client.get(change_url(page)).content.decode()
    assert "data-hotspot-canvas" not in html
    assert "上传版面PDF或版面图并保存" in html


def test_a_new_page_is_added_without_the_editor(editor_client, db):
    edition = EditionFactory()
    url = reverse("admin:editions_page_add")
    assert "data-hotspot" not in editor_client.get(url).content.decode()
    response = editor_client.post(url, {"edition": edition.pk, "number": 5, "name": "体育"})
    assert response.status_code == 302
    assert edition.pages.get().name == "体育"
