"""The stored ``Article.published_at`` (its own publish time, else its edition's) follows
every write path: saves and services, the workflow's steps, an edition's sign-off and
reschedule, bundle imports, the archive generator and ``sync_published_at`` after bulk
writes; and latest-first lists order by it."""

import datetime

import pytest
from django.core.management import call_command
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleStatus
from articles.services import article_update
from editions.models import Edition

from .factories import ArticleFactory, EditionFactory, PageFactory
from .helpers import DEMO_BUNDLE, article_by

pytestmark = pytest.mark.django_db


def out_of_step() -> list[tuple]:
    """Articles whose stored time is not Coalesce(publish_at, edition.publish_at)."""
    expected = Coalesce("publish_at", "edition__publish_at")
    wrong = Article.objects.annotate(expected=expected).filter(
        ~Q(published_at=F("expected"))
        | Q(published_at__isnull=True, expected__isnull=False)
        | Q(published_at__isnull=False, expected__isnull=True)
    )
    return list(wrong.values_list("pk", "publish_at", "published_at", "expected"))


def test_a_saved_article_stores_its_own_publish_time():
    article = ArticleFactory()
    article.refresh_from_db()
    assert article.published_at == article.publish_at


def test_an_article_without_its_own_time_stores_its_editions():
    page = PageFactory()
    # A draft: a published web-only article would take "now" as its own time first.
    article = ArticleFactory(page=page, publish_at=None, draft=True)
    article.refresh_from_db()
    assert article.published_at == page.edition.publish_at
    assert not out_of_step()


def test_a_draft_without_any_time_stores_none():
    article = ArticleFactory(draft=True, publish_at=None)
    article.refresh_from_db()
    assert article.published_at is None


def test_article_update_moves_it_with_the_publish_time(staff):
    article = ArticleFactory()
    later = timezone.now() + datetime.timedelta(days=2)
    article_update(
        article=article, user=staff["chief"], data={"publish_at": later}, expected_version=None
    )
    article.refresh_from_db()
    assert article.published_at == later


def test_publishing_a_web_only_article_stores_now(staff):
    article = article_by(staff["reporter"], status=ArticleStatus.APPROVED)
    assert article.published_at is None
    workflow.article_publish(article=article, user=staff["chief"])
    article.refresh_from_db()
    assert article.publish_at is not None
    assert article.published_at == article.publish_at


def test_scheduling_with_a_publish_time_stores_it(staff):
    article = article_by(staff["reporter"], status=ArticleStatus.APPROVED)
    when = timezone.now() + datetime.timedelta(hours=5)
    workflow.article_publish(article=article, user=staff["chief"], publish_at=when)
    article.refresh_from_db()
    assert article.published_at == when


def test_withdrawing_keeps_it_in_step(staff):
    article = ArticleFactory()
    workflow.article_withdraw(article=article, user=staff["chief"], reason="错误")
    assert not out_of_step()


def test_an_editions_sign_off_and_reschedule_move_its_articles(staff):
    edition = EditionFactory(draft=True)
    page = PageFactory(edition=edition)
    follows = ArticleFactory(page=page, publish_at=None, status=ArticleStatus.APPROVED)
    own_time = timezone.now() - datetime.timedelta(days=3)
    keeps = ArticleFactory(page=page, publish_at=own_time, status=ArticleStatus.APPROVED)
    when = timezone.now() + datetime.timedelta(hours=3)
    workflow.edition_sign_off(edition=edition, user=staff["chief"], publish_at=when)
    follows.refresh_from_db()
    keeps.refresh_from_db()
    assert follows.published_at == when
    assert keeps.published_at == own_time
    later = when + datetime.timedelta(days=1)
    workflow.edition_reschedule(edition=edition, user=staff["chief"], publish_at=later)
    follows.refresh_from_db()
    assert follows.published_at == later
    assert not out_of_step()


def test_a_bundle_import_stores_it_for_every_article():
    call_command("import_edition", str(DEMO_BUNDLE), verbosity=0)
    assert Article.objects.exists()
    assert not Article.objects.filter(published_at__isnull=True).exists()
    assert not out_of_step()


def test_the_generated_archive_stores_it_for_every_article():
    call_command("generate_archive", articles=120, seed=3, verbosity=0)
    assert Article.objects.count() == 120
    assert not out_of_step()


def test_sync_published_at_repairs_rows_written_around_save():
    page = PageFactory()
    article = ArticleFactory(page=page, publish_at=None, draft=True)
    Edition.objects.filter(pk=page.edition_id).update(
        publish_at=timezone.now() - datetime.timedelta(days=9)
    )
    Article.objects.filter(pk=article.pk).update(published_at=None)
    assert out_of_step()
    assert Article.objects.all().sync_published_at() == 1
    assert not out_of_step()


def test_latest_first_orders_by_the_stored_time():
    old = ArticleFactory(publish_at=timezone.now() - datetime.timedelta(days=5))
    new = ArticleFactory(publish_at=timezone.now() - datetime.timedelta(hours=1))
    page = PageFactory(
        edition=EditionFactory(publish_at=timezone.now() - datetime.timedelta(days=2))
    )
    middle = ArticleFactory(page=page, publish_at=None, status=ArticleStatus.APPROVED)
    Article.objects.filter(pk=middle.pk).update(status=ArticleStatus.PUBLISHED)
    ids = list(Article.objects.public().latest_first().values_list("pk", flat=True))
    assert ids == [new.pk, middle.pk, old.pk]
