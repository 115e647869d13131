"""The suite's fixtures: the demo edition, a clear cache, and one Chromium for the session.

Helpers that are not fixtures are in ``tests/helpers.py``; import them from there.
"""

import os
import shutil

import pytest
from django.core.management import call_command

from newspaper.demo import DEMO_BUNDLE

from .demo_snapshot import DemoSnapshot
from .helpers import CHROMIUM, DESKTOP, unavailable


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


# -- Chromium, driven by Playwright --------------------------------------------------------
@pytest.hookimpl(trylast=True)  # after pytest-django's order: database tests first
def pytest_collection_modifyitems(config, items):
    """The browser tests run last, together: Playwright's event loop runs on the main
    thread for as long as the one Chromium of the session is open.

    They drive a live server whose thread shares the test's in-memory SQLite connection; a
    background request of the page (an autosave, a rendition) can meet the test thread's
    own queries on it. Until those tests wait for every request they cause, a failed
    browser test is run again, at most twice, and the report says so.
    """
    items.sort(key=lambda item: "browser" in getattr(item, "fixturenames", ()))
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.flaky(reruns=2))


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
