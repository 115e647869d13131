"""What several test modules share and is not a fixture: paths, skips, small builders.

Fixtures live in ``conftest.py``; factories in ``factories.py``; everything else a test
module borrows from another goes here, never ``from .conftest import …``.
"""

import os
from pathlib import Path

import pytest

from newspaper.demo import DEMO_BUNDLE

__all__ = [
    "article_by",
    "login",
    "CHROMIUM",
    "DEMO_BUNDLE",
    "DESKTOP",
    "PHONE",
    "REPOSITORY",
    "shared_file",
    "unavailable",
]

REPOSITORY = Path(__file__).resolve().parents[1]
# The browser tests drive Debian's Chromium (or NEWSPAPER_CHROMIUM) at these sizes.
CHROMIUM = os.environ.get("NEWSPAPER_CHROMIUM", "/usr/bin/chromium")
DESKTOP = {"width": 1280, "height": 1000}
PHONE = {"width": 390, "height": 844}


def unavailable(reason: str):
    """Skip a test whose system tool is missing here; under CI, which installs the tools
    (.ci/run: Chromium, the Noto CJK fonts), fail instead."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI installs it (.ci/run), so this test must run there.")
    pytest.skip(reason)


def shared_folders() -> list[Path]:
    """Where the project's ``shared/`` folder may be, in order: ``NEWSPAPER_SHARED_DIR``,
    then ``shared/`` beside the repository or beside any folder above it (a git worktree
    under ``wt/`` finds the one beside the main checkout)."""
    folders = []
    if os.environ.get("NEWSPAPER_SHARED_DIR"):
        folders.append(Path(os.environ["NEWSPAPER_SHARED_DIR"]))
    folders.extend(parent / "shared" for parent in REPOSITORY.parents)
    return folders


def shared_file(relative: str) -> Path:
    """The file at ``relative`` in ``shared/``; skipped where it is not found, and a failure
    under CI, which lays ``shared/`` beside the clone."""
    for folder in shared_folders():
        if (folder / relative).is_file():
            return folder / relative
    unavailable(
        f"shared/{relative} is not beside the repository; set NEWSPAPER_SHARED_DIR to the "
        "shared folder"
    )


def article_by(user, status=None, page=None, **kwargs):
    """An article filed by ``user`` (a draft unless ``status`` says otherwise)."""
    from articles.models import Article, ArticleStatus

    from .factories import ArticleFactory

    article = ArticleFactory(
        status=status or ArticleStatus.DRAFT, page=page, publish_at=None, **kwargs
    )
    Article.objects.filter(pk=article.pk).update(created_by=user)
    article.refresh_from_db()
    return article


def login(client, user):
    """``client`` logged in as ``user``."""
    client.force_login(user)
    return client
