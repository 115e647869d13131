"""In Chromium: a reader uses the page map; an editor draws hotspots and saves them.

Driven by Playwright with Debian's Chromium (``/usr/bin/chromium``, or NEWSPAPER_CHROMIUM);
Playwright's own browsers are never downloaded. Without Chromium these tests are skipped,
except under CI (``CI=true``), where they fail: CI must prove the editor in a browser.
The ``browser``, ``reader`` and ``editor`` fixtures are in ``conftest.py``: one Chromium for
the session, a fresh context per page.
"""

import re

import pytest
from django.urls import reverse

from articles.hotspots import MIN_SIZE
from articles.models import Article, Placement

from .helpers import DESKTOP, PHONE

pytestmark = [pytest.mark.urls("tests.urls_media"), pytest.mark.django_db(transaction=True)]


def region_link(page, article):
    return page.locator(f'a.page-map__region[href="{article.get_absolute_url()}"]')


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_reader_goes_from_the_page_map_to_the_article_and_back_through_a_jump(
    reader, demo, viewport
):
    page = reader(viewport)
    page.goto("/editions/2024-04-01/01/")
    image = page.locator(".page-map__image")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    # The map scales with the screen: the page image fills the width, no sideways scroll.
    box = image.bounding_box()
    assert box["width"] <= viewport["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    meeting = Article.objects.get(title="市委常委会召开会议")
    link = region_link(page, meeting)
    region = link.bounding_box()
    # Its region stands where the placement says, on the image as shown.
    placement = Placement.objects.get(article=meeting, page__number=1)
    assert region["x"] - box["x"] == pytest.approx(placement.x * box["width"], abs=2)
    assert region["width"] == pytest.approx(placement.width * box["width"], abs=2)
    link.click()
    page.wait_for_url(f"**{meeting.get_absolute_url()}")
    assert page.locator("h1.article__title").inner_text() == "市委常委会召开会议"

    page.goto("/editions/2024-04-01/02/")
    lead = Article.objects.get(title__startswith="动能澎湃")
    jump = region_link(page, lead)
    assert "上接第一版" in jump.text_content()
    jump.click()
    page.wait_for_url(f"**{lead.get_absolute_url()}")
    assert "动能澎湃向“新”行" in page.locator("h1.article__title").inner_text()
    assert not page.js_errors


def test_a_reader_downloads_the_page_pdf(reader, demo):
    page = reader()
    page.goto("/editions/2024-04-01/01/")
    link = page.locator("a.page-pdf")
    assert link.inner_text() == "下载本版PDF"
    assert link.get_attribute("download") == "lyrb-2024-04-01-01.pdf"
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_regions_are_reached_by_keyboard_named_by_headline_and_outlined(reader, demo):
    page = reader()
    page.goto("/editions/2024-04-01/01/")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('page-map__region')"):
            break
    else:
        pytest.fail("no region of the page map took the keyboard focus")
    # The first story in print order, named by its headline and its jump line.
    lead = page.get_by_role("link", name=re.compile(r"^动能澎湃向“新”行\s*下转第二版$"))
    assert lead.evaluate("a => a === document.activeElement")
    assert lead.evaluate("a => getComputedStyle(a).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    page.wait_for_url("**/articles/*/")


def canvas_point(canvas_box, fx: float, fy: float) -> tuple[float, float]:
    return canvas_box["x"] + canvas_box["width"] * fx, canvas_box["y"] + canvas_box["height"] * fy


def save_and_continue(page):
    with page.expect_navigation():
        page.locator('input[name="_continue"]').click()
    assert page.locator(".messagelist .success").count() >= 1, page.content()[:3000]


def test_an_editor_draws_a_region_assigns_it_and_saves_it(editor, demo):
    page_three = demo.pages.get(number=3)
    meeting = Article.objects.get(title="市委常委会召开会议")
    page = editor
    page.goto(reverse("admin:editions_page_change", args=[page_three.pk]))
    canvas = page.locator("[data-hotspot-canvas]")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(*canvas_point(box, 0.1, 0.2))
    page.mouse.down()
    page.mouse.move(*canvas_point(box, 0.3, 0.3), steps=4)
    page.mouse.move(*canvas_point(box, 0.5, 0.45), steps=4)
    page.mouse.up()
    assert page.locator(".hotspot").count() == 1
    assert "已新建热区 1" in page.locator("[data-hotspot-status]").inner_text()
    page.locator(".hotspot-editor__article").select_option(str(meeting.pk))
    assert "市委常委会召开会议" in page.locator(".hotspot__label").inner_text()
    save_and_continue(page)

    placement = Placement.objects.get(page=page_three, article=meeting)
    assert placement.x == pytest.approx(0.1, abs=0.01)
    assert placement.y == pytest.approx(0.2, abs=0.01)
    assert placement.width == pytest.approx(0.4, abs=0.01)
    assert placement.height == pytest.approx(0.25, abs=0.01)
    # Back on the form, the saved region is drawn again; on the site it is a link.
    assert page.locator(".hotspot").count() == 1
    page.goto(page_three.get_absolute_url())
    assert region_link(page, meeting).count() == 1
    assert not page.js_errors


def test_an_editor_moves_resizes_and_deletes_regions_with_the_mouse(editor, demo):
    front = demo.pages.get(number=1)
    placements = list(Placement.objects.filter(page=front).order_by("position"))
    page = editor
    page.goto(reverse("admin:editions_page_change", args=[front.pk]))
    canvas = page.locator("[data-hotspot-canvas]")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    hotspots = page.locator(".hotspot")
    assert hotspots.count() == 5

    third = placements[2]  # 市委常委会召开会议, in the narrow column
    start = canvas_point(box, third.x + third.width / 2, third.y + third.height / 2)
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(start[0] - box["width"] * 0.05, start[1] + box["height"] * 0.02, steps=5)
    page.mouse.up()

    corner = hotspots.nth(2).locator(".hotspot__handle--se")
    handle = corner.bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(
        handle["x"] + handle["width"] / 2 - box["width"] * 0.03,
        handle["y"] + handle["height"] / 2 - box["height"] * 0.04,
        steps=5,
    )
    page.mouse.up()

    hotspots.nth(4).click()
    hotspots.nth(4).press("Delete")
    assert hotspots.count() == 4
    save_and_continue(page)

    moved = Placement.objects.get(pk=third.pk)
    assert moved.x == pytest.approx(third.x - 0.05, abs=0.01)
    assert moved.y == pytest.approx(third.y + 0.02, abs=0.01)
    assert moved.width == pytest.approx(third.width - 0.03, abs=0.01)
    assert moved.height == pytest.approx(third.height - 0.04, abs=0.01)
    assert Placement.objects.get(pk=placements[4].pk).region is None
    assert Placement.objects.get(pk=placements[0].pk).region == placements[0].region


def test_backspace_leaves_a_region_and_delete_removes_it(editor, demo):
    """Backspace is a slip of the hand while typing; only Delete removes a region. The
    editor is told the server's smallest region on its root element."""
    front = demo.pages.get(number=1)
    page = editor
    page.goto(reverse("admin:editions_page_change", args=[front.pk]))
    root = page.locator("[data-hotspot-editor]")
    assert float(root.get_attribute("data-min-size")) == MIN_SIZE
    hotspots = page.locator(".hotspot")
    hotspots.nth(0).click()
    hotspots.nth(0).press("Backspace")
    assert hotspots.count() == 5
    hotspots.nth(0).press("Delete")
    assert hotspots.count() == 4
    assert not page.js_errors


def test_an_editor_draws_and_saves_a_region_with_the_keyboard_alone(editor, demo):
    page_four = demo.pages.get(number=4)
    commentary = Article.objects.get(title__startswith="让新质生产力")
    page = editor
    page.goto(reverse("admin:editions_page_change", args=[page_four.pk]))
    add = page.locator("[data-hotspot-add]")
    add.focus()
    page.keyboard.press("Enter")  # a hotspot at 35%, 30%, 30% wide, 15% high, focused
    assert page.evaluate("document.activeElement.classList.contains('hotspot')")
    for _ in range(4):
        page.keyboard.press("ArrowRight")  # 4 × 0.5%
    for _ in range(2):
        page.keyboard.press("Shift+ArrowDown")  # 2 × 0.5% taller
    page.keyboard.press("Alt+ArrowUp")  # 0.1% up
    page.keyboard.press("Enter")  # to its article
    assert page.evaluate("document.activeElement.classList.contains('hotspot-editor__article')")
    page.keyboard.press("End")  # the last choice: the commentary, last in print order
    assert page.locator(".hotspot-editor__article").input_value() == str(commentary.pk)

    add.focus()
    page.keyboard.press("Enter")
    assert page.locator(".hotspot").count() == 2
    page.keyboard.press("Delete")
    assert page.locator(".hotspot").count() == 1
    assert "已删除热区 2" in page.locator("[data-hotspot-status]").inner_text()

    page.locator('input[name="_continue"]').focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    placement = Placement.objects.get(page=page_four, article=commentary)
    assert placement.region == pytest.approx((0.37, 0.299, 0.3, 0.16), abs=1e-6)


def test_an_unassigned_region_is_refused_and_the_drawing_kept(editor, demo):
    page_three = demo.pages.get(number=3)
    page = editor
    page.goto(reverse("admin:editions_page_change", args=[page_three.pk]))
    page.locator("[data-hotspot-add]").click()
    with page.expect_navigation():
        page.locator('input[name="_continue"]').click()
    assert "第1个热区还没有指定稿件" in page.locator(".errorlist").first.inner_text()
    assert page.locator(".hotspot").count() == 1  # the drawing survives the refusal
    assert not Placement.objects.filter(page=page_three).exists()


def test_an_editor_uploads_a_page_pdf_gets_its_image_and_draws_its_regions(editor, demo, tmp_path):
    from editions.models import Page

    from .factories import pdf_bytes

    new_page = Page.objects.create(edition=demo, number=5, name="体育")
    lead = Article.objects.get(title__startswith="动能澎湃")
    pdf = tmp_path / "05.pdf"
    pdf.write_bytes(pdf_bytes())
    page = editor
    page.goto(reverse("admin:editions_page_change", args=[new_page.pk]))
    assert page.locator("[data-hotspot-canvas]").count() == 0
    page.locator("#id_pdf").set_input_files(str(pdf))
    save_and_continue(page)

    new_page.refresh_from_db()
    assert new_page.image and new_page.reading_image and new_page.thumbnail
    image = page.locator("[data-hotspot-canvas] img")
    assert image.evaluate("img => img.complete && img.naturalWidth") == 1600
    canvas = page.locator("[data-hotspot-canvas]")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(*canvas_point(box, 0.12, 0.1))
    page.mouse.down()
    page.mouse.move(*canvas_point(box, 0.4, 0.4), steps=6)
    page.mouse.up()
    page.locator(".hotspot-editor__article").select_option(str(lead.pk))
    save_and_continue(page)

    placement = Placement.objects.get(page=new_page, article=lead)
    assert placement.region == pytest.approx((0.12, 0.1, 0.28, 0.3), abs=0.01)
    page.goto(new_page.get_absolute_url())
    assert region_link(page, lead).count() == 1
    assert page.locator(".page-strip__link").count() == 5
