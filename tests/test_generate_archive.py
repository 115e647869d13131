"""``manage.py generate_archive``: the synthetic archive the benchmark runs against."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from articles import search
from articles.models import (
    COPY_FIELDS,
    Article,
    ArticleAuthor,
    ArticleStatus,
    Author,
    Correction,
    Placement,
    SearchDocument,
    Section,
)
from editions.models import Edition, Page
from newspaper.synthetic.bulkload import secondary_indexes
from newspaper.synthetic.writer import Writer

END = "2024-06-30"


def generate(articles=300, seed=7, **options):
    call_command(
        "generate_archive", articles=articles, seed=seed, end_date=END, verbosity=0, **options
    )


def snapshot() -> list[tuple]:
    """What the archive says, independent of database ids and run times."""
    editions = list(
        Edition.objects.order_by("date").values_list("date", "number", "status", "publish_at")
    )
    pages = list(
        Page.objects.order_by("edition__date", "number").values_list(
            "edition__date", "number", "name", "editor"
        )
    )
    articles = list(
        Article.objects.order_by("edition__date", "id").values_list(
            "edition__date",
            "section__name",
            *COPY_FIELDS,
            "status",
            "publish_at",
        )
    )
    placements = list(
        Placement.objects.order_by(
            "article__edition__date", "article_id", "page__number"
        ).values_list("article__title", "page__number", "position", "x", "y", "width", "height")
    )
    credits = list(
        ArticleAuthor.objects.order_by("article_id", "position").values_list(
            "article__title", "author__name", "role", "position"
        )
    )
    corrections = list(Correction.objects.order_by("date", "text").values_list("date", "text"))
    return [editions, pages, articles, placements, credits, corrections]


@pytest.mark.django_db
def test_same_seed_gives_the_same_archive():
    """Two runs with the same seed, size and end date write the same content."""
    generate(seed=7)
    first = snapshot()
    Article.objects.all().delete()
    Edition.objects.all().delete()
    generate(seed=7)
    assert snapshot() == first


@pytest.mark.django_db
def test_another_seed_gives_another_archive():
    """The seed matters: another one writes other texts."""
    generate(seed=7)
    first = snapshot()
    Article.objects.all().delete()
    Edition.objects.all().delete()
    generate(seed=8)
    assert snapshot()[2] != first[2]


@pytest.mark.django_db
def test_writes_exactly_the_articles_asked_for_in_daily_editions():
    """N articles; daily editions of 8–16 pages counted back from the day after the end
    date, numbered by date; web-only articles beside them."""
    generate(articles=300)
    assert Article.objects.count() == 300
    assert Article.objects.filter(edition__isnull=True).count() == 9  # 3 %
    dates = list(Edition.objects.order_by("-date").values_list("date", flat=True))
    assert dates[0] == datetime.date(2024, 7, 1)
    assert dates == [dates[0] - datetime.timedelta(days=i) for i in range(len(dates))]
    numbers = list(Edition.objects.order_by("-date").values_list("number", flat=True))
    assert numbers == sorted(numbers, reverse=True)
    page_counts = [e.pages.count() for e in Edition.objects.order_by("-date")]
    # The oldest edition may be cut short when the articles run out.
    assert all(8 <= n <= 16 for n in page_counts[:-1])
    assert all(p.placements.exists() for p in Page.objects.all())


@pytest.mark.django_db
def test_every_printed_article_has_a_placement_with_a_region_and_some_jump():
    """Articles in editions sit on a page with a region; front-page stories jump."""
    generate(articles=300)
    printed = Article.objects.filter(edition__isnull=False)
    assert not printed.filter(placements__isnull=True).exists()
    first = Placement.objects.filter(position__gte=1).exclude(x__isnull=True)
    assert first.count() == printed.count()
    jumping = [a for a in printed.prefetch_related("placements") if a.placements.count() > 1]
    assert jumping
    assert all(p.page.edition_id == a.edition_id for a in jumping for p in a.placements.all())


@pytest.mark.django_db
def test_bodies_are_chinese_text_of_realistic_length():
    """Bodies are paragraphs of Chinese, mostly between 300 and 6,000 characters, with the
    character count stored."""
    generate(articles=300)
    counts = list(Article.objects.values_list("word_count", flat=True))
    assert min(counts) >= 150 and max(counts) <= 8000
    assert 500 <= sum(counts) / len(counts) <= 3000
    body = Article.objects.order_by("id").first().body
    assert body.startswith("<p>") and "。" in body


@pytest.mark.django_db
def test_mixes_public_draft_withdrawn_and_scheduled_items():
    """Most articles are public; some are drafts or withdrawn; tomorrow's edition and the
    last web-only articles are scheduled and not yet public."""
    call_command(
        "generate_archive",
        articles=300,
        seed=7,
        end_date=timezone.localdate().isoformat(),
        verbosity=0,
    )
    assert Article.objects.exclude(status=ArticleStatus.PUBLISHED).exists()
    tomorrow = Edition.objects.order_by("-date").first()
    assert tomorrow.date == timezone.localdate() + datetime.timedelta(days=1)
    assert not Edition.objects.public().filter(pk=tomorrow.pk).exists()
    scheduled = Article.objects.filter(
        edition__isnull=True, status=ArticleStatus.PUBLISHED, publish_at__gt=timezone.now()
    )
    assert scheduled.count() == 3
    # Public: every signed-off article but tomorrow's paper and the scheduled ones.
    expected = (
        Article.objects.filter(status=ArticleStatus.PUBLISHED)
        .exclude(edition=tomorrow)
        .exclude(pk__in=scheduled)
    )
    assert set(Article.objects.public().on_site()) == set(expected)
    assert 200 <= len(expected) < 300


@pytest.mark.django_db
def test_authors_sections_and_corrections_are_made():
    """Sections, authors credited in order, and at least one correction."""
    generate(articles=300)
    assert Section.objects.count() >= 8
    assert Author.objects.count() > 200
    assert ArticleAuthor.objects.count() >= 300
    assert Correction.objects.exists()


@pytest.mark.django_db
def test_search_index_is_written_for_every_article():
    """Each article has its search document, and a search finds generated articles."""
    generate(articles=300)
    assert SearchDocument.objects.count() == 300
    title = Article.objects.public().on_site().order_by("id").first().title_lines[0]
    found = search.search(Article.objects.public().on_site(), search.parse_query(title[:4]))
    assert found.exists()


@pytest.mark.django_db
def test_refuses_a_publication_that_has_editions_unless_appending():
    """A second run against the same publication is refused; --append adds an older
    archive before the earliest edition, with lower issue numbers."""
    generate(articles=100)
    with pytest.raises(CommandError, match="--append"):
        generate(articles=100)
    earliest = Edition.objects.order_by("date").first()
    generate(articles=100, append=True)
    assert Article.objects.count() == 200
    older = Edition.objects.filter(date__lt=earliest.date)
    assert older.exists()
    assert max(older.values_list("number", flat=True)) < earliest.number


@pytest.mark.django_db
@pytest.mark.parametrize("options", [{"articles": 0}, {"pages": "16-8"}, {"per_page": "x"}])
def test_bad_options_are_refused(options):
    """Out-of-range sizes and malformed ranges are an error, and nothing is written."""
    arguments = {"articles": 10, **options}
    with pytest.raises(CommandError):
        generate(**arguments)
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_the_public_site_answers_over_a_generated_archive(client):
    """Every kind of public page answers 200 over the generated archive."""
    call_command(
        "generate_archive",
        articles=300,
        seed=7,
        end_date=timezone.localdate().isoformat(),
        verbosity=0,
    )
    edition = Edition.objects.public().order_by("-date").first()
    oldest = Article.objects.public().on_site().order_by("id").first()
    newest = Article.objects.public().on_site().latest_first().first()
    section = Section.objects.filter(articles__in=Article.objects.public().on_site()).first()
    author = Author.objects.filter(articles__in=Article.objects.public().on_site()).first()
    day = edition.date.isoformat()
    urls = [
        "/",
        "/editions/",
        f"/editions/{day}/",
        f"/editions/{day}/02/",
        oldest.get_absolute_url(),
        newest.get_absolute_url(),
        section.get_absolute_url(),
        author.get_absolute_url(),
        f"/search/?q={oldest.title_lines[0][:2]}",
        "/feeds/latest/rss/",
        f"/feeds/sections/{section.slug}/rss/",
        "/feeds/pages/01/rss/",
        f"/feeds/editions/{day}/rss/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/corrections/",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_the_generated_documents_are_the_indexers_own():
    """The generator writes the documents from the copy in memory; the site's indexer makes
    the same text (and, on PostgreSQL, the same vector) from the database."""
    generate(articles=60)
    written = dict(SearchDocument.objects.values_list("article_id", "body"))
    vectors = dict(SearchDocument.objects.values_list("article_id", "vector"))
    search.index_articles(written)
    assert dict(SearchDocument.objects.values_list("article_id", "body")) == written
    assert dict(SearchDocument.objects.values_list("article_id", "vector")) == vectors


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the fast load is PostgreSQL's"
)


@postgresql_only
@pytest.mark.django_db
def test_a_fast_load_ends_with_every_secondary_index_rebuilt():
    before = secondary_indexes(connection)
    assert any(name == search.POSTGRESQL_INDEX for name, _ in before)
    generate(articles=80, fast_load=True)
    assert secondary_indexes(connection) == before
    assert Article.objects.count() == 80
    assert not Article.objects.filter(published_at__isnull=True, status="published").exists()


@postgresql_only
@pytest.mark.django_db
def test_an_interrupted_fast_load_leaves_no_rows_and_every_index(monkeypatch):
    before = secondary_indexes(connection)

    def interrupted(self, plans):
        raise KeyboardInterrupt

    monkeypatch.setattr(Writer, "write_editions", interrupted)
    with pytest.raises(KeyboardInterrupt):
        generate(articles=80, fast_load=True)
    assert secondary_indexes(connection) == before
    assert not Article.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_archive_leaves_planner_statistics_behind():
    """Without statistics SQLite reads a search window through the status index and sorts
    every published article; the generator ends with ``ANALYZE`` (the fast load on
    PostgreSQL refreshes them itself)."""
    generate(articles=60)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'articles_article'")
            assert cursor.fetchone()[0] > 0
        else:
            cursor.execute(
                "SELECT last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL"
                " FROM pg_stat_user_tables WHERE relname = 'articles_article'"
            )
            assert cursor.fetchone()[0]
