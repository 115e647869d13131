"""A bad row already in the database never takes a page down (issue 13, item 3).

Forms, services and bundles refuse dates outside 1900–2100, but a row written before those
checks, or by hand in SQL, may hold year 1 or 9999. Every public surface — pages, lists,
archive, feeds, search, sitemaps, previews — and the admin's lists and forms answer with
such a row in the database: the value is clamped when read and logged, never a 500.
"""

import logging

import pytest
from django.urls import reverse

from articles.models import Article
from editions.models import Edition

from .hostile import BAD_TIMES, bad_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(params=list(BAD_TIMES), ids=list(BAD_TIMES))
def rows(request, demo):
    return {"when": BAD_TIMES[request.param], "demo": demo, **bad_rows(BAD_TIMES[request.param])}


def public_urls(rows) -> list[str]:
    when = rows["when"]
    demo_article = Article.objects.filter(edition=rows["demo"]).first()
    urls = [
        "/",
        "/editions/",
        "/editions/2024/",
        "/editions/2024/04/",
        f"/editions/{when.year}/",
        "/editions/2024-04-01/",
        "/editions/2024-04-01/01/",
        f"/editions/{rows['edition'].date.isoformat()}/",
        "/editions/articles/",
        "/editions/articles/?date_after=2024-01-01&date_before=2024-12-31",
        reverse("articles:latest"),
        reverse("articles:corrections"),
        rows["in_print"].get_absolute_url(),
        rows["web"].get_absolute_url(),
        demo_article.get_absolute_url(),
        rows["section"].get_absolute_url(),
        f"/authors/{rows['author'].slug}/",
        "/search/?q=坏日期",
        "/search/?q=辽源",
        "/sitemap.xml",
        "/robots.txt",
        "/feeds/",
        "/feeds/feeds.opml",
    ]
    urls += [
        f"/sitemap-{name}.xml" for name in ("articles", "editions", "pages", "sections", "news")
    ]
    for route in (
        "latest/",
        "today/",
        f"sections/{rows['section'].slug}/",
        f"authors/{rows['author'].slug}/",
        "pages/01/",
        "editions/2024-04-01/",
        "editions/2024-04-01/01/",
    ):
        urls += [f"/feeds/{route}{fmt}/" for fmt in ("rss", "atom", "json")]
    return urls


def answers(client, urls) -> list[tuple[str, int]]:
    return [(url, client.get(url).status_code) for url in urls]


def test_every_public_surface_survives_a_row_with_an_impossible_date(client, rows, caplog):
    """No 500 anywhere, and the bad row is logged for someone to repair."""
    with caplog.at_level(logging.WARNING, logger="newspaper.bad_rows"):
        results = answers(client, public_urls(rows))
    assert not [(url, status) for url, status in results if status >= 500]
    assert sum(1 for _url, status in results if status == 200) >= len(results) - 12
    if rows["when"].year < 1900:  # a past row is read (and logged); a future one never is
        assert any("outside 1900–2100" in r.getMessage() for r in caplog.records)


def test_the_admin_lists_and_forms_survive_a_row_with_an_impossible_date(admin_client, rows):
    urls = [
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[rows["in_print"].pk]),
        reverse("admin:articles_article_change", args=[rows["web"].pk]),
        reverse("admin:articles_article_desk"),
        reverse("admin:articles_article_desk") + f"?date={rows['edition'].date.isoformat()}",
        reverse("admin:articles_article_scheduled"),
        reverse("admin:articles_article_mine"),
        reverse("admin:articles_correction_changelist"),
        reverse("admin:editions_edition_changelist"),
        reverse("admin:editions_edition_changelist") + "?date__gte=2024-01-01",
        reverse("admin:editions_edition_change", args=[rows["edition"].pk]),
        reverse("admin:editions_page_changelist"),
        f"/preview/articles/{rows['in_print'].pk}/",
        f"/preview/editions/{rows['edition'].date.isoformat()}/01/",
    ]
    results = answers(admin_client, urls)
    assert not [(url, status) for url, status in results if status >= 500]


def test_a_bad_edition_time_is_shown_clamped_not_raised():
    """The value read is inside the range; the row itself is left for a person to repair."""
    edition = bad_rows(BAD_TIMES["year 9999"])["edition"]
    loaded = Edition.objects.get(pk=edition.pk)
    assert 1900 <= loaded.publish_at.year <= 2100
    assert 1900 <= loaded.date.year <= 2100
