"""The XSS corpus read back in Chromium: pages, admin screens and feeds as a feed reader that
trusts them would render them — no dialog opens and no request leaves for another host
(issue 13, items 1 and 18). Marked ``security``: ``make security`` runs it.

Chromium (Debian's, driven by Playwright as in ``test_browser.py``) asks for
``http://testserver/…``; every request is answered by Django's test client in this thread
(no live server), with the Content-Security-Policy header removed so that escaping alone is
tested, not the policy behind it. Any request to another host is recorded and refused.
"""

import html
import os
import shutil
import urllib.parse

import feedparser
import pytest
from django.test import Client

from newspaper.demo.facsimile import CHROMIUM_SANDBOXLESS_FLAGS

from .conftest import unavailable
from .hostile import HOSTILE_DATE, hostile_newsroom
from .security_report import record

pytestmark = [pytest.mark.security, pytest.mark.django_db]

CHROMIUM = os.environ.get("NEWSPAPER_CHROMIUM", "/usr/bin/chromium")
ORIGIN = "http://testserver"
READER = "/__feed_reader__/"
FEEDS = ["latest/rss/", "latest/atom/", "latest/json/", "today/rss/", "today/atom/"]
CSP_HEADERS = {"content-security-policy", "content-security-policy-report-only"}


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed (pip install -e '.[test]')")
    executable = shutil.which(CHROMIUM)
    if executable is None:
        unavailable(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    # The route handlers answer from Django in Playwright's thread: safe, nothing else runs.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=executable, args=CHROMIUM_SANDBOXLESS_FLAGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def feed_reader_page(client: Client) -> str:
    """The hostile feeds as a naive reader shows them: what the feed says is HTML inserted
    as HTML, what it says is text escaped."""

    def show(detail) -> str:
        if not detail:
            return ""
        value = detail.get("value", "")
        return (
            value
            if detail.get("type") in {"text/html", "application/xhtml+xml"}
            else (html.escape(value))
        )

    parts = ["<!doctype html><html><head><meta charset=utf-8><title>reader</title></head><body>"]
    for route in FEEDS:
        parsed = feedparser.parse(client.get(f"/feeds/{route}").content, sanitize_html=False)
        parts.append(f"<section><h1>{show(parsed.feed.get('title_detail'))}</h1>")
        parts.append(f"<p>{show(parsed.feed.get('subtitle_detail'))}</p>")
        for entry in parsed.entries:
            parts.append(f"<article><h2>{show(entry.get('title_detail'))}</h2>")
            parts.append(f"<div>{show(entry.get('summary_detail'))}</div>")
            for content in entry.get("content", []):
                parts.append(f"<div>{show(content)}</div>")
            parts.append(f"<p>{html.escape(entry.get('author', ''))}</p></article>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "".join(parts)


def test_no_vector_runs_or_calls_out_in_chromium(browser, db, settings, tmp_path, admin_user):
    settings.MEDIA_ROOT = tmp_path
    settings.NEWSPAPER_FEED_ITEMS = 100
    newsroom = hostile_newsroom()
    reader = Client()
    editor = Client()
    editor.force_login(admin_user)
    day = HOSTILE_DATE.isoformat()
    pages = [
        "/",
        f"/editions/{day}/",
        *[f"/editions/{day}/{p.number:02d}/" for p in newsroom.pages],
        "/articles/",
        "/search/?q=alert",
        "/corrections/",
        *[a.get_absolute_url() for a in newsroom.articles[:6]],
        newsroom.articles[-1].get_absolute_url(),
        newsroom.sections[0].get_absolute_url(),
        newsroom.authors[0].get_absolute_url(),
        READER,
        "/admin/articles/article/",
        f"/admin/articles/article/{newsroom.articles[0].pk}/change/",
        f"/admin/articles/article/desk/?date={day}",
        f"/admin/editions/page/{newsroom.pages[0].pk}/change/",
    ]
    dialogs: list[str] = []
    outside: list[str] = []
    broken: list[str] = []

    # Every page is fetched from Django first, in the test's own database context (the route
    # handlers run where Django would open a second connection); anything else on this
    # origin (``src=x``, media, static files) is a 404, which fires ``onerror`` handlers.
    served = {READER: (200, {"Content-Type": "text/html; charset=utf-8"}, feed_reader_page(reader))}
    for path in pages[:-1] if pages[-1] == READER else pages:
        if path == READER:
            continue
        client = editor if path.startswith(("/admin/", "/preview/")) else reader
        response = client.get(path)
        headers = {k: v for k, v in response.items() if k.lower() not in CSP_HEADERS}
        served[path] = (response.status_code, headers, response.content)

    def answer(route):
        url = urllib.parse.urlsplit(route.request.url)
        if f"{url.scheme}://{url.netloc}" != ORIGIN:
            outside.append(route.request.url)
            route.abort()
            return
        path = url.path + (f"?{url.query}" if url.query else "")
        status, headers, body = served.get(path, (404, {"Content-Type": "text/plain"}, b""))
        route.fulfill(status=status, headers=headers, body=body)

    context = browser.new_context(java_script_enabled=True)
    context.route("**/*", answer)
    page = context.new_page()
    page.set_default_timeout(20000)
    page.on(
        "dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss())
    )
    for path in pages:
        response = page.goto(ORIGIN + path, wait_until="load")
        if response is None or response.status != 200:
            broken.append(path)
        page.wait_for_timeout(150)  # error and load handlers of late resources
    context.close()
    record(
        "XSS corpus in Chromium (pages, admin, feed reader)",
        len(pages),
        len(dialogs) + len(outside),
    )
    assert not broken, broken
    assert not dialogs, dialogs[:10]
    assert not outside, outside[:10]
