"""The review screen's corrections of an ingest: drop, mark as advert, merge, split."""

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django.utils import translation

from articles.models import Article, Placement

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
    for value in ("drop", "advert", "merge", "split"):
        assert f'value="{value}"' in html
    assert reverse("ingest-correct", args=[page.edition_id, 1]) in html


def test_the_review_screen_gives_a_status_line_per_page(editor, page):
    """Every page of the edition is listed with its story count and those without a region."""
    PageFactory(edition=page.edition, number=2, name="经济")
    Placement.objects.filter(page=page, position=2).update(x=None, y=None, width=None, height=None)
    html = editor.get(reverse("ingest-review", args=[page.edition_id, 1])).content.decode()
    assert "2 stories, 1 without a region" in html
    assert "0 stories" in html
