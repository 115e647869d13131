"""Writes live in services: the article's version, page regions, role changes, sign-off."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import workflow
from articles.hotspots import Hotspot, StaleRegions, hotspots_version, page_regions_save
from articles.models import Article, ArticleStatus, AuditAction, AuditEntry, Placement
from articles.services import StaleEdit, article_update

from .factories import ArticleFactory, EditionFactory, PageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="编辑"))
    return user


def test_article_update_saves_the_data_one_version_up(editor):
    """The version moves by one and the saver is recorded."""
    article = ArticleFactory(title="旧题")
    updated = article_update(
        article=article, user=editor, data={"title": "新题"}, expected_version=article.version
    )
    article.refresh_from_db()
    assert (article.title, article.version, article.updated_by) == ("新题", 2, editor)
    assert updated.version == 2


def test_article_update_refuses_a_copy_older_than_the_stored_one(editor):
    """A stale save raises StaleEdit naming who saved last, and writes nothing."""
    article = ArticleFactory(title="旧题")
    article_update(article=article, user=editor, data={"title": "第一"}, expected_version=1)
    stale = Article.objects.get(pk=article.pk)
    with pytest.raises(StaleEdit, match="editor"):
        article_update(article=stale, user=editor, data={"title": "第二"}, expected_version=1)
    assert Article.objects.get(pk=article.pk).title == "第一"


def test_a_workflow_step_moves_the_version_through_article_update(editor):
    """Workflow steps share the version bump: an editor's copy opened before them is stale."""
    article = ArticleFactory(status=ArticleStatus.SUBMITTED)
    workflow.article_approve(article=article, user=editor)
    assert Article.objects.get(pk=article.pk).version == 2
    with pytest.raises(StaleEdit):
        article_update(article=article, user=editor, data={"title": "x"}, expected_version=1)


def test_a_role_change_made_outside_the_admin_is_audited(editor):
    """Adding a group in code (a command, the shell) writes the audit log too."""
    editor.groups.add(Group.objects.get(name="值班总编"))
    entry = AuditEntry.objects.filter(
        action=AuditAction.ROLE_CHANGE, target_id=str(editor.pk)
    ).latest("id")
    assert entry.message == "+值班总编"
    assert entry.actor is None


def test_a_role_change_from_the_groups_side_is_audited(editor):
    """group.user_set.remove(user) is a role change of that user."""
    Group.objects.get(name="编辑").user_set.remove(editor)
    entry = AuditEntry.objects.filter(action=AuditAction.ROLE_CHANGE).latest("id")
    assert (entry.target_id, entry.message) == (str(editor.pk), "-编辑")


def test_a_flag_change_saved_in_code_is_audited(editor):
    """Making a user a superuser by saving it is audited; a save changing no role is not."""
    editor.is_superuser = True
    editor.save()
    editor.first_name = "编"
    editor.save()
    messages = list(
        AuditEntry.objects.filter(action=AuditAction.ROLE_CHANGE, target_id=str(editor.pk))
        .order_by("id")
        .values_list("message", flat=True)
    )
    assert messages[-1] == "is_superuser=True"
    assert messages.count("is_superuser=True") == 1


@pytest.fixture
def chief_client(client, django_user_model):
    """Logged in as the duty chief editor, who signs editions off."""
    user = django_user_model.objects.create_user("chief", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="值班总编"))
    client.force_login(user)
    return client


def edition_ready_to_sign_off(date: datetime.date):
    """A draft edition whose one page carries one approved article."""
    edition = EditionFactory(date=date, draft=True)
    ArticleFactory(status=ArticleStatus.APPROVED, page=PageFactory(edition=edition, number=1))
    return edition


def test_sign_off_with_an_unreadable_time_is_refused_with_the_forms_message(chief_client):
    """The typed time is parsed by a Django form: nonsense is a message, not a sign-off."""
    edition = edition_ready_to_sign_off(datetime.date(2024, 4, 2))
    response = chief_client.post(
        reverse("admin:articles_article_sign_off", args=[edition.pk]),
        {"publish_at": "明天早上"},
        follow=True,
    )
    edition.refresh_from_db()
    assert edition.status == "draft"
    assert "2024-04-01 06:00" in response.content.decode()


def test_sign_off_takes_the_typed_time_in_the_sites_time_zone(chief_client):
    """2024-04-03 06:00 typed is 06:00 in TIME_ZONE, as the form reads it."""
    edition = edition_ready_to_sign_off(datetime.date(2024, 4, 3))
    chief_client.post(
        reverse("admin:articles_article_sign_off", args=[edition.pk]),
        {"publish_at": "2024-04-03 06:00"},
    )
    edition.refresh_from_db()
    local = timezone.localtime(edition.publish_at)
    assert (edition.status, local.hour, local.minute) == ("published", 6, 0)


def test_page_regions_save_refuses_regions_drawn_on_an_older_version(editor, demo):
    """The hotspot service checks for an edit made meanwhile itself, whoever calls it."""
    page = demo.pages.get(number=1)
    version = hotspots_version(page)
    Placement.objects.filter(page=page, position=1).update(x=0.5)  # another editor saved
    article = Placement.objects.filter(page=page).first().article
    regions = [Hotspot(article.pk, 0.1, 0.1, 0.2, 0.2)]
    with pytest.raises(StaleRegions):
        page_regions_save(page=page, user=editor, regions=regions, expected_version=version)
    assert Placement.objects.filter(page=page, x=0.1).count() == 0


def test_page_regions_save_writes_the_regions_as_a_revision_by_the_editor(editor, demo):
    """Regions saved at the current version become placements, kept as a revision."""
    page = demo.pages.get(number=3)
    article = Article.objects.filter(edition=page.edition).exclude(placements__page=page).first()
    changes = page_regions_save(
        page=page,
        user=editor,
        regions=[Hotspot(article.pk, 0.1, 0.2, 0.3, 0.25)],
        expected_version=hotspots_version(page),
    )
    assert changes.created == 1
    placement = Placement.objects.get(page=page, article=article)
    assert placement.region == (0.1, 0.2, 0.3, 0.25)
    assert Version.objects.get_for_object(placement).first().revision.user == editor
