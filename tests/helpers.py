"""What several test modules share and is not a fixture: paths, skips, small builders.

Fixtures live in ``conftest.py``; factories in ``factories.py``; everything else a test
module borrows from another goes here, never ``from .conftest import …``.
"""

import os
import threading
import time
from pathlib import Path

import pytest

from newspaper.demo import DEMO_BUNDLE

__all__ = [
    "article_by",
    "login",
    "CHROMIUM",
    "DEMO_BUNDLE",
    "DESKTOP",
    "eventually",
    "PHONE",
    "REPOSITORY",
    "ServerTraffic",
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


def eventually(check, timeout: float = 15.0, every: float = 0.1) -> bool:
    """True as soon as ``check()`` is; False if it is not within ``timeout`` seconds: for
    what a page's background request (an autosave) writes in its own time."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(every)
    return True


class ServerTraffic:
    """What the live server is serving now: the connections it accepted and has not closed
    yet, and the requests its application has not finished answering (a response is
    finished when it is closed, after its last byte and after Django's request_finished).

    Counted by wrapping the running server's ``process_request``/``shutdown_request`` (one
    pair per accepted connection, whatever happens in between) and its WSGI application.
    """

    def __init__(self, httpd):
        self._changed = threading.Condition()
        self.connections = 0
        self.requests = 0
        process_request, shutdown_request = httpd.process_request, httpd.shutdown_request

        def counted_process_request(request, client_address):
            self._add("connections", 1)
            process_request(request, client_address)

        def counted_shutdown_request(request):
            try:
                shutdown_request(request)  # Django's closes the thread's database connections
            finally:
                self._add("connections", -1)

        httpd.process_request = counted_process_request
        httpd.shutdown_request = counted_shutdown_request
        httpd.set_app(self._counted(httpd.get_app()))

    def __str__(self):
        return f"{self.requests} request(s) on {self.connections} connection(s)"

    def _add(self, counter: str, step: int):
        with self._changed:
            setattr(self, counter, max(0, getattr(self, counter) + step))
            self._changed.notify_all()

    def _counted(self, app):
        traffic = self

        class Answer:
            def __init__(self, body):
                self.body = body

            def __iter__(self):
                return iter(self.body)

            def close(self):
                try:
                    if hasattr(self.body, "close"):
                        self.body.close()
                finally:
                    traffic._add("requests", -1)

        def counted_app(environ, start_response):
            self._add("requests", 1)
            try:
                body = app(environ, start_response)
            except BaseException:
                self._add("requests", -1)
                raise
            # The server reads file_wrapper bodies itself and still calls close().
            return Answer(body)

        return counted_app

    def busy(self, connections: bool = False) -> bool:
        return bool(self.requests or (connections and self.connections))

    def wait_for_silence(
        self, connections: bool = False, quiet: float = 0.2, timeout: float = 20.0
    ) -> bool:
        """True once no request (and, if ``connections``, no connection) has been open for
        ``quiet`` seconds on end; False after ``timeout`` seconds without such a pause. The
        pause covers a request the browser sent just before: read, but not counted yet."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                while self.busy(connections):
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return False
                    self._changed.wait(left)
                if not self._changed.wait_for(lambda: self.busy(connections), quiet):
                    return True
