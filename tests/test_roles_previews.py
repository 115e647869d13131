"""Roles and previews that leaked or overreached (issue 13, items 14 and 15): publish times
are the duty chief's, withdrawal and "revoke" end shared links, page previews and the desk
follow the admin's role rules, an author of drafts only has no public page, and a web-only
article signed off without a time goes live."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleAuthor, ArticleStatus, AuditAction, AuditEntry
from articles.previews import make_token, preview_url
from articles.services import article_update
from editions.models import Edition

from .factories import ArticleFactory, AuthorFactory, EditionFactory, PageFactory

pytestmark = pytest.mark.django_db


def by(user, **kwargs) -> Article:
    article = ArticleFactory(publish_at=None, **kwargs)
    Article.objects.filter(pk=article.pk).update(created_by=user)
    article.refresh_from_db()
    return article


# --- item 15 --------------------------------------------------------------------------------


def test_signing_off_a_web_only_article_without_a_time_puts_it_on_the_site(client, staff):
    """Sign-off saves the publish time it sets, so readers see the article at once."""
    article = by(staff["reporter"], status=ArticleStatus.APPROVED, title="网络首发")
    workflow.article_publish(article=article, user=staff["chief"])
    article.refresh_from_db()
    assert article.publish_at is not None
    assert article.publish_at <= timezone.now()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "网络首发" in response.content.decode()
    assert "网络首发" in client.get("/feeds/latest/rss/").content.decode()


# --- item 14: publish times -----------------------------------------------------------------


@pytest.fixture
def scheduled_edition():
    edition = EditionFactory(scheduled=True)
    PageFactory(edition=edition, number=1)
    return edition


def edition_form(edition, publish_at: datetime.datetime) -> dict:
    local = timezone.localtime(publish_at)
    return {
        "publication": edition.publication_id,
        "date": edition.date.isoformat(),
        "number": edition.number,
        "publish_at_0": local.strftime("%Y-%m-%d"),
        "publish_at_1": local.strftime("%H:%M:%S"),
        "pages-TOTAL_FORMS": "0",
        "pages-INITIAL_FORMS": "0",
        "pages-MIN_NUM_FORMS": "0",
        "pages-MAX_NUM_FORMS": "1000",
    }


def test_an_editor_cannot_move_a_scheduled_edition_into_the_past(client, staff, scheduled_edition):
    """A crafted POST of the edition form with a past time leaves the schedule alone."""
    before = scheduled_edition.publish_at
    client.force_login(staff["editor"])
    url = reverse("admin:editions_edition_change", args=[scheduled_edition.pk])
    assert client.get(url).status_code == 200
    past = timezone.now() - datetime.timedelta(days=1)
    response = client.post(url, edition_form(scheduled_edition, past))
    assert response.status_code in (200, 302, 403)
    scheduled_edition.refresh_from_db()
    assert scheduled_edition.publish_at == before
    assert not Edition.objects.public().filter(pk=scheduled_edition.pk).exists()


def test_the_reschedule_service_refuses_an_editor(staff, scheduled_edition):
    """The service itself refuses, whoever calls it."""
    with pytest.raises(PermissionDenied):
        workflow.edition_reschedule(
            edition=scheduled_edition,
            user=staff["editor"],
            publish_at=timezone.now() - datetime.timedelta(days=1),
        )


def test_the_duty_chief_moves_an_edition_time_through_the_admin_and_it_is_audited(
    client, staff, scheduled_edition
):
    """The chief may; the move is in the audit log."""
    client.force_login(staff["chief"])
    url = reverse("admin:editions_edition_change", args=[scheduled_edition.pk])
    earlier = (timezone.now() - datetime.timedelta(hours=1)).replace(microsecond=0)
    response = client.post(url, edition_form(scheduled_edition, earlier))
    assert response.status_code == 302
    scheduled_edition.refresh_from_db()
    assert scheduled_edition.publish_at == earlier
    assert AuditEntry.objects.filter(
        action=AuditAction.RESCHEDULE, target_id=str(scheduled_edition.pk)
    ).exists()


def test_an_editor_cannot_move_a_signed_off_article_through_the_service(staff):
    """article_update refuses a new publish time on a signed-off article but from the chief."""
    article = by(staff["reporter"], status=ArticleStatus.PUBLISHED)
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now())
    article.refresh_from_db()
    with pytest.raises(PermissionDenied):
        article_update(
            article=article,
            user=staff["editor"],
            data={"publish_at": timezone.now() - datetime.timedelta(days=30)},
            expected_version=None,
        )
    article_update(
        article=article,
        user=staff["chief"],
        data={"publish_at": timezone.now() - datetime.timedelta(days=30)},
        expected_version=None,
    )


@pytest.mark.parametrize("year", [1, 2200])
def test_services_refuse_times_outside_1900_to_2100(staff, scheduled_edition, year):
    """Sign-off, article sign-off, rescheduling and corrections refuse a typo'd year."""
    bad = datetime.datetime(year, 1, 1, 12, tzinfo=datetime.UTC)
    approved = by(staff["reporter"], status=ArticleStatus.APPROVED)
    with pytest.raises(workflow.WorkflowError):
        workflow.article_publish(article=approved, user=staff["chief"], publish_at=bad)
    with pytest.raises(workflow.WorkflowError):
        workflow.edition_reschedule(edition=scheduled_edition, user=staff["chief"], publish_at=bad)
    with pytest.raises(workflow.WorkflowError):
        workflow.edition_sign_off(edition=scheduled_edition, user=staff["chief"], publish_at=bad)
    published = by(staff["reporter"], status=ArticleStatus.PUBLISHED)
    with pytest.raises(workflow.WorkflowError):
        workflow.article_correct(
            article=published, user=staff["chief"], text="更正", date=bad.date()
        )
    approved.refresh_from_db()
    assert approved.status == ArticleStatus.APPROVED and approved.publish_at is None


# --- item 14: shared previews ---------------------------------------------------------------


def test_withdrawing_an_article_ends_its_shared_preview_links(client, staff):
    article = by(staff["reporter"], status=ArticleStatus.PUBLISHED)
    url = preview_url(article)
    assert client.get(url).status_code == 200
    workflow.article_withdraw(article=article, user=staff["chief"], reason="有误")
    assert client.get(url).status_code == 404


def test_the_revoke_button_ends_shared_links_and_a_new_one_works(client, staff):
    """POST to "revoke" on the share screen: the old link is dead, a newly shared one works."""
    article = by(staff["reporter"], status=ArticleStatus.DRAFT)
    old = preview_url(article)
    assert client.get(old).status_code == 200
    client.force_login(staff["editor"])
    share = reverse("admin:articles_article_share", args=[article.pk])
    assert "revoke" in client.get(share).content.decode()
    revoke = reverse("admin:articles_article_revoke_previews", args=[article.pk])
    assert client.post(revoke).status_code == 302
    client.logout()
    assert client.get(old).status_code == 404
    article.refresh_from_db()
    assert client.get(preview_url(article)).status_code == 200


def test_a_reporter_cannot_revoke_someone_elses_links(client, staff):
    article = by(staff["other"])
    client.force_login(staff["reporter"])
    revoke = reverse("admin:articles_article_revoke_previews", args=[article.pk])
    assert client.post(revoke).status_code == 403
    assert Article.objects.get(pk=article.pk).preview_version == 0


def test_a_link_with_a_forged_version_is_refused(client, staff):
    """The version is inside the signature: an old link cannot be made current by hand."""
    article = by(staff["reporter"])
    Article.objects.filter(pk=article.pk).update(preview_version=3)
    token = make_token("article", article.pk, 3)
    assert client.get(f"/preview/{token}/").status_code == 200
    assert client.get(f"/preview/{make_token('article', article.pk, 2)}/").status_code == 404


# --- item 14: page previews and the desk follow the roles -----------------------------------


@pytest.fixture
def unpublished_page(staff):
    edition = EditionFactory(date=datetime.date(2024, 4, 2), draft=True)
    page = PageFactory(edition=edition, number=1)
    by(staff["reporter"], status=ArticleStatus.APPROVED, page=page, title="我的待签稿")
    by(staff["other"], status=ArticleStatus.APPROVED, page=page, title="别人的待签稿")
    return page


PREVIEW = "/preview/editions/2024-04-02/01/"


def test_an_editor_previews_every_story_of_an_unpublished_page(client, staff, unpublished_page):
    client.force_login(staff["editor"])
    html = client.get(PREVIEW).content.decode()
    assert "我的待签稿" in html and "别人的待签稿" in html


def test_a_reporter_previews_only_their_own_stories(client, staff, unpublished_page):
    client.force_login(staff["reporter"])
    response = client.get(PREVIEW)
    assert response.status_code == 200
    html = response.content.decode()
    assert "我的待签稿" in html
    assert "别人的待签稿" not in html


def test_staff_with_no_role_preview_nothing(client, staff, unpublished_page):
    client.force_login(staff["nobody"])
    response = client.get(PREVIEW)
    assert response.status_code == 404
    assert "待签稿" not in response.content.decode()


def test_the_desk_does_not_show_a_reporter_other_reporters_draft_headlines(client, staff):
    edition = EditionFactory(date=datetime.date(2024, 4, 3), draft=True)
    page = PageFactory(edition=edition, number=1)
    by(staff["reporter"], status=ArticleStatus.DRAFT, page=page, title="自己的草稿")
    by(staff["other"], status=ArticleStatus.DRAFT, page=page, title="别人的秘密草稿")
    client.force_login(staff["reporter"])
    html = client.get(reverse("admin:articles_article_desk") + "?date=2024-04-03")
    html = html.content.decode()
    assert "自己的草稿" in html
    assert "别人的秘密草稿" not in html
    client.force_login(staff["editor"])
    html = client.get(reverse("admin:articles_article_desk") + "?date=2024-04-03")
    assert "别人的秘密草稿" in html.content.decode()


# --- item 14: authors of drafts only --------------------------------------------------------


def test_an_author_credited_only_on_drafts_has_no_public_page_or_feed(client):
    author = AuthorFactory(name="未署名作者")
    draft = ArticleFactory(draft=True)
    withdrawn = ArticleFactory(withdrawn=True)
    for article in (draft, withdrawn):
        ArticleAuthor.objects.create(article=article, author=author, position=1)
    assert client.get(f"/authors/{author.slug}/").status_code == 404
    for fmt in ("rss", "atom", "json"):
        assert client.get(f"/feeds/authors/{author.slug}/{fmt}/").status_code == 404
    ArticleAuthor.objects.create(article=ArticleFactory(), author=author, position=1)
    assert client.get(f"/authors/{author.slug}/").status_code == 200
    assert client.get(f"/feeds/authors/{author.slug}/rss/").status_code == 200
