"""The e-paper a reader sees: the page as printed, its stories as regions, the page strip."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Placement

from .factories import ArticleFactory, PageFactory
from .test_queries import BUDGETS

pytestmark = pytest.mark.django_db

REGION = re.compile(
    r'<a class="page-map__region" href="(?P<href>[^"]+)" aria-label="(?P<name>[^"]+)" '
    r'data-article="\d+"><title>(?P<title>[^<]*)</title>'
    r'<rect class="page-map__box" x="(?P<x>[^"]+)" y="(?P<y>[^"]+)" '
    r'width="(?P<width>[^"]+)" height="(?P<height>[^"]+)"[^>]*></rect>'
    r"(?P<rest>.*?)</a>",
    re.S,
)


def regions(html: str) -> list[dict]:
    return [m.groupdict() for m in REGION.finditer(html)]


def page_html(client, number: int) -> str:
    response = client.get(f"/editions/2024-04-01/{number:02d}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_demo_pages_have_their_facsimiles_and_regions(demo):
    pages = list(demo.pages.all())
    assert all(p.image and p.pdf and p.reading_image and p.thumbnail for p in pages)
    assert all(p.image_height > p.image_width for p in pages)
    assert Placement.objects.filter(page__number=1, x__isnull=False).count() == 5
    assert Placement.objects.filter(page__number=2, x__isnull=False).count() == 2


def test_page_one_shows_the_page_as_printed_with_a_link_for_each_story(client, demo):
    html = page_html(client, 1)
    page = demo.pages.get(number=1)
    assert f'src="{page.reading_image.url}"' in html
    assert f'width="{page.image_width}" height="{page.image_height}"' in html
    assert 'alt="第01版:要闻版面图"' in html
    found = regions(html)
    in_print_order = [p.article for p in Placement.objects.filter(page=page).order_by("position")]
    assert [r["href"] for r in found] == [a.get_absolute_url() for a in in_print_order]
    # The headline (with its jump line) is each link's accessible name, and its tooltip.
    assert [r["name"].split(" 下转")[0] for r in found] == [a.headline for a in in_print_order]
    assert [r["title"] for r in found] == [r["name"] for r in found]


def test_a_region_is_placed_in_pixels_of_the_page_image_it_scales_with(client, demo):
    """The regions are an SVG over the image whose viewBox is the image's size: no style."""
    placement = Placement.objects.get(page__number=1, position=3)
    page = placement.page
    html = page_html(client, 1)
    assert f'viewBox="0 0 {page.image_width} {page.image_height}"' in html
    found = regions(html)[2]
    size = (page.image_width, page.image_height) * 2
    expected = [round(v * s, 1) for v, s in zip(placement.region, size, strict=True)]
    assert [float(found[k]) for k in ("x", "y", "width", "height")] == expected
    assert 'style="' not in html[html.index('class="page-map"') :]


def test_jump_regions_lead_to_the_one_article_and_are_labelled(client, demo):
    """下转第二版 on page 1 and 上接第一版 on page 2, both regions the same article."""
    lead = Article.objects.get(title__startswith="动能澎湃")
    on_page_1 = {r["href"]: r["rest"] for r in regions(page_html(client, 1))}
    on_page_2 = {r["href"]: r["rest"] for r in regions(page_html(client, 2))}
    url = lead.get_absolute_url()
    assert "下转第二版" in on_page_1[url]
    assert "上接第一版" in on_page_2[url]
    assert sum("下转第二版" in rest for rest in on_page_1.values()) == 2
    assert sum("上接第一版" in rest for rest in on_page_2.values()) == 2
    assert set(on_page_2) <= set(on_page_1)


def test_the_page_strip_shows_every_page_as_a_thumbnail(client, demo):
    html = page_html(client, 2)
    strip = html[html.index('class="page-strip"') : html.index("</nav>", html.index("page-strip"))]
    assert 'aria-label="版面导航"' in html
    for page in demo.pages.all():
        assert f'src="{page.thumbnail.url}"' in strip
        assert f'href="{page.get_absolute_url()}"' in strip
    assert strip.count('aria-current="page"') == 1
    assert 'href="/editions/2024-04-01/02/" aria-current="page"' in strip


def test_the_page_pdf_can_be_downloaded(client, demo):
    page = demo.pages.get(number=1)
    html = page_html(client, 1)
    assert f'href="{page.pdf.url}" download="lyrb-2024-04-01-01.pdf" type="application/pdf"' in html
    assert "下载本版PDF" in html
    with page.pdf.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_previous_and_next_page_stay_beside_the_map(client, demo):
    html = page_html(client, 2)
    assert 'rel="prev" href="/editions/2024-04-01/01/"' in html
    assert 'rel="next" href="/editions/2024-04-01/03/"' in html


def test_the_stories_are_listed_beside_the_map(client, demo):
    html = page_html(client, 1)
    listing = html[html.index("epaper__stories") :]
    assert "本版稿件" in listing
    assert listing.count('class="story-list__item"') == 5


def test_the_home_page_opens_todays_paper_on_its_front_page_map(client, demo):
    html = client.get("/").content.decode()
    assert len(regions(html)) == 5
    assert 'id="page-map"' in html


def test_a_page_without_an_image_keeps_the_typeset_page(client, db):
    page = PageFactory(number=1)
    ArticleFactory(page=page, title="没有版面图的稿件")
    html = client.get(page.get_absolute_url()).content.decode()
    assert "page-map" not in html
    assert "没有版面图的稿件" in html
    assert "下载本版PDF" not in html
    assert 'class="page-nav"' in html  # the text list of pages, there being no thumbnails


def test_a_placement_without_a_region_is_listed_but_not_on_the_map(client, demo):
    Placement.objects.filter(page__number=1, position=5).update(
        x=None, y=None, width=None, height=None
    )
    html = page_html(client, 1)
    assert len(regions(html)) == 4
    assert "让新质生产力的底色更鲜明" in html


def test_a_draft_story_has_no_region(client, demo):
    Article.objects.filter(title="市委常委会召开会议").update(status="draft")
    html = page_html(client, 1)
    assert len(regions(html)) == 4
    assert "市委常委会召开会议" not in html


def test_the_page_map_runs_no_more_queries_than_the_typeset_page(client, demo, settings):
    # Measured as tests/test_queries.py measures: uncached, the site's version and frame warm.
    settings.NEWSPAPER_PAGE_CACHE = False
    page_html(client, 1)
    with CaptureQueriesContext(connection) as queries:
        page_html(client, 1)
    assert len(queries) == BUDGETS["/editions/2024-04-01/01/"]
