"""The readers' e-paper as served: image sizes, the calendar, the article page's tools, the
whole edition as one PDF, error pages in the site's voice, and pages that stay valid."""

import datetime
import gzip
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pytest
import segno
from django.conf import settings
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.views import defaults
from PIL import Image

from articles.models import Article, Placement
from editions.models import Edition
from editions.page_images import source_token

from .factories import ArticleFactory, EditionFactory, PageFactory

pytestmark = pytest.mark.django_db

STATIC = Path(settings.BASE_DIR) / "static"


def html_of(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def public_urls(demo) -> list[str]:
    """One URL of every public page type, on the demo edition."""
    article = Article.objects.get(title__startswith="动能澎湃")
    credit = article.credits_in_order()[0]
    return [
        "/",
        "/editions/2024-04-01/01/",
        "/editions/2024-04-01/03/",
        "/editions/2024-04-01/01/zoom/",
        "/editions/2024-04-01/",
        article.get_absolute_url(),
        "/editions/",
        "/editions/2024/",
        "/editions/articles/",
        "/articles/",
        article.section.get_absolute_url(),
        credit.author.get_absolute_url(),
        "/search/?q=%E5%90%89%E6%9E%97",
        "/corrections/",
        "/feeds/",
    ]


# --- Page images ---------------------------------------------------------------------------


def test_the_page_map_offers_every_width_in_webp_with_a_jpeg_fallback(client, demo):
    html = html_of(client, "/editions/2024-04-01/01/")
    picture = html[html.index("<picture>", html.index('id="page-map"')) :]
    picture = picture[: picture.index("</picture>")]
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)">', picture)
    jpeg = re.search(r'<img class="page-map__image" src="[^"]+" srcset="([^"]+)"', picture)
    widths = [480, 800, 1200, 1600]
    assert [int(c.split()[1][:-1]) for c in webp.group(1).split(", ")] == widths
    assert all(c.split()[0].endswith(".webp") for c in webp.group(1).split(", "))
    assert [int(c.split()[1][:-1]) for c in jpeg.group(1).split(", ")] == widths
    assert all(c.split()[0].endswith(".jpg") for c in jpeg.group(1).split(", "))
    assert "calc(100vw - 2rem)" in webp.group(2)


def test_a_rendition_is_made_on_first_request_then_served_from_storage(client, demo):
    page = demo.pages.get(number=1)
    url = f"/page-images/{page.pk}/{source_token(page.image.name)}/480.webp"
    response = client.get(url)
    assert response.status_code == 302
    assert "immutable" in response["Cache-Control"]
    stored = response["Location"]
    name = stored.removeprefix(settings.MEDIA_URL)
    with page.image.storage.open(name, "rb") as handle, Image.open(handle) as image:
        assert image.format == "WEBP"
        assert image.width == 480
    assert client.get(url)["Location"] == stored


@pytest.mark.parametrize(
    "tail", ["480.gif", "481.webp", "99999999999999999999.jpg", "480.svg"], ids=str
)
def test_a_rendition_of_an_unknown_size_or_format_is_a_404(client, demo, tail):
    page = demo.pages.get(number=1)
    assert (
        client.get(f"/page-images/{page.pk}/{source_token(page.image.name)}/{tail}").status_code
        == 404
    )


def test_a_rendition_asked_for_with_a_stale_or_guessed_token_is_a_404(client, demo):
    page = demo.pages.get(number=1)
    assert client.get(f"/page-images/{page.pk}/0123456789abcdef/480.webp").status_code == 404
    assert (
        client.get(f"/page-images/999999/{source_token(page.image.name)}/480.webp").status_code
        == 404
    )


def test_the_strip_of_pages_offers_small_thumbnails_in_webp(client, demo):
    html = html_of(client, "/editions/2024-04-01/02/")
    strip = html[html.index('class="page-strip"') : html.index("</nav>", html.index("page-strip"))]
    sources = re.findall(r'<source type="image/webp" srcset="([^"]+)"', strip)
    assert len(sources) == 4
    assert all(" 120w, " in s and s.endswith(" 240w") for s in sources)
    assert strip.count('loading="lazy"') == 4


# --- Icons and og:image --------------------------------------------------------------------


def test_every_public_page_has_a_favicon_touch_icons_and_an_og_image(client, demo):
    for url in [*public_urls(demo), "/no-such-page/"]:
        status = 404 if url == "/no-such-page/" else 200
        html = html_of(client, url, status)
        assert re.search(r'<link rel="icon" href="[^"]+favicon\.ico"', html), url
        assert '<link rel="apple-touch-icon"' in html, url
        og = re.search(r'<meta property="og:image" content="([^"]+)">', html)
        assert og and og.group(1).startswith("http://testserver/"), url
    for name in ["favicon.ico", "icon-192.png", "apple-touch-icon.png", "og-default.png"]:
        assert (STATIC / "icons" / name).stat().st_size > 0


def test_a_page_shares_its_own_picture_as_og_image(client, demo):
    html = html_of(client, "/editions/2024-04-01/02/")
    og = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    page = demo.pages.get(number=2)
    assert f"/page-images/{page.pk}/" in og and og.endswith("/800.jpg")


def test_favicon_ico_at_the_root_leads_to_the_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("icons/favicon.ico")


# --- Beside the page: calendar, 前一期/后一期 -------------------------------------------------


def test_the_calendar_beside_the_page_links_the_months_editions_and_marks_this_one(client, demo):
    EditionFactory(publication=demo.publication, date=datetime.date(2024, 4, 3), number=8988)
    html = html_of(client, "/editions/2024-04-01/01/")
    calendar = html[html.index('class="reader-box edition-calendar"') :]
    calendar = calendar[: calendar.index("</section>")]
    assert "2024年4月" in calendar
    assert re.search(r'href="/editions/2024-04-01/" aria-current="date"', calendar)
    assert 'href="/editions/2024-04-03/"' in calendar
    assert 'href="/editions/2024-04-02/"' not in calendar
    assert calendar.count("has-edition") == 2


def test_previous_and_next_edition_reach_across_months(client, demo):
    EditionFactory(publication=demo.publication, date=datetime.date(2024, 3, 29), number=8984)
    EditionFactory(publication=demo.publication, date=datetime.date(2024, 5, 6), number=9000)
    EditionFactory(publication=demo.publication, date=datetime.date(2024, 5, 9), number=9003)
    html = html_of(client, "/editions/2024-04-01/01/")
    assert re.search(r'<a rel="prev" href="/editions/2024-03-29/">前一期</a>', html)
    assert re.search(r'<a rel="next" href="/editions/2024-05-06/">后一期</a>', html)


def test_a_draft_edition_is_neither_in_the_calendar_nor_a_neighbour(client, demo):
    EditionFactory(
        publication=demo.publication, date=datetime.date(2024, 4, 2), number=8987, draft=True
    )
    html = html_of(client, "/editions/2024-04-01/01/")
    assert "2024-04-02" not in html
    assert '<span class="is-disabled">后一期</span>' in html


# --- Pages without stories -----------------------------------------------------------------


def test_a_page_without_regions_says_what_it_holds(client, demo):
    html = html_of(client, "/editions/2024-04-01/03/")
    assert "点击版面上的稿件区域即可阅读全文" not in html
    assert "以版面原样呈现，没有可单独阅读的稿件" in html


def test_a_page_with_stories_but_no_regions_points_to_its_list(client, demo):
    Placement.objects.filter(page__number=1).update(x=None, y=None, width=None, height=None)
    html = html_of(client, "/editions/2024-04-01/01/")
    assert "点击版面上的稿件区域即可阅读全文" not in html
    assert "本版共5篇稿件" in html


# --- The article page ----------------------------------------------------------------------


def test_the_article_shows_its_page_with_its_region_marked_linking_back(client, demo):
    article = Article.objects.get(title__startswith="动能澎湃")
    html = html_of(client, article.get_absolute_url())
    box = html[html.index('class="reader-box article-page"') :]
    box = box[: box.index("</section>")]
    assert 'href="/editions/2024-04-01/01/"' in box
    assert "<picture>" in box
    marked = re.search(
        r'<g class="page-map__marked"><rect class="page-map__box" x="([^"]+)" y="([^"]+)"', box
    )
    placement = Placement.objects.get(article=article, page__number=1)
    assert float(marked.group(1)) == round(placement.x * placement.page.image_width, 1)
    assert box.count("page-map__marked") == 1


def test_the_byline_is_shown_once_with_the_authors_linked(client, demo):
    article = Article.objects.get(title__startswith="动能澎湃")
    html = html_of(client, article.get_absolute_url())
    header = html[
        html.index('<header class="article__header">') : html.index(
            "</header>", html.index("article__header")
        )
    ]
    for credit in article.credits_in_order():
        assert header.count(credit.author.name) == 1
        assert f'<a href="{credit.author.get_absolute_url()}">{credit.author.name}</a>' in header


def test_a_publish_time_at_midnight_shows_the_date_alone(client, demo):
    article = Article.objects.get(title__startswith="动能澎湃")
    html = html_of(client, article.get_absolute_url())
    meta = html[html.index('<p class="article__meta">') :]
    shown = re.search(r'<time datetime="2024-04-01T00:00:00\+08:00">([^<]+)</time>', meta)
    assert shown.group(1) == "2024年4月1日"
    assert "00:00" not in re.sub(r"<[^>]+>", "", html[html.index("<body") :])


def test_a_publish_time_of_day_is_shown(client, db):
    page = PageFactory(number=1)
    article = ArticleFactory(page=page)
    Article.objects.filter(pk=article.pk).update(
        publish_at=datetime.datetime(2024, 4, 1, 8, 30, tzinfo=datetime.UTC)
    )
    assert ">2024年4月1日 16:30</time>" in html_of(client, article.get_absolute_url())


def test_the_article_carries_a_qr_code_of_its_address_made_on_the_server(client, demo):
    article = Article.objects.get(title__startswith="动能澎湃")
    html = html_of(client, article.get_absolute_url())
    url = f"http://testserver{article.get_absolute_url()}"
    expected = segno.make(url, error="m", micro=False).svg_inline(
        scale=3, border=2, dark="#1a1a1a", light="#ffffff", omitsize=False
    )
    assert expected in html
    assert 'role="img" aria-label="本文网址的二维码"' in html
    assert "扫码阅读" in html


def test_the_article_tools_wait_for_javascript_and_the_print_lines_for_paper(client, demo):
    article = Article.objects.get(title__startswith="动能澎湃")
    html = html_of(client, article.get_absolute_url())
    assert re.search(r'<div class="article-tools" data-js-only hidden>', html)
    for label in ["字号", ">大<", ">中<", ">小<", "打印本文", "复制链接"]:
        assert label in html
    assert f"在线阅读:http://testserver{article.get_absolute_url()}" in html
    assert '<p class="print-only print-masthead">辽源日报 2024年4月1日 第01版:要闻</p>' in html


def test_a_long_article_has_a_back_to_top_link_and_a_short_one_has_not(client, demo):
    long = Article.objects.get(title__startswith="动能澎湃")
    short = Article.objects.order_by("word_count").first()
    assert long.word_count > 1200 >= short.word_count
    assert 'href="#top">返回顶部</a>' in html_of(client, long.get_absolute_url())
    assert "返回顶部" not in html_of(client, short.get_absolute_url())


# --- 全部版面 PDF ------------------------------------------------------------------------------


def pdf_response(client, date="2024-04-01"):
    response = client.get(f"/editions/{date}/pdf/")
    return response, b"".join(response.streaming_content) if response.status_code == 200 else b""


def test_the_whole_edition_is_one_pdf_of_its_pages_in_order(client, demo):
    response, data = pdf_response(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="lyrb-2024-04-01.pdf"' in response["Content-Disposition"]
    with pikepdf.Pdf.open(io.BytesIO(data)) as joined:
        assert len(joined.pages) == 4
    assert "全部版面PDF" in html_of(client, "/editions/2024-04-01/01/")


def test_the_joined_pdf_is_kept_until_a_page_changes(client, demo, monkeypatch):
    from newspaper import reader_views

    joins = []
    real_join = reader_views.join_page_pdfs
    monkeypatch.setattr(
        reader_views, "join_page_pdfs", lambda pages: joins.append(1) or real_join(pages)
    )
    pdf_response(client)
    pdf_response(client)
    assert len(joins) == 1
    page = demo.pages.get(number=4)
    page.pdf.save("04.pdf", io.BytesIO(demo.pages.get(number=1).pdf.read()), save=True)
    _, data = pdf_response(client)
    assert len(joins) == 2
    with pikepdf.Pdf.open(io.BytesIO(data)) as joined:
        assert len(joined.pages) == 4


def test_an_edition_without_page_pdfs_or_not_public_has_no_joined_pdf(client, db):
    edition = EditionFactory(date=datetime.date(2024, 5, 1))
    PageFactory(edition=edition, number=1)
    draft = EditionFactory(date=datetime.date(2024, 5, 2), draft=True)
    assert pdf_response(client, "2024-05-01")[0].status_code == 404
    assert pdf_response(client, f"{draft.date}")[0].status_code == 404
    assert pdf_response(client, "2024-02-30")[0].status_code == 404


# --- Error pages ---------------------------------------------------------------------------


def test_the_404_page_is_chinese_in_the_site_layout(client, demo):
    html = html_of(client, "/no-such-page/", 404)
    assert '<html lang="zh-CN">' in html
    assert '<meta name="viewport"' in html
    assert "<h1" in html and "页面不存在" in html
    assert 'class="site-search"' in html
    assert '<a href="/">阅读今日报纸</a>' in html


@pytest.mark.parametrize(
    ("view", "code", "text"),
    [(defaults.bad_request, 400, "请求有误"), (defaults.permission_denied, 403, "无权访问")],
)
def test_the_400_and_403_pages_are_chinese_in_the_site_layout(rf, db, view, code, text):
    response = view(rf.get("/x/"), Exception("no"))
    html = response.content.decode()
    assert response.status_code == code
    assert '<html lang="zh-CN">' in html and text in html and 'class="site-search"' in html


def test_the_500_page_needs_no_database(db, django_assert_num_queries):
    request = RequestFactory().get("/x/")
    with django_assert_num_queries(0):
        response = defaults.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="zh-CN">' in html and '<meta name="viewport"' in html
    assert "服务器出错" in html and '<a href="/">阅读今日报纸</a>' in html


# --- Valid, light and CSP-ready ------------------------------------------------------------


class Outline(HTMLParser):
    """The heading levels of a page, in order, and what a Content-Security-Policy forbids."""

    def __init__(self):
        super().__init__()
        self.levels, self.inline_scripts, self.handlers, self.styles = [], 0, [], []
        self._script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/ld+json":
            self.inline_scripts += 1
        self.handlers += [name for name in attrs if name.startswith("on")]
        if "style" in attrs:
            self.styles.append(tag)


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def test_every_public_page_has_one_h1_and_no_skipped_heading_level(client, demo):
    for url in [*public_urls(demo), "/no-such-page/"]:
        levels = outline(html_of(client, url, 404 if "no-such" in url else 200)).levels
        assert levels.count(1) == 1, (url, levels)
        assert levels[0] == 1, (url, levels)
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (url, levels)


def test_public_pages_have_no_inline_script_handler_or_style_attribute(client, demo):
    for url in public_urls(demo):
        found = outline(html_of(client, url))
        assert found.inline_scripts == 0, url
        assert found.handlers == [], url
        assert found.styles == [], url


def test_the_readers_javascript_is_small_and_deferred(client, demo):
    script = (STATIC / "js" / "reader.js").read_bytes()
    assert len(gzip.compress(script, 9)) < 20 * 1024
    html = html_of(client, "/")
    assert re.search(r'<script src="[^"]*js/reader\.js" defer></script>', html)
    # One stylesheet and no other blocking resource in the head.
    head = html[: html.index("</head>")]
    assert head.count('rel="stylesheet"') == 1


def test_the_zoom_view_runs_a_fixed_number_of_queries(client, demo):
    """publication, sections, edition, page, placements, their placements, credits."""
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            html_of(client, "/editions/2024-04-01/01/zoom/")
        assert len(queries) == 7
        ArticleFactory(page=demo.pages.get(number=1), title="又一篇")


def test_the_joined_pdf_and_a_rendition_run_two_and_one_queries(client, demo, settings):
    # Measured as tests/test_queries.py measures: uncached, the site's version warm.
    settings.NEWSPAPER_PAGE_CACHE = False
    page = demo.pages.get(number=1)
    pdf_response(client)
    with CaptureQueriesContext(connection) as queries:
        pdf_response(client)
    assert len(queries) == 2  # the edition (+publication), its pages
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/page-images/{page.pk}/{source_token(page.image.name)}/800.jpg")
    assert len(queries) == 1  # the page


def test_the_zoom_view_of_a_page_without_an_image_is_a_404(client, db):
    page = PageFactory(number=1)
    assert client.get(f"/editions/{page.edition.date}/01/zoom/").status_code == 404
    assert client.get("/editions/2024-04-01/09/zoom/").status_code == 404
    assert not Edition.objects.filter(date="2024-04-01").exists()


VNU_JAR = Path(
    __import__("os").environ.get(
        "NEWSPAPER_VNU_JAR",
        Path(settings.BASE_DIR) / "var/test-tools/node_modules/vnu-jar/build/dist/vnu.jar",
    )
)


def test_every_public_page_passes_the_nu_html_checker(client, demo, tmp_path):
    """Optional: needs Java and vnu.jar (npm install --prefix var/test-tools vnu-jar@26.9.27)."""
    import shutil
    import subprocess

    if shutil.which("java") is None or not VNU_JAR.exists():
        pytest.skip("the Nu Html Checker (vnu.jar) or Java is not installed")
    for n, url in enumerate([*public_urls(demo), "/no-such-page/"]):
        status = 404 if "no-such" in url else 200
        (tmp_path / f"{n:02d}.html").write_text(html_of(client, url, status), encoding="utf-8")
    checked = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", *sorted(map(str, tmp_path.iterdir()))],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert checked.returncode == 0, checked.stderr
