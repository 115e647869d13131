"""In Chromium, as a reader at 390×844 (a phone) and 1280×900 (a desktop): the paper first,
light images, the calendar, the page map alive, the zoom view, the article page's tools,
the Chinese 404, and axe-core's verdict on every public page type.

Driven by Playwright with Debian's Chromium, with the fixtures of ``test_browser`` (skipped
without Chromium, failing under CI). Screenshots of each page type at both sizes are written
to ``var/screens/``. axe-core is vendored under ``tests/vendor/axe-core`` (MPL-2.0).
"""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from articles.models import Article

from .factories import EditionFactory

pytestmark = [pytest.mark.urls("tests.urls_media"), pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}
SIZES = [PHONE, DESKTOP]
SIZE_IDS = ["phone", "desktop"]
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
SCREENS = Path(settings.BASE_DIR) / "var" / "screens"


def page_types(demo) -> dict[str, str]:
    """A URL of each public page type on the demo edition, by a short name."""
    article = Article.objects.get(title__startswith="动能澎湃")
    author = article.credits_in_order()[0].author
    return {
        "home": "/",
        "page": "/editions/2024-04-01/02/",
        "page-without-stories": "/editions/2024-04-01/03/",
        "zoom": "/editions/2024-04-01/01/zoom/",
        "edition": "/editions/2024-04-01/",
        "article": article.get_absolute_url(),
        "archive": "/editions/",
        "archive-year": "/editions/2024/",
        "archive-articles": "/editions/articles/",
        "latest": "/articles/",
        "section": article.section.get_absolute_url(),
        "author": author.get_absolute_url(),
        "search": "/search/?q=%E5%90%89%E6%9E%97",
        "corrections": "/corrections/",
        "feeds": "/feeds/",
        "not-found": "/no-such-page/",
    }


def top_of(page, selector: str) -> float:
    return page.locator(selector).first.bounding_box()["y"]


@pytest.mark.parametrize(("viewport", "limit"), [(PHONE, 500), (DESKTOP, 300)], ids=SIZE_IDS)
def test_the_paper_comes_first_on_the_screen(reader, demo, viewport, limit):
    """Phone: the page image starts within 500 px; desktop: above 300 px."""
    page = reader(viewport)
    page.goto("/")
    assert top_of(page, ".page-map__image") < limit
    # The publisher's lines are still on the page, beside or below it.
    assert "CN22-0010" in page.locator(".masthead-lines").inner_text()
    assert top_of(page, ".masthead-lines") > top_of(page, ".page-map__image")


def test_a_phone_downloads_at_most_150_kib_of_page_image_on_the_home_page(reader, demo):
    page = reader(PHONE)
    sizes = {}

    def count(response):
        if response.request.resource_type == "image" and response.status == 200:
            sizes[response.url] = len(response.body())

    page.on("response", count)
    page.goto("/")
    page.wait_for_load_state("networkidle")
    page_images = {url: size for url, size in sizes.items() if "/pages/" in url}
    assert page_images, sizes
    assert any(url.endswith(".webp") for url in page_images)
    assert sum(page_images.values()) <= 150 * 1024, page_images
    chosen = page.locator(".page-map__image").evaluate("i => i.complete && i.currentSrc")
    assert chosen.endswith("/480.webp") or "/480" in chosen, chosen


@pytest.mark.parametrize("viewport", SIZES, ids=SIZE_IDS)
def test_the_calendar_and_previous_and_next_edition_move_through_the_paper(reader, demo, viewport):
    EditionFactory(publication=demo.publication, date=datetime.date(2024, 3, 31), number=8985)
    page = reader(viewport)
    page.goto("/editions/2024-04-01/01/")
    calendar = page.locator(".edition-calendar")
    assert "2024年4月" in calendar.inner_text()
    current = calendar.locator('[aria-current="date"]')
    assert current.inner_text() == "1"
    assert current.is_visible()
    calendar.get_by_role("link", name="前一期").click()
    page.wait_for_url("**/editions/2024-03-31/")
    assert "2024年3月31日" in page.locator("body").inner_text()


def test_a_headline_in_the_list_lights_up_its_region_and_the_region_its_headline(reader, demo):
    page = reader(DESKTOP)
    page.goto("/editions/2024-04-01/01/")
    meeting = Article.objects.get(title="市委常委会召开会议")
    region = page.locator(f'a.page-map__region[data-article="{meeting.pk}"]')
    item = page.locator(f'li.story-list__item[data-article="{meeting.pk}"]')
    box = region.locator("rect")
    before = box.evaluate("r => getComputedStyle(r).fill")
    item.locator("a").hover()
    assert "is-linked" in region.get_attribute("class")
    assert box.evaluate("r => getComputedStyle(r).fill") != before
    page.mouse.move(5, 5)
    assert "is-linked" not in (region.get_attribute("class") or "")
    region.hover()
    assert "is-linked" in item.get_attribute("class")
    # The keyboard does the same from the list.
    item.locator("a").focus()
    assert "is-linked" in region.get_attribute("class")
    assert not page.js_errors


@pytest.mark.parametrize("viewport", SIZES, ids=SIZE_IDS)
def test_regions_are_faintly_outlined_before_any_hover(reader, demo, viewport):
    page = reader(viewport)
    page.goto("/editions/2024-04-01/01/")
    rect = page.locator("a.page-map__region rect").first
    stroke = rect.evaluate("r => getComputedStyle(r).stroke")
    assert stroke.startswith("rgba(179, 18, 27") or stroke == "rgb(179, 18, 27)"
    assert stroke != "none"


def test_the_keyboard_reaches_the_first_region_in_a_few_tab_stops(reader, demo):
    page = reader(DESKTOP)
    page.goto("/editions/2024-04-01/01/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    page.keyboard.press("Enter")
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('page-map__region')"):
            break
    else:
        pytest.fail("no region within 8 Tab stops of the skip link")


def test_swiping_the_page_image_turns_the_page(browser, live_server, demo):
    context = browser.new_context(
        viewport=PHONE, base_url=live_server.url, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.goto("/editions/2024-04-01/02/")
    image = page.locator(".page-map__image").bounding_box()
    y = image["y"] + 150
    cdp = context.new_cdp_session(page)

    def swipe(from_x, to_x):
        cdp.send(
            "Input.dispatchTouchEvent",
            {"type": "touchStart", "touchPoints": [{"x": from_x, "y": y}]},
        )
        for step in range(1, 6):
            x = from_x + (to_x - from_x) * step / 5
            cdp.send(
                "Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]}
            )
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})

    swipe(320, 60)  # to the left: the next page
    page.wait_for_url("**/editions/2024-04-01/03/")
    swipe(60, 320)  # to the right: back to the previous one
    page.wait_for_url("**/editions/2024-04-01/02/")
    context.close()


@pytest.mark.parametrize("viewport", SIZES, ids=SIZE_IDS)
def test_the_zoom_view_zooms_with_buttons_and_the_wheel(reader, demo, viewport):
    page = reader(viewport)
    page.goto("/editions/2024-04-01/01/")
    page.locator("a.page-map__zoom").click()
    page.wait_for_url("**/editions/2024-04-01/01/zoom/")
    zoom = page.locator("[data-zoom]")
    assert zoom.get_attribute("data-scale") == "1.00"
    page.get_by_role("button", name="放大阅读").click()
    assert float(zoom.get_attribute("data-scale")) == pytest.approx(1.5)
    assert "150%" in page.locator("[data-zoom-level]").inner_text()
    viewport_box = page.locator("[data-zoom-viewport]").bounding_box()
    page.mouse.move(viewport_box["x"] + 50, viewport_box["y"] + 50)
    page.mouse.wheel(0, -100)
    assert float(zoom.get_attribute("data-scale")) == pytest.approx(1.8)
    page.get_by_role("button", name="适合屏幕").click()
    assert zoom.get_attribute("data-scale") == "1.00"
    assert page.get_by_role("button", name="全屏").is_visible()
    # The regions stay links in the zoom view.
    assert page.locator("[data-zoom] a.page-map__region").count() == 5
    assert not page.js_errors


def test_the_zoom_view_pinches_on_a_touch_screen(browser, live_server, demo):
    context = browser.new_context(
        viewport=PHONE, base_url=live_server.url, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.goto("/editions/2024-04-01/01/zoom/")
    box = page.locator("[data-zoom-viewport]").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + 200
    cdp = context.new_cdp_session(page)

    def touch(kind, spread):
        points = (
            []
            if kind == "touchEnd"
            else [
                {"x": cx - spread, "y": cy, "id": 1},
                {"x": cx + spread, "y": cy, "id": 2},
            ]
        )
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", 40)
    for spread in (60, 80, 100, 120):
        touch("touchMove", spread)
    touch("touchEnd", 0)
    assert float(page.locator("[data-zoom]").get_attribute("data-scale")) == pytest.approx(
        3, abs=0.2
    )
    context.close()


def test_the_zoom_view_scrolls_without_javascript(browser, live_server, demo):
    context = browser.new_context(
        viewport=PHONE, base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/editions/2024-04-01/01/zoom/")
    viewport = page.locator("[data-zoom-viewport]")
    assert viewport.evaluate("v => v.scrollWidth > v.clientWidth")
    assert not page.locator("[data-zoom-in]").is_visible()
    context.close()


def test_the_article_prints_without_the_site_bar_with_masthead_line_and_url(reader, demo):
    page = reader(DESKTOP)
    article = Article.objects.get(title__startswith="动能澎湃")
    page.goto(article.get_absolute_url())
    assert not page.locator(".print-url").is_visible()
    page.emulate_media(media="print")
    for hidden in [".site-header", ".site-search", ".article-tools", ".site-footer"]:
        assert not page.locator(hidden).is_visible(), hidden
    assert page.locator(".print-masthead").inner_text() == "辽源日报 2024年4月1日 第01版:要闻"
    assert article.get_absolute_url() in page.locator(".print-url").inner_text()
    assert page.locator("h1.article__title").is_visible()
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF-")


@pytest.mark.parametrize("viewport", SIZES, ids=SIZE_IDS)
def test_the_article_shows_a_qr_code_and_copies_its_link(reader, demo, viewport):
    page = reader(viewport)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    article = Article.objects.get(title__startswith="动能澎湃")
    page.goto(article.get_absolute_url())
    qr = page.get_by_role("img", name="本文网址的二维码")
    qr.scroll_into_view_if_needed()
    assert qr.is_visible()
    assert qr.bounding_box()["width"] >= 80
    page.get_by_role("button", name="复制链接").click()
    # The status follows the clipboard's promise: wait for it rather than race it.
    expect(page.locator("[data-copy-status]")).to_have_text("链接已复制")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(article.get_absolute_url())


def test_the_text_size_is_remembered_on_the_device(reader, demo):
    page = reader(PHONE)
    article = Article.objects.get(title__startswith="动能澎湃")
    page.goto(article.get_absolute_url())
    body = page.locator(".article__body p").first
    medium = body.evaluate("p => parseFloat(getComputedStyle(p).fontSize)")
    page.get_by_role("button", name="大", exact=True).click()
    assert body.evaluate("p => parseFloat(getComputedStyle(p).fontSize)") > medium
    page.reload()
    assert page.evaluate("document.documentElement.dataset.textSize") == "large"
    assert page.get_by_role("button", name="大", exact=True).get_attribute("aria-pressed") == "true"


@pytest.mark.parametrize("viewport", SIZES, ids=SIZE_IDS)
def test_a_missing_page_is_a_chinese_404_in_the_site_layout(reader, demo, viewport):
    page = reader(viewport)
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.locator("h1").inner_text() == "页面不存在"
    assert page.get_by_role("link", name="阅读今日报纸").is_visible()
    assert page.locator(".site-search").is_visible()


def run_axe(page) -> list[dict]:
    # Evaluated through the DevTools protocol, which the page's CSP does not govern (an
    # injected <script> tag would be refused by it, as any inline script is).
    page.evaluate(AXE.read_text("utf-8"))
    results = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map("
        "v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))})))"
    )
    return [v for v in results if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("viewport", SIZES, ids=SIZE_IDS)
def test_axe_finds_no_serious_or_critical_violation_on_any_public_page(reader, demo, viewport):
    """And each page type is photographed, for people to look at."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    size = "phone" if viewport == PHONE else "desktop"
    page = reader(viewport)
    found = {}
    for name, url in page_types(demo).items():
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(SCREENS / f"{name}-{size}.png"))
        violations = run_axe(page)
        if violations:
            found[name] = violations
    assert found == {}
    assert not page.js_errors


def test_no_public_page_scrolls_sideways_at_320_px(reader, demo):
    page = reader(NARROW)
    wide = {}
    for name, url in page_types(demo).items():
        if name == "zoom":  # the zoom view scrolls inside its own frame, by design
            continue
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            wide[name] = width
    assert wide == {}
