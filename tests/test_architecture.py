"""The layout rules the codebase keeps: visibility on the models, no borrowed querysets,
one-way dependencies between the apps, no oversized modules."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone

from articles.models import Article, ArticleStatus
from editions.models import Edition, Page, PublishStatus

from .factories import ArticleFactory, EditionFactory, PageFactory

ROOT = Path(__file__).resolve().parent.parent
APPS = ("articles", "editions", "newspaper")


def sources(*, models_too: bool = False) -> list[Path]:
    """The application's Python modules, migrations aside."""
    files = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts or (path.name == "models.py" and not models_too):
                continue
            files.append(path)
    return files


# A status or publish-time condition in a filter, exclude or Q: what only models may write.
HAND_WRITTEN_VISIBILITY = re.compile(
    r"\b(status|publish_at)__\w+|\b(filter|exclude|Q)\([^)]*\b(status|publish_at)\s*="
)


def test_no_status_or_publish_time_filter_is_written_outside_the_models():
    """Visibility has one home: the models' querysets and their ``*_q`` helpers."""
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sources()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if HAND_WRITTEN_VISIBILITY.search(line)
    ]
    assert offenders == []


def test_no_module_imports_another_modules_views_for_a_queryset():
    """Feeds, sitemaps, search and services import models, never views."""
    view_import = re.compile(r"^from (articles|editions|newspaper)?\.?views import", re.M)
    offenders = [
        str(path.relative_to(ROOT))
        for path in sources()
        if "views" not in path.stem
        and path.stem not in {"urls", "previews"}
        and view_import.search(path.read_text())
    ]
    assert offenders == []


def test_the_editions_app_never_imports_the_articles_app():
    """editions/ is the print structure; articles/ builds on it, never the other way."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "editions").rglob("*.py"))
        if re.search(r"^\s*(from|import) articles\b", path.read_text(), re.M)
    ]
    assert offenders == []


# The bundle reader is being rewritten on its own branch (a pydantic schema, issue 8 item 6).
BEING_REWRITTEN: set[str] = set()


def test_no_module_but_models_and_migrations_is_over_four_hundred_lines():
    """Big modules are split into packages by concept."""
    long = [
        f"{path.relative_to(ROOT)}: {count}"
        for path in sources()
        if path.relative_to(ROOT).as_posix() not in BEING_REWRITTEN
        and (count := len(path.read_text().splitlines())) > 420
    ]
    assert long == []


@pytest.fixture
def times():
    now = timezone.now()
    return now, now - datetime.timedelta(hours=1), now + datetime.timedelta(hours=1)


@pytest.mark.django_db
def test_scheduled_articles_are_signed_off_with_their_time_to_come(times):
    """``scheduled()`` is what the admin's 定时发布 list shows; ``public()`` never holds it."""
    now, past, future = times
    live = ArticleFactory(status=ArticleStatus.PUBLISHED, publish_at=past, edition=None)
    later = ArticleFactory(status=ArticleStatus.PUBLISHED, publish_at=future, edition=None)
    ArticleFactory(status=ArticleStatus.APPROVED, publish_at=future, edition=None)
    assert list(Article.objects.scheduled(now)) == [later]
    assert list(Article.objects.public(now)) == [live]


@pytest.mark.django_db
def test_previewable_articles_are_the_approved_and_the_published():
    """A preview shows what readers will see once the edition is signed off."""
    approved = ArticleFactory(status=ArticleStatus.APPROVED)
    published = ArticleFactory(status=ArticleStatus.PUBLISHED)
    ArticleFactory(status=ArticleStatus.SUBMITTED)
    assert set(Article.objects.previewable()) == {approved, published}


@pytest.mark.django_db
def test_pages_are_public_and_scheduled_exactly_when_their_edition_is(times):
    """``Page.objects`` follows ``Edition.objects``: one rule for both."""
    now, past, future = times
    live = PageFactory(
        edition=EditionFactory(status=PublishStatus.PUBLISHED, publish_at=past), number=1
    )
    later = PageFactory(
        edition=EditionFactory(status=PublishStatus.PUBLISHED, publish_at=future), number=1
    )
    PageFactory(edition=EditionFactory(status=PublishStatus.DRAFT, publish_at=past), number=1)
    assert list(Page.objects.public(now)) == [live]
    assert list(Page.objects.scheduled(now)) == [later]
    assert list(Edition.objects.scheduled(now)) == [later.edition]
    assert Page.objects.not_public(now).count() == 2
