"""The suite's fixtures: the demo edition, a clear cache, and one Chromium for the session.

Helpers that are not fixtures are in ``tests/helpers.py``; import them from there.
"""

import os
import shutil
import sqlite3

import pytest
from django.core.management import call_command

from newspaper.demo import DEMO_BUNDLE

from .demo_snapshot import DemoSnapshot
from .helpers import CHROMIUM, DESKTOP, ServerTraffic, unavailable


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """The rows and files of one import of the demo bundle, made once per session."""
    snapshot = DemoSnapshot(DEMO_BUNDLE, tmp_path_factory.mktemp("demo-media"))
    with django_db_blocker.unblock():
        snapshot.take()
    return snapshot


@pytest.fixture
def demo(_demo_snapshot, db, settings, tmp_path):
    """The demo edition (辽源日报, 2024-04-01), as an import of its bundle leaves it.

    Each test gets its own copy in its own transaction (see ``demo_snapshot.py``), and its
    files in a MEDIA_ROOT of its own (unless the test chose one already), so nothing a
    previous test made from them (a joined PDF, a rendition) is found there. A test that
    does not ask for the demo sees an empty database.
    """
    from editions.models import Edition

    if settings.MEDIA_ROOT == _demo_snapshot.media_root:
        settings.MEDIA_ROOT = str(tmp_path / "demo-media")
    if not _demo_snapshot.restore():
        call_command("import_edition", str(DEMO_BUNDLE), verbosity=0)
    return Edition.objects.get(date="2024-04-01")


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# -- Chromium, driven by Playwright, against the live server -------------------------------
@pytest.hookimpl(trylast=True)  # after pytest-django's order: database tests first
def pytest_collection_modifyitems(config, items):
    """The browser tests run last, together: Playwright's event loop runs on the main
    thread for as long as the one Chromium of the session is open, and on SQLite they move
    the test database to a file (``_browser_database``) that the tests before never see."""
    items.sort(
        key=lambda item: bool({"browser", "live_server"} & set(getattr(item, "fixturenames", ())))
    )


@pytest.fixture(scope="session")
def _browser_database(django_db_setup, django_db_blocker, tmp_path_factory):
    """On SQLite, the in-memory test database copied to a file before the live server starts.

    Django's live server shares an in-memory SQLite connection with the test thread, and
    with every request thread it starts (``LiveServerThread``'s ``connections_override``):
    one connection, and one transaction state, for all of them. A page's background request
    (an autosave, a lock, a rendition) that overlaps the test's own queries, the flush at
    its end, or another request, opens and releases savepoints on the same connection and
    ends in ``TransactionManagementError`` or "no such savepoint". ``transaction=True`` is
    no cure: these tests are transactional already (pytest-django's ``live_server`` asks
    for it, so that the server sees their rows), and the connection is still shared.
    Serialising the server's requests would stop them meeting each other, not the test
    thread's queries, which run between Playwright calls and cannot hold a lock across
    them; and waiting alone cannot cover a timer of the page that fires at any moment.
    With the database in a file, each thread opens its own connection, as on PostgreSQL:
    the server's requests commit or roll back on their own (WAL, a busy timeout and
    ``BEGIN IMMEDIATE`` from the settings make writers wait their turn), the test reads
    what they committed, both databases behave alike, and the flush after each test
    empties the file. What remains is that a test must wait for the requests it caused
    before it reads their work, and no request may still run when its tables are flushed:
    see ``_quiet_live_server``.

    The copy is made once, when the first live server test starts (they run last); the
    tests before keep the fast in-memory database, and their one-connection semantics
    (a test's rolled-back transaction), which a file for the whole session would change.
    The file goes when the session ends.
    """
    from django.db import connections
    from django.db.backends.base.base import BaseDatabaseWrapper

    connection = connections["default"]
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    path = str(tmp_path_factory.mktemp("browser-db") / "test.sqlite3")
    with django_db_blocker.unblock():
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
    # The replica alias mirrors the default one: it moves with it, and back at the end.
    moved = [
        each
        for each in connections.all()
        if each.alias == connection.alias or each.settings_dict["TEST"].get("MIRROR") == "default"
    ]
    before = [each.settings_dict["NAME"] for each in moved]
    for each in moved:
        each.settings_dict["NAME"] = path
        BaseDatabaseWrapper.close(each)  # SQLite's own close() keeps in-memory ones open
    yield
    for each, name in zip(moved, before, strict=True):
        if each.settings_dict is not connection.settings_dict:
            each.settings_dict["NAME"] = name  # pytest-django puts the default one back


@pytest.fixture(scope="session")
def live_server(_browser_database, live_server):
    """pytest-django's live server, on the file database on SQLite, its traffic counted."""
    live_server.traffic = ServerTraffic(live_server.thread.httpd)
    return live_server


@pytest.fixture(autouse=True)
def _quiet_live_server(request):
    """After a live server test, before its tables are flushed: every browser context
    closed and the server quiet, so no request of the test's pages runs into the flush.

    Set up after pytest-django's database fixtures (autouse fixtures of plugins come
    first), so torn down before them; and before the test's own fixtures (``reader``), so
    torn down after they closed their pages.
    """
    if "live_server" not in request.fixturenames:
        yield
        return
    traffic = request.getfixturevalue("live_server").traffic
    yield
    if "browser" in _CHROMIUM:
        for context in list(_CHROMIUM["browser"].contexts):
            context.close()
    if not traffic.wait_for_silence(connections=True):
        pytest.fail(f"the live server was still serving {traffic} after the test's pages closed")


_CHROMIUM: dict = {}  # the session's Playwright and Chromium, once started


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the session (Debian's, or NEWSPAPER_CHROMIUM), closed when the
    session ends. Kept outside the fixture's cache, so a module that imports this fixture
    under its own name still shares it: Playwright's synchronous API runs once per thread."""
    if not _CHROMIUM:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            unavailable("Playwright is not installed (pip install -e '.[test]')")
        from newspaper.demo.facsimile import CHROMIUM_SANDBOXLESS_FLAGS

        executable = shutil.which(CHROMIUM)
        if executable is None:
            unavailable(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
        # Playwright's synchronous API runs an event loop on this thread, and Django refuses
        # database queries from a thread with a running loop unless told it is safe, as it
        # is: the test and the live server never share a query. The browser tests run last.
        _CHROMIUM["previous"] = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        playwright = _CHROMIUM["playwright"] = sync_playwright().start()
        _CHROMIUM["browser"] = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_SANDBOXLESS_FLAGS
        )
    return _CHROMIUM["browser"]


def pytest_sessionfinish(session, exitstatus):
    if not _CHROMIUM:
        return
    try:
        if "browser" in _CHROMIUM:
            _CHROMIUM["browser"].close()
        _CHROMIUM["playwright"].stop()
    finally:
        previous = _CHROMIUM.pop("previous", None)
        _CHROMIUM.clear()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def reader(browser, live_server):
    """Opens a page in a new browser context on the live server; closed after the test."""
    contexts = []

    def open_page(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport, base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.js_errors = errors
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def editor(reader, live_server, client, django_user_model):
    """A browser page logged in to the admin as an editor."""
    user = django_user_model.objects.create_superuser("editor", "e@example.com", "pw")
    client.force_login(user)
    page = reader(DESKTOP)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


@pytest.fixture
def staff(django_user_model):
    """One staff user per newsroom role, a second reporter, and staff with no role."""
    from django.contrib.auth.models import Group

    def make(username, group=None):
        user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return {
        "reporter": make("reporter", "记者"),
        "other": make("other", "记者"),
        "editor": make("editor", "编辑"),
        "chief": make("chief", "值班总编"),
        "nobody": make("nobody"),
    }
