"""The main reads use their indexes on a generated archive of a few thousand rows (with the
planner's statistics up to date, no planner setting forced): no sequential scan of the
article, placement or search tables for a page, an edition, a section, the article
page's reading order, the site's version or a search."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.filters import ArticleFilter
from articles.models import Article, Placement, SearchDocument, Section
from articles.printing import edition_reading_order, public_placements
from articles.search import POSTGRESQL_INDEX, parse_query, search, tokenize
from articles.search.backends import search_vector
from articles.search.window import window_queryset
from editions.models import Edition, Page, Publication
from newspaper.caching import load_state

pytestmark = pytest.mark.django_db

EDITIONS, PAGES, PER_PAGE, SECTIONS = 150, 4, 5, 30
BIG_TABLES = ("articles_article", "articles_placement", "articles_searchdocument")


@pytest.fixture
def archive():
    """150 editions of 4 pages, 5 articles a page (3,000 articles), in 30 sections, each
    indexed for search; one word (冰雪) in a handful of them. Then ANALYZE."""
    now = timezone.now()
    publication = Publication.objects.create(slug="lyrb", name="辽源日报")
    sections = Section.objects.bulk_create(
        Section(name=f"栏目{n}", slug=f"s{n}", position=n) for n in range(SECTIONS)
    )
    editions = Edition.objects.bulk_create(
        Edition(
            publication=publication,
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
            number=n + 1,
            status="published",
            publish_at=now - datetime.timedelta(days=EDITIONS - n),
        )
        for n in range(EDITIONS)
    )
    pages = Page.objects.bulk_create(
        Page(edition=e, number=n + 1, name="要闻") for e in editions for n in range(PAGES)
    )
    articles = Article.objects.bulk_create(
        Article(
            edition=page.edition,
            section=sections[(i * 7 + k) % SECTIONS],
            title=f"第{i}版第{k}篇" + ("冰雪" if (i * PER_PAGE + k) % 500 == 0 else "新闻"),
            body="<p>正文。</p>",
            status="published",
        )
        for i, page in enumerate(pages)
        for k in range(PER_PAGE)
    )
    Article.objects.sync_published_at()  # as every bulk writer does
    Placement.objects.bulk_create(
        Placement(article=a, page=pages[n // PER_PAGE], position=n % PER_PAGE + 1)
        for n, a in enumerate(articles)
    )
    SearchDocument.objects.bulk_create(
        SearchDocument(article=a, head=" ".join(tokenize(a.title)), body="正文 正 文")
        for a in articles
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            SearchDocument.objects.update(vector=search_vector())
            # What VACUUM does in production (not allowed in the test's transaction): the
            # GIN index's pending list merged, or the planner prices the index as if unread.
            cursor.execute(f"SELECT gin_clean_pending_list('{POSTGRESQL_INDEX}')")
        cursor.execute("ANALYZE")
    return editions, pages, sections


def plan(queryset) -> str:
    return queryset.explain()


def assert_no_big_scan(text: str) -> None:
    if connection.vendor == "postgresql":
        scans = [f"Seq Scan on {t}" for t in BIG_TABLES if f"Seq Scan on {t} " in text + " "]
    else:
        scans = [f"SCAN {t}" for t in BIG_TABLES if f"SCAN {t}\n" in text + "\n"]
    assert not scans, text


def test_a_page_reads_its_editions_placements_by_index(archive):
    editions, _pages, _sections = archive
    queryset = public_placements(timezone.now()).filter(page__edition_id=editions[70].pk)
    assert_no_big_scan(plan(queryset))


def test_the_article_page_reading_order_reads_by_index(archive):
    """The query ``edition_reading_order`` runs (it iterates it at once, so explained here)."""
    editions, _pages, _sections = archive
    queryset = (
        Placement.objects.public(timezone.now())
        .filter(page__edition_id=editions[10].pk)
        .in_print_order()
    )
    assert_no_big_scan(plan(queryset))
    assert len(edition_reading_order(editions[10].pk, timezone.now())) == PAGES * PER_PAGE


def test_a_section_list_reads_the_section_by_index(archive):
    _editions, _pages, sections = archive
    queryset = (
        Article.objects.on_site().public().latest_first().in_section(sections[3]).values("id")[:20]
    )
    text = plan(queryset)
    assert_no_big_scan(text)
    assert len(queryset) == 20
    # The bound the index needs is stated in the filter (the rule implies it; a small
    # archive's plan does not show the difference, the bench's 20,000 articles do).
    where = str(queryset.query).split(" WHERE ", 1)[1].rsplit(" ORDER BY ", 1)[0]
    assert '"published_at" <=' in where, where
    if connection.vendor == "sqlite":
        # It walks the section's articles newest first and stops at the page, instead of
        # gathering every public match and sorting them in a temporary B-tree.
        assert "TEMP B-TREE FOR ORDER BY" not in text, text


def test_the_latest_articles_are_walked_newest_first_and_stop_at_the_page(archive):
    """The latest news and every feed of it: the status and stored publish time's index,
    read newest first, not two publish_at ranges gathered and sorted (SQLite's plan before
    ``article_status_published_idx``: 20 ms at 5,000 articles, 2 ms with it)."""
    queryset = Article.objects.on_site().public().latest_first().values("id")[:20]
    text = plan(queryset)
    assert_no_big_scan(text)
    assert len(queryset) == 20
    if connection.vendor == "sqlite":
        assert "article_status_published_idx" in text, text
        assert "TEMP B-TREE FOR ORDER BY" not in text, text


def test_a_page_number_feed_reads_only_the_latest_editions_pages(archive):
    """第01版, edition by edition: the feed's items come from the latest editions that have
    such a page (at most as many as it has items), not from page 1 of the whole archive."""
    from django.test import RequestFactory

    from newspaper.feeds.articles import PageNumberFeed

    feed = PageNumberFeed()
    subject = feed.get_object(RequestFactory().get("/"), number=1)
    queryset = feed.selection(subject)
    text = plan(queryset)
    if connection.vendor == "sqlite":
        assert_no_big_scan(text)
        assert "USING INDEX article_status_published_idx" not in text, text
    else:
        # The articles by their editions' index; PostgreSQL hashes the 3,000 placements of
        # this small archive rather than look 600 up (the bench's archive: by index).
        assert "Seq Scan on articles_article " not in text, text
    items = list(queryset)
    assert len(items) == min(30, EDITIONS * PER_PAGE)
    assert {article.edition_id for article in items} <= {e.pk for e in archive[0][-30:]}


def test_the_sites_version_is_read_by_index(archive):
    with CaptureQueriesContext(connection) as queries:
        load_state(timezone.now())
    sql = queries[0]["sql"]
    with connection.cursor() as cursor:
        prefix = "EXPLAIN" if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN"
        cursor.execute(f"{prefix} {sql}")
        rows = cursor.fetchall()
    text = "\n".join(str(row[-1]) for row in rows)
    assert_no_big_scan(text)


def full_text_index_used(text: str) -> bool:
    if connection.vendor == "postgresql":
        return "articles_searchdocument_vector_gin" in text
    return "VIRTUAL TABLE INDEX" in text


def test_search_finds_matches_through_the_full_text_index(archive):
    queryset = search(Article.objects.on_site().public(), parse_query("冰雪"))
    text = plan(queryset.values("id")[:20])
    assert_no_big_scan(text)
    assert full_text_index_used(text), text
    assert "CORRELATED" not in text, text
    assert len(queryset) == 6


def filtered(archive, **filters):
    """The site's search base list with the archive filters of the search page applied."""
    _editions, _pages, sections = archive
    filters = dict(filters)
    data = {"section": sections[3].slug, **filters} if filters.pop("section", True) else filters
    return ArticleFilter(data, queryset=Article.objects.on_site().public().latest_first()).qs


WINDOW_WORDS = {"1 char": "冰", "2 chars": "冰雪", "3+ chars": "篇冰雪", "two runs": "冰雪 篇冰雪"}
WINDOW_FILTERS = {
    "no filter": None,
    "section": {},
    "section+genre": {"genre": "消息"},
    "dates": {"section": False, "start": "2020-01-01", "end": "2020-03-01"},
}


def test_every_search_window_reads_the_full_text_index(archive):
    """The query that finds a search's window of newest matches, for 1-, 2- and 3-character
    queries, two runs, and with filters: the full-text index (PostgreSQL's GIN index,
    SQLite's FTS5 table), and no sequential scan of the articles, placements or documents.
    (One archive for every shape: building it is most of the time.)"""
    failures = []
    for shape, words in WINDOW_WORDS.items():
        for name, filters in WINDOW_FILTERS.items():
            articles = Article.objects.on_site().public()
            if filters is not None:
                articles = filtered(archive, **filters)
            text = plan(window_queryset(articles, parse_query(words), 1000))
            try:
                assert_no_big_scan(text)
                assert full_text_index_used(text), "no full-text index"
                assert "CORRELATED" not in text, "a correlated subquery"
            except AssertionError as error:
                failures.append(f"{shape}, {name}: {error}\n{text}")
    assert not failures, "\n\n".join(failures)


def test_a_common_words_window_reads_no_big_table_in_full(archive):
    """新闻 is in nearly every headline: the window is read newest first by an index (the
    full-text one, or ``article_published_idx``), never by a sequential scan."""
    text = plan(window_queryset(Article.objects.on_site().public(), parse_query("新闻"), 100))
    assert_no_big_scan(text)
    assert full_text_index_used(text) or "article_published_idx" in text, text
