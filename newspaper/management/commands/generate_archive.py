"""python manage.py generate_archive --articles N [--publication SLUG] [--seed S]

A deterministic synthetic archive for benchmarks and load tests: daily editions counted
backwards from a date, 8–16 pages each, articles with Chinese bodies of realistic length made
from the demo edition's sentences and a word pool, sections, authors with credits,
placements with regions, jumps (下转/上接), a few corrections, drafts, withdrawals and
scheduled items. Rows are written with ``bulk_create`` in batches, one transaction a batch,
and the search documents are written by the site's own indexer (``search.index_in_chunks``)
a batch at a time, so the archive is searchable as soon as it is written.

The same ``--seed``, ``--articles``, ``--end-date`` and options give the same archive (the
same texts, dates, pages, credits and states), whatever the database. Only timestamps of the
run itself (``created_at``/``updated_at``) differ.
"""

import argparse
import datetime
import random
import re
import sys
import zoneinfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction
from django.utils import timezone
from tqdm import tqdm

from articles.models import (
    Article,
    Author,
    Section,
)
from editions.models import Edition, Publication
from newspaper.synthetic.bulkload import fast_load
from newspaper.synthetic.generator import EditionPlan, Generator, parse_range
from newspaper.synthetic.words import (
    BATCH_ARTICLES,
    GIVEN,
    INSTITUTIONAL,
    MAX_ARTICLES,
    ROLES,
    SECTIONS,
    SURNAMES,
)
from newspaper.synthetic.writer import Writer

# From this many articles a PostgreSQL load drops its secondary indexes while it runs.
FAST_LOAD_FROM = 10_000


class Command(BaseCommand):
    help = (
        "Generate a deterministic synthetic archive (editions, pages, articles, authors, "
        "placements, corrections, search documents) for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="How many articles.")
        parser.add_argument(
            "--publication",
            default=settings.NEWSPAPER_PUBLICATION,
            help="The publication's slug (default: %(default)s); created when missing.",
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default: 1).")
        parser.add_argument(
            "--end-date",
            help="The date of the newest public edition, as 2024-12-31 (default: today). "
            "The day after gets a scheduled edition.",
        )
        parser.add_argument(
            "--pages", default="8-16", help="Pages per edition, a number or a range (8-16)."
        )
        parser.add_argument(
            "--per-page", default="2-4", help="Articles per page, a number or a range (2-4)."
        )
        parser.add_argument(
            "--web-share",
            type=float,
            default=0.03,
            help="The share of web-only articles, 0 to 0.5 (default: 0.03).",
        )
        parser.add_argument(
            "--fast-load",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="PostgreSQL: one transaction with the secondary indexes (the search's GIN "
            f"index among them) dropped and built again at the end (default: from "
            f"{FAST_LOAD_FROM:,} articles). See newspaper/synthetic/bulkload.py.",
        )
        parser.add_argument(
            "--append",
            action="store_true",
            help="Add to a publication that already has editions: the new editions go "
            "before its earliest one.",
        )

    def handle(self, *args, **options):
        total = options["articles"]
        if not 1 <= total <= MAX_ARTICLES:
            raise CommandError(f"--articles must be between 1 and {MAX_ARTICLES:,}.")
        if not 0 <= options["web_share"] <= 0.5:
            raise CommandError("--web-share must be between 0 and 0.5.")
        pages = parse_range(options["pages"], "pages")
        per_page = parse_range(options["per_page"], "per-page")
        slug = options["publication"]
        if not re.fullmatch(r"[-a-zA-Z0-9_]{1,50}", slug):
            raise CommandError(f"Not a publication slug: {slug!r}.")
        tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        if options["end_date"]:
            try:
                end_date = datetime.date.fromisoformat(options["end_date"])
            except ValueError:
                raise CommandError(
                    f"Not a date as in 2024-12-31: {options['end_date']!r}"
                ) from None
        else:
            end_date = timezone.localdate()

        publication = Publication.objects.filter(slug=slug).first()
        existing = Edition.objects.filter(publication=publication) if publication else None
        last_number = 10_000 + total  # comfortably positive whatever the plan
        if existing is not None and existing.exists():
            if not options["append"]:
                raise CommandError(
                    f"{publication} already has {existing.count()} editions; "
                    "use --append to add an older archive before them."
                )
            first = existing.order_by("date").values("date", "number").first()
            end_date = first["date"] - datetime.timedelta(days=2)  # the plan adds one day
            last_number = min(existing.values_list("number", flat=True)) - 1
        if not 1 <= end_date.year <= 9000:
            raise CommandError("The end date is out of range.")
        if publication is None:
            publication = self.create_publication(slug)

        generator = Generator(seed=options["seed"], publication=publication, tz=tz)
        editions, web_only = generator.plan(
            total=total,
            end_date=end_date,
            last_number=last_number,
            pages=pages,
            per_page=per_page,
            web_share=options["web_share"],
        )
        if editions and editions[-1].number < 1:
            raise CommandError("Issue numbers would fall below 1; use fewer articles.")
        if editions and editions[-1].date.year < 1900:
            raise CommandError("The archive would reach before 1900; use fewer articles.")

        connection = connections[Article.objects.db]
        if connection.vendor == "sqlite" and not connection.in_atomic_block:
            # A generated archive can be generated again: trade crash safety for speed.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous = OFF")
        with transaction.atomic():
            sections = self.sections()
            authors = self.authors(generator)
        show_bar = options["verbosity"] >= 1
        bar = tqdm(total=total, desc="articles", unit="篇", disable=not show_bar, file=sys.stderr)
        started = timezone.now()
        writer = Writer(generator, publication, sections, authors, bar)
        fast = options["fast_load"]
        fast = total >= FAST_LOAD_FROM if fast is None else fast
        with fast_load(Article.objects.db, enabled=fast, progress=bar.write):
            # Oldest first, so ids grow with dates as in a real archive.
            batch: list[EditionPlan] = []
            batch_size = 0
            for plan in reversed(editions):
                batch.append(plan)
                batch_size += sum(plan.per_page)
                if batch_size >= BATCH_ARTICLES:
                    writer.write_editions(batch)
                    batch, batch_size = [], 0
            if batch:
                writer.write_editions(batch)
            writer.write_web_only(web_only, end_date)
        bar.close()
        if connection.vendor == "sqlite" or not fast:
            # The planner's statistics for the archive just written (the fast load refreshes
            # them itself): without them SQLite reads a search window through the status index
            # and sorts every published article.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        seconds = max((timezone.now() - started).total_seconds(), 0.001)
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {writer.articles:,} articles in {len(editions):,} editions "
                f"({writer.pages:,} pages) for {publication.slug} in {seconds:.1f} s "
                f"({writer.articles / seconds * 60:,.0f} articles/min)."
            )
        )

    def create_publication(self, slug: str) -> Publication:
        if slug == "lyrb":
            return Publication.objects.create(
                slug=slug,
                name="辽源日报",
                name_latin="LIAO YUAN RI BAO",
                cn_serial="CN22-0010",
                email="jl_lvrb@126.com",
                hotline="0437-3249118",
                website="http://www.0437.com",
                sponsor="中共辽源市委主管主办",
                publisher="辽源日报社出版",
            )
        return Publication.objects.create(slug=slug, name=f"{slug}日报")

    def sections(self) -> dict[str, Section]:
        found = {s.name: s for s in Section.objects.filter(name__in=SECTIONS)}
        for position, name in enumerate(SECTIONS):
            if name not in found:
                found[name] = Section.objects.create(name=name, position=position + 1)
        return found

    def authors(self, generator: Generator) -> list[tuple[Author, str]]:
        """About 240 people and the institutional bylines, each with their usual role.

        Names come from the generator's own stream (seeded apart from the content, so the
        same names appear whatever the archive's size)."""
        r = random.Random(generator.rng.random())
        names: dict[str, str] = {}
        while len(names) < 240:
            given = "".join(r.choice(GIVEN) for _ in range(r.choice([1, 2, 2])))
            names.setdefault(r.choice(SURNAMES) + given, r.choice(ROLES))
        for name in INSTITUTIONAL:
            names[name] = "评论员" if "评论" in name else "记者"
        existing = {a.name: a for a in Author.objects.filter(name__in=list(names))}
        result = []
        for name, role in names.items():
            author = existing.get(name) or Author.objects.create(name=name, role=role)
            result.append((author, role))
        return result
