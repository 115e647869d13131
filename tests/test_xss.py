"""Plain text is never live markup: the XSS corpus through every text field, read back from
every page, feed and admin screen (issue 13, item 1).

The corpus (``tests/xss_corpus.py``, over 100 vectors of the OWASP filter-evasion kinds) is
filed into every text field by ``tests/hostile.py``. Pages are checked with an HTML parser
for anything that would run or fetch from the attacker; feeds are read with feedparser's
sanitiser off, as a feed reader that trusts the feed would, and every field it takes as HTML
is checked the same way. ``test_xss_browser.py`` renders the same in Chromium.
"""

import feedparser
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article
from articles.previews import preview_url

from .hostile import HOSTILE_DATE, hostile_newsroom
from .xss_corpus import VECTORS, live_markup

pytestmark = pytest.mark.django_db

HTML_TYPES = {"text/html", "application/xhtml+xml", "html", "xhtml"}
FORMATS = ("rss", "atom", "json")


@pytest.fixture
def newsroom(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.NEWSPAPER_FEED_ITEMS = 100  # every hostile article in the latest feed
    return hostile_newsroom()


def public_urls(newsroom) -> list[str]:
    day = HOSTILE_DATE.isoformat()
    urls = [
        "/",
        "/editions/",
        f"/editions/{HOSTILE_DATE.year}/",
        f"/editions/{HOSTILE_DATE:%Y/%m}/",
        f"/editions/{day}/",
        "/editions/articles/",
        reverse("articles:latest"),
        reverse("articles:corrections"),
        "/search/?q=alert",
        "/search/?q=" + "img+src+onerror",
        "/feeds/",
    ]
    urls += [f"/editions/{day}/{page.number:02d}/" for page in newsroom.pages]
    urls += [article.get_absolute_url() for article in newsroom.articles]
    urls += [section.get_absolute_url() for section in newsroom.sections]
    urls += [credit.author.get_absolute_url() for credit in _credits(newsroom)]
    return urls


def feed_urls(newsroom) -> list[str]:
    day = HOSTILE_DATE.isoformat()
    routes = ["latest/", "today/", f"editions/{day}/", "pages/01/"]
    routes += [f"editions/{day}/{page.number:02d}/" for page in newsroom.pages]
    routes += [f"sections/{section.slug}/" for section in newsroom.sections]
    routes += [f"authors/{credit.author.slug}/" for credit in _credits(newsroom)]
    return [f"/feeds/{route}{fmt}/" for route in routes for fmt in FORMATS]


def _credits(newsroom):
    return [c for a in newsroom.articles for c in a.credits.select_related("author")]


def html_fields(parsed) -> list[tuple[str, str]]:
    """(where, value) of every field of a parsed feed that a reader renders as HTML."""
    found = []

    def take(where, detail):
        if detail and detail.get("type") in HTML_TYPES:
            found.append((where, detail.get("value", "")))

    take("feed title", parsed.feed.get("title_detail"))
    take("feed subtitle", parsed.feed.get("subtitle_detail"))
    for n, entry in enumerate(parsed.entries):
        take(f"entry {n} title", entry.get("title_detail"))
        take(f"entry {n} summary", entry.get("summary_detail"))
        for content in entry.get("content", []):
            take(f"entry {n} content", content)
    return found


def test_the_corpus_holds_over_100_vectors_of_every_kind():
    """The corpus is big enough to mean something, and every vector is different."""
    assert len(set(VECTORS)) == len(VECTORS) >= 100
    for kind in ("onerror", "javascript:", "data:", "<svg", "srcset", "<base", "refresh", "url("):
        assert any(kind in v.lower() for v in VECTORS), kind


def test_the_checker_sees_the_raw_vectors_and_not_their_escaped_form():
    """The checker itself: it finds the corpus live when unescaped, never when escaped."""
    from django.utils.html import escape

    assert sum(1 for v in VECTORS if live_markup(v)) >= 100
    assert not [v for v in VECTORS if live_markup(escape(v))]


def test_no_feed_carries_live_markup_from_plain_text(client, newsroom):
    """Every feed, read with feedparser's sanitiser off: no field a reader renders as HTML
    holds a script, handler, script URL or request to the attacker."""
    urls = feed_urls(newsroom)
    survivors = []
    entries = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        parsed = feedparser.parse(response.content, sanitize_html=False)
        assert not parsed.bozo or "json" in url, (url, parsed.get("bozo_exception"))
        entries += len(parsed.entries)
        for where, value in html_fields(parsed):
            if found := live_markup(value):
                survivors.append((url, where, found[:3]))
    assert entries >= len(newsroom.articles)
    assert not survivors, survivors[:10]


def test_the_json_feed_keeps_plain_text_plain(client, newsroom):
    """JSON Feed's title and summary are plain text by the spec: not escaped twice."""
    data = client.get("/feeds/latest/json/").json()
    by_url = {item["url"]: item for item in data["items"]}
    web = newsroom.articles[-1]
    item = by_url[f"http://testserver{web.get_absolute_url()}"]
    assert item["title"] == web.headline
    assert item["summary"] == " ".join(web.highlight_list)


def test_rss_escapes_a_hostile_headline_and_summary(client, newsroom):
    """The RSS ``description`` and ``title`` read back as the text typed, as text."""
    parsed = feedparser.parse(client.get("/feeds/latest/rss/").content, sanitize_html=False)
    web = newsroom.articles[-1]
    entry = next(e for e in parsed.entries if e.link.endswith(web.get_absolute_url()))
    assert "&lt;" in entry.summary and "<img" not in entry.summary
    assert not live_markup(entry.title)


def test_no_public_page_carries_live_markup_from_plain_text(client, newsroom):
    """Every public page built from hostile text: no live markup, JSON-LD intact."""
    survivors = []
    for url in public_urls(newsroom):
        response = client.get(url)
        assert response.status_code == 200, url
        if found := live_markup(response.content.decode()):
            survivors.append((url, found[:3]))
    assert not survivors, survivors[:10]


def test_json_ld_and_opengraph_hold_the_text_escaped(client, newsroom):
    """A headline closing the script element stays inside the JSON-LD, as \\u003c."""
    article = newsroom.articles[0]
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<script type="application/ld+json">' in html
    assert "\\u003c" in html
    assert "</script><script>" not in html
    assert '<meta property="og:title" content="&lt;' in html or "&lt;" in html


def test_previews_carry_no_live_markup(client, newsroom, admin_user):
    """Staff and shared previews of hostile drafts escape them too."""
    draft = newsroom.articles[1]
    Article.objects.filter(pk=draft.pk).update(status="approved")
    client.force_login(admin_user)
    urls = [
        reverse("previews:article", kwargs={"pk": draft.pk}),
        preview_url(draft),
        f"/preview/editions/{HOSTILE_DATE.isoformat()}/01/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not live_markup(response.content.decode()), url


def admin_urls(newsroom) -> list[str]:
    article = newsroom.articles[0]
    return [
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_changelist") + "?q=alert",
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_history", args=[article.pk]),
        reverse("admin:articles_article_desk") + f"?date={HOSTILE_DATE.isoformat()}",
        reverse("admin:articles_article_share", args=[article.pk]),
        reverse("admin:articles_section_changelist"),
        reverse("admin:articles_author_changelist"),
        reverse("admin:articles_correction_changelist"),
        reverse("admin:editions_edition_changelist"),
        reverse("admin:editions_edition_change", args=[newsroom.edition.pk]),
        reverse("admin:editions_page_change", args=[newsroom.pages[0].pk]),
        reverse("admin:editions_publication_changelist"),
    ]


def test_no_admin_screen_carries_live_markup_from_plain_text(client, newsroom, admin_user):
    """The newsroom's own screens escape hostile text too (an editor's session is the prize)."""
    client.force_login(admin_user)
    survivors = []
    for url in admin_urls(newsroom):
        response = client.get(url)
        assert response.status_code == 200, url
        if found := live_markup(response.content.decode()):
            survivors.append((url, found[:3]))
    assert not survivors, survivors[:10]


def test_a_reporter_desk_with_hostile_headlines_is_escaped(client, newsroom, django_user_model):
    """Role screens too: the desk as a reporter sees it."""
    reporter = django_user_model.objects.create_user("r", password="pw", is_staff=True)
    reporter.groups.add(Group.objects.get(name="记者"))
    Article.objects.filter(pk=newsroom.articles[0].pk).update(created_by=reporter)
    client.force_login(reporter)
    response = client.get(
        reverse("admin:articles_article_desk") + f"?date={HOSTILE_DATE.isoformat()}"
    )
    assert response.status_code == 200
    assert not live_markup(response.content.decode())


def test_hostile_text_through_a_bundle_stays_text(client, newsroom, tmp_path):
    """The corpus exported as a bundle and imported back (``--replace``): pages and feeds
    of the imported edition carry no live markup either."""
    from articles.bundles.export import edition_export
    from articles.services import edition_import

    bundle = edition_export(edition=newsroom.edition, path=tmp_path / "hostile.zip")
    edition = edition_import(path=bundle, replace=True)
    assert edition.articles.count() >= len(newsroom.articles) - 1
    day = HOSTILE_DATE.isoformat()
    urls = [f"/editions/{day}/", f"/editions/{day}/01/", "/search/?q=alert"]
    urls += [article.get_absolute_url() for article in edition.articles.all()[:6]]
    urls += [f"/feeds/editions/{day}/{fmt}/" for fmt in FORMATS]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if "/feeds/" in url:
            parsed = feedparser.parse(response.content, sanitize_html=False)
            assert not [w for w, v in html_fields(parsed) if live_markup(v)], url
        else:
            assert not live_markup(response.content.decode()), url
