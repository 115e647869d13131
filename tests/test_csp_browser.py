"""In Chromium: the Content-Security-Policy blocks nothing the site needs (issue 13, item 7).

Chromium reports every blocked script, style, image or frame on the console ("Refused to
…"); these tests open the pages under the real policy and require that it stays silent.
"""

import pytest

from .factories import ArticleFactory
from .test_browser import browser, editor, reader  # noqa: F401 - fixtures
from .test_renditions import photo

pytestmark = [pytest.mark.urls("tests.urls_media"), pytest.mark.django_db(transaction=True)]


def watch_policy(page) -> list[str]:
    """The console's reports of anything the policy refused, as they come."""
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    return refused


def test_ckeditor_loads_in_the_admin_under_the_policy(editor, live_server):  # noqa: F811
    """The article form's CKEditor starts (its toolbar and editing frame are there) and the
    policy refuses nothing on the way."""
    refused = watch_policy(editor)
    editor.goto(f"{live_server.url}/admin/articles/article/add/")
    # No wait_for_function: Playwright evaluates it as a string, which the policy forbids.
    editor.wait_for_selector("#cke_id_body iframe.cke_wysiwyg_frame", state="visible")
    body = editor.locator("#cke_id_body")
    assert body.locator(".cke_button__bold").is_visible()
    assert body.locator("iframe.cke_wysiwyg_frame").is_visible()
    assert refused == []
    assert editor.js_errors == []


def test_an_article_page_with_an_image_breaks_no_rule_of_the_policy(reader, live_server):  # noqa: F811
    """A reader's article page, with its image and styles, loads with nothing refused."""
    article = ArticleFactory()
    photo(article)
    page = reader()
    refused = watch_policy(page)
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    page.wait_for_load_state("networkidle")
    assert page.locator("figure img").first.evaluate("img => img.naturalWidth") > 0
    assert refused == []
    assert page.js_errors == []
