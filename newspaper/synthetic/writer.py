"""Writes the planned editions of the synthetic archive, a batch per transaction."""

import datetime
import re

from django.db import transaction

from articles.models import (
    Article,
    ArticleAuthor,
    ArticleStatus,
    Correction,
    Genre,
    Placement,
    Section,
)
from articles.search.index import document_of, write_documents
from editions.models import Edition, Page, PublishStatus

from .generator import EditionPlan
from .words import (
    CITIES,
    GENRES,
    INSTITUTIONAL,
    OBJECTS,
    PAGE_NAMES,
    SOURCES,
    SUBJECTS,
    TAILS,
    TITLE_HEADS,
    WEB_SECTIONS,
)


class Writer:
    """Writes planned editions a batch at a time, each batch one transaction."""

    def __init__(self, generator, publication, sections, authors, bar):
        self.g = generator
        self.publication = publication
        self.sections = sections
        self.people = [(a, role) for a, role in authors if a.name not in INSTITUTIONAL]
        self.institutions = [(a, role) for a, role in authors if a.name in INSTITUTIONAL]
        self.bar = bar
        self.articles = 0
        self.pages = 0

    def article(self, *, section: Section, edition: Edition | None, publish_at=None) -> tuple:
        """An unsaved Article and the credits to give it, as (author, role) pairs."""
        r = self.g.rng
        genre = r.choice(GENRES)
        if genre == Genre.COMMENTARY and r.random() < 0.5:
            credits = [r.choice(self.institutions)]
        else:
            credits = r.sample(self.people, r.choice([1, 1, 1, 2, 2, 3]))
        source = r.choice(SOURCES)
        if source == "本报":
            dateline = "本报讯"
        elif source == "新华社":
            dateline = f"新华社{r.choice(CITIES)}{r.randint(1, 12)}月{r.randint(1, 28)}日电"
        else:
            dateline = ""
        byline = ""
        if source not in ("本报", "新华社"):
            byline = f"{source}记者 " + " ".join(a.name for a, _ in credits)
        roll = r.random()
        if roll < 0.01:
            status = ArticleStatus.DRAFT
        elif roll < 0.015:
            status = ArticleStatus.SUBMITTED
        elif roll < 0.02:
            status = ArticleStatus.APPROVED
        elif roll < 0.023:
            status = ArticleStatus.WITHDRAWN
        else:
            status = ArticleStatus.PUBLISHED
        article = Article(
            edition=edition,
            section=section,
            kicker=r.choice([""] * 7 + [f"{r.choice(TITLE_HEADS)}{r.choice(OBJECTS)}观察"]),
            title=self.g.title(),
            subtitle=r.choice([""] * 8 + [f"——{r.choice(SUBJECTS)}{r.choice(TAILS)}"]),
            highlights="\n".join(self.g.own_sentence() for _ in range(r.choice([0] * 9 + [3]))),
            byline=byline,
            dateline=dateline,
            source=source,
            genre=genre,
            body=self.g.body(genre, section.name),
            status=status,
            publish_at=publish_at,
            # What Article.save() stores; bulk_create does not call it.
            published_at=publish_at or (edition.publish_at if edition else None),
        )
        article.word_count = len(re.sub(r"<[^>]+>|\s+", "", article.body))
        return article, [(a, role) for a, role in credits]

    def index(self, written: list[tuple[Article, list]], chunk_size: int = 250) -> None:
        """The search documents of articles just written, from the copy and credits in
        memory (the same text the site's indexer makes from the database), a chunk at a time."""
        for start in range(0, len(written), chunk_size):
            write_documents(
                [
                    (article.pk, *document_of(article, [(role, a.name) for a, role in people], []))
                    for article, people in written[start : start + chunk_size]
                ]
            )

    @transaction.atomic
    def write_editions(self, plans: list[EditionPlan]) -> None:
        g, r = self.g, self.g.rng
        editions = [
            Edition(
                publication=self.publication,
                date=plan.date,
                number=plan.number,
                status=PublishStatus.PUBLISHED,
                publish_at=g.midnight(plan.date),
            )
            for plan in plans
        ]
        editions = Edition.objects.bulk_create(editions)
        pages = []
        for edition, plan in zip(editions, plans, strict=True):
            editor = r.choice(self.people)[0].name
            for number in range(1, len(plan.per_page) + 1):
                name = PAGE_NAMES[number - 1][0] if number <= len(PAGE_NAMES) else "专版"
                pages.append(Page(edition=edition, number=number, name=name, editor=editor))
        pages = Page.objects.bulk_create(pages)
        self.pages += len(pages)
        pages_by_edition: dict[int, list[Page]] = {}
        for page in pages:
            pages_by_edition.setdefault(page.edition_id, []).append(page)

        rows = []  # (article, credits, page, position on page)
        for edition, plan in zip(editions, plans, strict=True):
            for page, count in zip(pages_by_edition[edition.id], plan.per_page, strict=True):
                section_name = dict(PAGE_NAMES).get(page.name, "综合")
                for position in range(1, count + 1):
                    article, credits = self.article(
                        section=self.sections[section_name], edition=edition
                    )
                    rows.append((article, credits, page, position))
        articles = Article.objects.bulk_create([row[0] for row in rows], batch_size=500)

        credits, placements, corrections = [], [], []
        on_page: dict[int, int] = {}
        for _, _, page, position in rows:
            on_page[page.id] = max(on_page.get(page.id, 0), position)
        for article, (_, people, page, position) in zip(articles, rows, strict=True):
            for index, (author, role) in enumerate(people):
                credits.append(
                    ArticleAuthor(article=article, author=author, role=role, position=index)
                )
            count = on_page[page.id]
            height = round(0.9 / count, 4)
            placements.append(
                Placement(
                    article=article,
                    page=page,
                    position=position,
                    x=0.04,
                    y=round(0.05 + (position - 1) * height, 4),
                    width=0.92,
                    height=height,
                )
            )
            siblings = pages_by_edition[page.edition_id]
            # About one front-page story in three jumps to a later page (下转第N版).
            if page.number == 1 and len(siblings) > 1 and r.random() < 0.35:
                target = r.choice(siblings[1 : min(4, len(siblings))])
                placements.append(
                    Placement(article=article, page=target, position=on_page.get(target.id, 0) + 1)
                )
                on_page[target.id] = on_page.get(target.id, 0) + 1
            if article.status == ArticleStatus.PUBLISHED and r.random() < 0.005:
                corrections.append(
                    Correction(
                        article=article,
                        date=page.edition.date + datetime.timedelta(days=r.randint(1, 5)),
                        text=f"本报{page.edition.date:%-m月%-d日}{page.label}"
                        f"《{article.headline}》一文中，{g.own_sentence()}特此更正。",
                    )
                )
        published = [a for a in articles if a.status == ArticleStatus.PUBLISHED]
        if not corrections and published:
            # Every batch has at least one, so that even a small archive shows corrections.
            corrections.append(
                Correction(
                    article=published[0],
                    date=published[0].edition.date + datetime.timedelta(days=1),
                    text=f"《{published[0].headline}》一文中，{g.own_sentence()}特此更正。",
                )
            )
        ArticleAuthor.objects.bulk_create(credits, batch_size=1000)
        Placement.objects.bulk_create(placements, batch_size=1000)
        Correction.objects.bulk_create(corrections)
        self.index(
            [(article, people) for article, (_, people, _, _) in zip(articles, rows, strict=True)]
        )
        self.articles += len(articles)
        self.bar.update(len(articles))

    @transaction.atomic
    def write_web_only(self, count: int, end_date: datetime.date) -> None:
        """Web-only articles spread over the archive's span; the last few are scheduled
        for the days after ``end_date``."""
        if count <= 0:
            return
        g, r = self.g, self.g.rng
        span = max(1, (self.articles // 30) or 1)
        rows = []
        for index in range(count):
            scheduled = index >= count - min(3, count)
            if scheduled:
                day = end_date + datetime.timedelta(days=index - count + 4)
            else:
                day = end_date - datetime.timedelta(days=r.randint(0, span))
            publish_at = g.midnight(day) + datetime.timedelta(minutes=r.randint(360, 1320))
            section = self.sections[r.choice(WEB_SECTIONS)]
            article, credits = self.article(section=section, edition=None, publish_at=publish_at)
            if scheduled:
                article.status = ArticleStatus.PUBLISHED
            rows.append((article, credits))
        articles = Article.objects.bulk_create([row[0] for row in rows], batch_size=500)
        ArticleAuthor.objects.bulk_create(
            [
                ArticleAuthor(article=article, author=author, role=role, position=index)
                for article, (_, people) in zip(articles, rows, strict=True)
                for index, (author, role) in enumerate(people)
            ],
            batch_size=1000,
        )
        self.index([(article, people) for article, (_, people) in zip(articles, rows, strict=True)])
        self.articles += len(articles)
        self.bar.update(len(articles))
