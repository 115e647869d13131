"""The public page cache knows about publishing: every change a reader could see shows at
once, scheduled items appear on time, and staff, previews and writes never touch it."""

import datetime
import gzip

import pytest
import time_machine
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Correction, Placement
from editions.models import Publication

from .factories import (
    ArticleFactory,
    AuthorFactory,
    EditionFactory,
    PageFactory,
    PublicationFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

# The clock the scheduling tests start from: pinned, so "two hours later" is exact.
START = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def paper():
    """A public edition with a front page holding one article of the section 要闻."""
    PublicationFactory()
    edition = EditionFactory(date=datetime.date(2024, 4, 1))
    page = PageFactory(edition=edition, number=1, name="要闻")
    article = ArticleFactory(page=page, title="春耕备耕有序推进", section=SectionFactory())
    return edition, page, article


def cached_get(client, url):
    """GET ``url`` twice: the second answer must come from the cache; return it."""
    assert client.get(url).status_code == 200
    response = client.get(url)
    assert response["X-Cache"] == "hit", url
    return response


def text(response) -> str:
    return response.content.decode()


def test_a_repeated_anonymous_request_is_answered_from_the_cache_without_a_query(client, paper):
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    assert response["X-Cache"] == "hit"
    assert len(queries) == 0


def test_public_pages_carry_validators_cache_control_and_vary(client, paper):
    response = client.get("/editions/2024-04-01/01/")
    assert response["ETag"].startswith('W/"')
    assert response["Last-Modified"]
    assert "public" in response["Cache-Control"]
    assert "must-revalidate" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_a_conditional_get_is_answered_304_from_the_cache_without_a_query(client, paper):
    first = client.get("/sections/yaowen/")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/sections/yaowen/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert len(queries) == 0


def test_publishing_an_article_shows_at_once(client, paper):
    _edition, page, _article = paper
    draft = ArticleFactory(page=page, title="新稿待发", draft=True, section=SectionFactory())
    assert "新稿待发" not in text(cached_get(client, "/sections/yaowen/"))
    draft.status = "published"
    draft.save()
    assert "新稿待发" in text(client.get("/sections/yaowen/"))


def test_an_edit_of_a_public_article_shows_at_once(client, paper):
    _edition, _page, article = paper
    url = article.get_absolute_url()
    cached_get(client, url)
    article.title = "春耕备耕全面展开"
    article.save()
    assert "春耕备耕全面展开" in text(client.get(url))


def test_a_correction_shows_at_once(client, paper):
    _edition, _page, article = paper
    cached_get(client, "/corrections/")
    Correction.objects.create(article=article, text="更正:日期有误。")
    assert "春耕备耕有序推进" in text(client.get("/corrections/"))


def test_a_withdrawal_shows_at_once(client, paper):
    _edition, _page, article = paper
    assert "春耕备耕有序推进" in text(cached_get(client, "/editions/2024-04-01/01/"))
    article.status = "withdrawn"
    article.save()
    assert "春耕备耕有序推进" not in text(client.get("/editions/2024-04-01/01/"))


def test_a_rename_shows_at_once(client, paper):
    _edition, _page, article = paper
    cached_get(client, "/")
    section = article.section
    section.name = "要闻速递"
    section.save()
    assert "要闻速递" in text(client.get("/"))


def test_an_author_rename_shows_at_once(client, paper):
    _edition, _page, article = paper
    author = AuthorFactory(name="徐楠")
    article.credits.create(author=author, role="记者", position=1)
    assert "徐楠" in text(cached_get(client, article.get_absolute_url()))
    author.name = "徐 楠"
    author.save()
    assert "徐 楠" in text(client.get(article.get_absolute_url()))


def test_a_page_change_shows_at_once(client, paper):
    _edition, page, _article = paper
    cached_get(client, "/editions/2024-04-01/")
    page.name = "本地新闻"
    page.save()
    assert "本地新闻" in text(client.get("/editions/2024-04-01/"))


def test_a_region_change_shows_at_once(client, paper):
    _edition, page, _article = paper
    """The page map draws regions only over a page image; without one, the page is still
    rebuilt under a new ETag."""
    before = cached_get(client, "/editions/2024-04-01/01/")
    placement = Placement.objects.get(page=page)
    placement.x, placement.y, placement.width, placement.height = 0.1, 0.2, 0.3, 0.4
    placement.save()
    after = client.get("/editions/2024-04-01/01/")
    assert after["X-Cache"] == "miss"
    assert after["ETag"] != before["ETag"]


def test_an_imported_edition_shows_at_once(client, db):
    """An import writes its rows as one change: the version moves once, at its end."""
    from articles.services import edition_import

    from .helpers import DEMO_BUNDLE

    assert "动能澎湃" not in client.get("/articles/").content.decode()
    edition_import(path=DEMO_BUNDLE)
    assert "动能澎湃" in client.get("/articles/").content.decode()


def test_every_change_moves_the_publications_last_changed_time(paper):
    _edition, _page, article = paper
    before = Publication.objects.get().changed_at
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5), tick=False):
        Correction.objects.create(article=article, text="更正。")
    assert Publication.objects.get().changed_at > before


def test_a_scheduled_article_appears_on_time_with_the_cache_on(client, db):
    with time_machine.travel(START, tick=False) as traveller:
        PublicationFactory()
        ArticleFactory(title="已发稿件")
        ArticleFactory(
            title="定时稿件", publish_at=START + datetime.timedelta(hours=2), section__name="要闻"
        )
        assert "定时稿件" not in text(cached_get(client, "/articles/"))
        traveller.shift(datetime.timedelta(hours=1, minutes=59))
        assert "定时稿件" not in text(client.get("/articles/"))
        traveller.shift(datetime.timedelta(minutes=1))
        assert "定时稿件" in text(client.get("/articles/"))


def test_a_scheduled_edition_appears_on_time_with_the_cache_on(client, db):
    with time_machine.travel(START, tick=False) as traveller:
        PublicationFactory()
        EditionFactory(date=datetime.date(2026, 3, 1))
        later = EditionFactory(
            date=datetime.date(2026, 3, 2), publish_at=START + datetime.timedelta(hours=6)
        )
        PageFactory(edition=later, number=1)
        assert "2026-03-02" not in text(cached_get(client, "/editions/2026/03/"))
        traveller.shift(datetime.timedelta(hours=6))
        assert "2026-03-02" in text(client.get("/editions/2026/03/"))


@override_settings(NEWSPAPER_PUBLIC_MAX_AGE=86400)
def test_no_cache_lifetime_runs_past_the_next_scheduled_time(client, db):
    with time_machine.travel(START, tick=False):
        PublicationFactory()
        ArticleFactory(publish_at=START + datetime.timedelta(minutes=10))
        response = client.get("/articles/")
    assert "max-age=600" in response["Cache-Control"]


def test_a_request_with_a_session_neither_sees_nor_fills_the_cache(client, admin_client, paper):
    staff = admin_client.get("/")
    assert "X-Cache" not in staff
    assert client.get("/")["X-Cache"] == "miss"
    assert "X-Cache" not in admin_client.get("/")


def test_writes_previews_and_the_admin_bypass_the_cache(client, admin_client, paper):
    assert "X-Cache" not in client.post("/")
    assert "X-Cache" not in client.get("/admin/login/")
    assert "X-Cache" not in admin_client.get("/preview/editions/2024-04-01/01/")


def test_search_is_not_cached(client, paper):
    client.get("/search/", {"q": "春耕"})
    assert "X-Cache" not in client.get("/search/", {"q": "春耕"})


def test_an_uncached_feed_304_reads_no_article(client, paper, settings):
    """With the page cache off, the feed's own validators come from the site's version."""
    settings.NEWSPAPER_PAGE_CACHE = False
    first = client.get("/feeds/latest/rss/")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/feeds/latest/rss/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert not [q for q in queries if "articles_article" in q["sql"]]


def test_the_page_cache_can_be_turned_off(client, paper, settings):
    settings.NEWSPAPER_PAGE_CACHE = False
    client.get("/")
    assert "X-Cache" not in client.get("/")


def test_a_cached_feed_is_served_gzipped_to_a_reader_that_accepts_it(client, paper):
    fresh = client.get("/feeds/latest/rss/")
    body = fresh.content
    assert "Accept-Encoding" in fresh["Vary"]
    hit = client.get("/feeds/latest/rss/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert hit["X-Cache"] == "hit"
    assert hit["Content-Encoding"] == "gzip"
    assert int(hit["Content-Length"]) == len(hit.content) < len(body)
    assert gzip.decompress(hit.content) == body
    assert "Accept-Encoding" in hit["Vary"] and "Cookie" in hit["Vary"]
    assert hit["ETag"].startswith("W/")


def test_a_cached_page_is_plain_for_a_reader_that_does_not_accept_gzip(client, paper):
    body = client.get("/sitemap-articles.xml").content
    for accept in (None, "identity", "gzip;q=0", "br"):
        extra = {} if accept is None else {"HTTP_ACCEPT_ENCODING": accept}
        hit = client.get("/sitemap-articles.xml", **extra)
        assert hit["X-Cache"] == "hit"
        assert not hit.has_header("Content-Encoding"), accept
        assert hit.content == body
        assert int(hit["Content-Length"]) == len(body)


def test_a_gzipped_cached_page_still_answers_a_conditional_get_with_304(client, paper):
    first = client.get("/feeds/latest/rss/")
    hit = client.get("/feeds/latest/rss/", HTTP_ACCEPT_ENCODING="gzip")
    assert hit["Content-Encoding"] == "gzip"
    for etag in (first["ETag"], hit["ETag"]):
        again = client.get(
            "/feeds/latest/rss/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag
        )
        assert again.status_code == 304
        assert again.content == b""


def test_short_bodies_and_pages_with_a_csp_nonce_are_stored_as_written(rf, paper):
    from django.http import HttpResponse

    from newspaper.caching import CachedPage, _compressible

    def stored(response, nonce=None):  # as the middleware keeps a response
        return CachedPage.of(response, nonce, gzipped=_compressible(response, nonce))

    request = rf.get("/", HTTP_ACCEPT_ENCODING="gzip")
    short = HttpResponse("<p>短讯</p>", content_type="text/html; charset=utf-8")
    assert stored(short).encoding is None
    long = "<p>{}</p>".format("辽源日报" * 400)
    entry = stored(HttpResponse(f'<script nonce="abc">{long}</script>'), "abc")
    assert entry.encoding is None
    served = entry.response(request)
    assert not served.has_header("Content-Encoding")
    assert b'nonce="abc"' not in served.content  # made fresh for this reader
    image = HttpResponse(b"\x89PNG" + b"0" * 4000, content_type="image/png")
    assert stored(image).encoding is None
    encoded = HttpResponse(long, headers={"Content-Encoding": "br"})
    assert stored(encoded).encoding is None
    assert stored(HttpResponse(long)).encoding == "gzip"


@pytest.mark.parametrize(
    "header, accepted",
    [
        ("gzip, deflate, br", True),
        ("br;q=1.0, gzip;q=0.8", True),
        ("x-gzip", True),
        ("*", True),
        ("", False),
        ("identity", False),
        ("gzip;q=0", False),
        ("*, gzip;q=0", False),  # gzip named and refused: * does not bring it back
        ("gzip;q=0, *", False),
        ("*;q=0", False),
        ("gzip;q=nonsense", False),
    ],
)
def test_accept_encoding_is_read_as_the_rfc_says(rf, header, accepted):
    from newspaper.caching import accepts_gzip

    assert accepts_gzip(rf.get("/", HTTP_ACCEPT_ENCODING=header)) is accepted
