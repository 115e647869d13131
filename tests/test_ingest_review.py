"""The review screen's corrections of an ingest: drop, mark as advert, merge, split."""

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django.utils import translation

from articles.ingest.marks import matches
from articles.models import Article, Placement
from editions.models import PageMark

from .factories import ArticleFactory, EditionFactory, PageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def page():
    """A draft edition's page with two draft stories read on it, one above the other."""
    page = PageFactory(edition=EditionFactory(draft=True), number=1)
    first = ArticleFactory(draft=True, page=page, body="<p>甲一。</p><p>甲二。</p><p>甲三。</p>")
    second = ArticleFactory(draft=True, page=page, page__position=2, body="<p>乙一。</p>")
    Placement.objects.filter(article=first).update(x=0.1, y=0.1, width=0.8, height=0.3)
    Placement.objects.filter(article=second).update(x=0.1, y=0.5, width=0.4, height=0.2)
    return page


def _staff(*perms: str) -> User:
    user = User.objects.create_user("editor", password="x", is_staff=True)
    for codename in perms:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


@pytest.fixture
def editor(client):
    client.force_login(_staff("change_article", "add_article", "add_edition"))
    return client


def _post(client, page, follow=False, **data):
    url = reverse("ingest-correct", args=[page.edition_id, page.number])
    return client.post(url, data, follow=follow)


def _placements(page):
    return list(Placement.objects.filter(page=page).select_related("article"))


def test_staff_without_the_change_permission_cannot_correct(client, page):
    """A staff member who may not change articles gets 403 and nothing changes."""
    client.force_login(_staff("add_article", "add_edition"))
    first = _placements(page)[0]
    response = _post(client, page, action="drop", placement=first.pk, version=1)
    assert response.status_code == 403
    assert Article.objects.count() == 2


def test_a_correction_is_post_only(editor, page):
    """A GET never changes anything: 405."""
    url = reverse("ingest-correct", args=[page.edition_id, page.number])
    assert editor.get(url, {"action": "drop"}).status_code == 405


def test_dropping_a_false_story_deletes_its_draft_article(editor, page):
    """Drop removes the article the ingest made (and so its placements)."""
    first, second = _placements(page)
    response = _post(editor, page, action="drop", placement=first.pk, version=1)
    assert response.status_code == 302
    assert list(Article.objects.all()) == [second.article]


def test_a_stale_drop_is_refused(editor, page):
    """An article saved since the screen was opened is not dropped."""
    first = _placements(page)[0]
    Article.objects.filter(pk=first.article_id).update(version=2)
    response = _post(editor, page, action="drop", placement=first.pk, version=1, follow=True)
    assert Article.objects.filter(pk=first.article_id).exists()
    assert "after you opened it" in response.content.decode()


def test_marking_a_region_as_an_advert_leaves_no_article(editor, page):
    """An advert or photo read as a story: its article goes."""
    first, second = _placements(page)
    _post(editor, page, action="advert", placement=second.pk, version=1)
    assert list(Article.objects.all()) == [first.article]


def test_marking_a_region_keeps_the_mark_with_its_region_kind_and_editor(editor, page):
    """The mark is stored on the page, where the story's region was, as an advert or an
    image only, with who marked it."""
    first, second = _placements(page)
    _post(editor, page, action="advert", placement=second.pk, version=1)
    _post(editor, page, action="image", placement=first.pk, version=1)
    marks = {m.kind: m for m in PageMark.objects.filter(page=page)}
    assert marks["advert"].region == pytest.approx((0.1, 0.5, 0.4, 0.2))
    assert marks["image"].region == pytest.approx((0.1, 0.1, 0.8, 0.3))
    assert marks["advert"].created_by.username == "editor"
    assert not Article.objects.exists()


def test_a_stale_mark_is_refused_and_leaves_no_mark(editor, page):
    """An article saved since the screen was opened keeps its article, and no mark is made."""
    second = _placements(page)[1]
    Article.objects.filter(pk=second.article_id).update(version=2)
    _post(editor, page, action="advert", placement=second.pk, version=1)
    assert Article.objects.filter(pk=second.article_id).exists()
    assert not PageMark.objects.exists()


def test_a_story_without_a_region_cannot_be_marked(editor, page):
    """There is nothing to mark: the editor is told to drop it instead."""
    second = _placements(page)[1]
    Placement.objects.filter(pk=second.pk).update(x=None, y=None, width=None, height=None)
    response = _post(editor, page, follow=True, action="advert", placement=second.pk, version=1)
    assert "drop it instead" in response.content.decode()
    assert Article.objects.count() == 2 and not PageMark.objects.exists()


def test_the_review_screen_shows_the_marks_and_removes_one(editor, page):
    """Marks are drawn over the page labelled 广告 or 图片, each with a button taking it back."""
    advert = PageMark.objects.create(page=page, kind="advert", x=0, y=0.8, width=0.5, height=0.2)
    PageMark.objects.create(page=page, kind="image", x=0.5, y=0.8, width=0.5, height=0.2)
    html = editor.get(reverse("ingest-review", args=[page.edition_id, 1])).content.decode()
    assert html.count('class="ingest-mark"') == 2
    assert ">广告</span>" in html and ">图片</span>" in html
    assert f'name="mark" value="{advert.pk}"' in html
    _post(editor, page, action="unmark", mark=advert.pk)
    assert list(PageMark.objects.values_list("kind", flat=True)) == ["image"]


def test_a_mark_of_another_page_is_not_removed(editor, page):
    """The mark must be on the page the correction is posted for."""
    other = PageFactory(edition=page.edition, number=2)
    mark = PageMark.objects.create(page=other, kind="advert", x=0, y=0, width=0.5, height=0.5)
    assert _post(editor, page, action="unmark", mark=mark.pk).status_code == 404
    assert PageMark.objects.filter(pk=mark.pk).exists()


@pytest.mark.parametrize(
    ("story", "marked"),
    [
        ((0.1, 0.1, 0.4, 0.3), True),  # the same region
        ((0.12, 0.12, 0.36, 0.26), True),  # inside the mark: IoU 0.78, wholly inside
        ((0.1, 0.1, 0.44, 0.32), True),  # a little larger: IoU 0.85
        ((0.3, 0.1, 0.4, 0.3), False),  # half outside
        ((0.0, 0.0, 1.0, 1.0), False),  # the whole page around a small mark
    ],
)
def test_a_story_matches_a_mark_by_iou_or_lying_mostly_inside_it(story, marked):
    """A re-read story is the marked region when IoU ≥ 0.8 or 80 % of it is inside."""
    assert matches(story, (0.1, 0.1, 0.4, 0.3)) is marked


def test_only_draft_articles_are_corrected(editor, page):
    """A signed-off article is never deleted from the review screen."""
    first = _placements(page)[0]
    Article.objects.filter(pk=first.article_id).update(status="published")
    _post(editor, page, action="drop", placement=first.pk, version=1)
    assert Article.objects.filter(pk=first.article_id).exists()


def test_merging_joins_bodies_in_reading_order_and_regions(editor, page):
    """Merging the second into the first (chosen from either) keeps one article, both
    bodies in print order, and one placement over both regions."""
    first, second = _placements(page)
    _post(
        editor,
        page,
        action="merge",
        placement=second.pk,
        version=1,
        other=f"{first.pk}:1",
    )
    (merged,) = _placements(page)
    assert merged.article_id == first.article_id
    assert merged.article.body == "<p>甲一。</p><p>甲二。</p><p>甲三。</p><p>乙一。</p>"
    assert (merged.x, merged.y) == (0.1, 0.1)
    assert merged.width == pytest.approx(0.8)
    assert merged.height == pytest.approx(0.6)
    assert Article.objects.count() == 1


def test_a_stale_merge_is_refused(editor, page):
    """If the other story was saved since, neither article changes."""
    first, second = _placements(page)
    Article.objects.filter(pk=second.article_id).update(version=3)
    _post(editor, page, action="merge", placement=first.pk, version=1, other=f"{second.pk}:1")
    assert Article.objects.count() == 2
    assert Article.objects.get(pk=first.article_id).body.count("<p>") == 3


def test_splitting_makes_a_new_draft_of_the_paragraphs_chosen(editor, page):
    """Paragraphs 2–3 become a new draft placed after the story; the story keeps the rest."""
    first, second = _placements(page)
    _post(editor, page, action="split", placement=first.pk, version=1, start=2, end=3)
    first.article.refresh_from_db()
    assert first.article.body == "<p>甲一。</p>"
    assert first.article.version == 2
    new = Article.objects.exclude(pk__in=[first.article_id, second.article_id]).get()
    assert (new.status, new.title) == ("draft", "甲二。")
    assert new.body == "<p>甲二。</p><p>甲三。</p>"
    order = [p.article_id for p in _placements(page)]
    assert order == [first.article_id, new.pk, second.article_id]


def test_a_split_that_leaves_nothing_or_is_stale_is_refused(editor, page):
    """Splitting off every paragraph, or from a stale copy, changes nothing."""
    first = _placements(page)[0]
    _post(editor, page, action="split", placement=first.pk, version=1, start=1, end=3)
    _post(editor, page, action="split", placement=first.pk, version=5, start=2, end=2)
    assert Article.objects.count() == 2
    assert Article.objects.get(pk=first.article_id).body.count("<p>") == 3


def test_the_review_screen_offers_the_corrections(editor, page):
    """Each story has drop, advert, merge and split buttons posting to the service."""
    html = editor.get(reverse("ingest-review", args=[page.edition_id, 1])).content.decode()
    for value in ("drop", "advert", "image", "merge", "split"):
        assert f'value="{value}"' in html
    assert reverse("ingest-correct", args=[page.edition_id, 1]) in html


def test_the_review_screen_gives_a_status_line_per_page(editor, page):
    """Every page of the edition is listed with its story count and those without a region."""
    PageFactory(edition=page.edition, number=2, name="经济")
    Placement.objects.filter(page=page, position=2).update(x=None, y=None, width=None, height=None)
    html = editor.get(reverse("ingest-review", args=[page.edition_id, 1])).content.decode()
    assert "2 stories, 1 without a region" in html
    assert "0 stories" in html
