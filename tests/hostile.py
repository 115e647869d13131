"""A newsroom full of hostile text, and bad rows already in the database: what the XSS,
bad-row and fuzzing tests put every surface through.

``hostile_newsroom()`` files one published edition (2024-05-01, four pages) whose every
text field — the publication's name, pages' names and editors, sections', authors' names and
roles, each article's kicker, title, subtitle, highlights, byline, dateline, source, genre,
body, image captions and credits, corrections — holds vectors from ``xss_corpus.VECTORS``;
each vector goes through every field long enough to hold it.
"""

import datetime
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import escape

from articles.models import (
    Article,
    ArticleAuthor,
    ArticleImage,
    Author,
    Correction,
    Placement,
    Section,
)
from editions.models import Edition, Page, Publication

from .factories import image_bytes
from .xss_corpus import VECTORS, packed

HOSTILE_DATE = datetime.date(2024, 5, 1)
ARTICLES = 24
PAGES = 4
IMAGES = 6


@dataclass
class Newsroom:
    edition: Edition
    pages: list[Page]
    articles: list[Article]
    sections: list[Section]
    authors: list[Author]
    extra: dict = field(default_factory=dict)


def _rotated(offset: int) -> list[str]:
    return VECTORS[offset:] + VECTORS[:offset]


def _one_each(index: int, offset: int = 0, count: int = ARTICLES) -> list[str]:
    """The vectors that fall to article ``index`` (every ``count``-th), rotated by field."""
    return [v for n, v in enumerate(_rotated(offset)) if n % count == index]


def _short(limit: int) -> list[str]:
    return [v for v in VECTORS if len(v) <= limit]


def hostile_newsroom(*, publication_name: bool = True, count: int = ARTICLES) -> Newsroom:
    publication, _ = Publication.objects.get_or_create(
        slug="lyrb", defaults={"name": "辽源日报", "name_latin": "LIAO YUAN RI BAO"}
    )
    if publication_name:
        publication.name = "辽源日报<img src=x onerror=alert('pub')>"
        publication.publisher = "<script>alert('publisher')</script>"
        publication.save()
    edition = Edition.objects.create(
        publication=publication,
        date=HOSTILE_DATE,
        number=9100,
        status="published",
        publish_at=timezone.now() - datetime.timedelta(days=1),
    )
    short50 = _short(50)
    pages = [
        Page.objects.create(
            edition=edition,
            number=n + 1,
            name=short50[n % len(short50)],
            editor=short50[(n + 7) % len(short50)],
        )
        for n in range(PAGES)
    ]
    sections = [
        Section.objects.create(name=f"{n:02d}{short50[(n * 3) % len(short50)]}"[:50])
        for n in range(count)
    ]
    authors = [
        Author.objects.create(name=f"{n:02d}{v}"[:50], role=_short(30)[n % len(_short(30))])
        for n, v in enumerate(short50)
    ]
    articles = []
    for index in range(count):
        mine = _one_each(index, 0, count)
        text = "\n".join(mine)
        article = Article.objects.create(
            edition=edition,
            section=sections[index],
            kicker=packed(_one_each(index, 1, count), 200),
            title=packed(mine, 300),
            subtitle=packed(_one_each(index, 2, count), 300),
            highlights=text,
            byline=packed(_one_each(index, 3, count), 200) if index % 2 else "",
            dateline=packed(_one_each(index, 4, count), 100),
            source=packed(_one_each(index, 5, count), 100),
            genre="消息",  # a choice: the bundle format refuses anything else
            # Raw (the sanitiser's job) and as typed text (escaped, so body_text holds it).
            body="".join(f"<p>{v}</p><p>{escape(v)}</p>" for v in _one_each(index, 6, count)),
            status="published",
            publish_at=timezone.now() - datetime.timedelta(hours=index + 1),
        )
        Placement.objects.create(article=article, page=pages[index % PAGES], position=index + 1)
        for position, author in enumerate(authors[index * 2 : index * 2 + 2], start=1):
            ArticleAuthor.objects.create(
                article=article, author=author, role=_short(30)[index % 5], position=position
            )
        if index < IMAGES:
            ArticleImage.objects.create(
                article=article,
                image=SimpleUploadedFile("p.png", image_bytes("PNG", (40, 30))),
                caption=text,
                credit=packed(_one_each(index, 7, count), 100),
            )
        Correction.objects.create(article=article, text=packed(_one_each(index, 8, count), 500))
        articles.append(article)
    # A web-only article too, beside the edition.
    web = Article.objects.create(
        section=sections[0],
        kicker=VECTORS[0],
        title=packed(_rotated(9), 300),
        highlights="\n".join(_rotated(10)[:10]),
        body="".join(f"<p>{v}</p>" for v in VECTORS),
        status="published",
        publish_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    articles.append(web)
    return Newsroom(edition, pages, articles, sections, authors)


BAD_TIMES = {
    "year 1": datetime.datetime(1, 1, 1, tzinfo=datetime.UTC),
    "year 9999": datetime.datetime(9999, 12, 31, 23, 0, tzinfo=datetime.UTC),
}


def bad_rows(when: datetime.datetime) -> dict:
    """Rows that skipped validation (a raw update, as an old import or SQL would leave):
    an edition dated and published at ``when``, an article of the demo kind and a web-only
    one published at ``when``, a correction dated ``when``."""
    publication = Publication.objects.default() or Publication.objects.create(
        slug="lyrb", name="辽源日报"
    )
    edition = Edition.objects.create(
        publication=publication, date=datetime.date(2024, 6, 1), number=9200, status="published"
    )
    page = Page.objects.create(edition=edition, number=1, name="要闻")
    section = Section.objects.create(name="坏数据")
    in_print = Article.objects.create(
        edition=edition, section=section, title="坏日期稿件", status="published", body="<p>x</p>"
    )
    Placement.objects.create(article=in_print, page=page, position=1)
    author = Author.objects.create(name="坏日期作者")
    ArticleAuthor.objects.create(article=in_print, author=author, position=1)
    web = Article.objects.create(
        section=section, title="坏日期网络稿", status="published", body="<p>y</p>"
    )
    correction = Correction.objects.create(article=web, text="更正")
    Edition.objects.filter(pk=edition.pk).update(date=when.date(), publish_at=when)
    Article.objects.filter(pk__in=[in_print.pk, web.pk]).update(publish_at=when)
    Correction.objects.filter(pk=correction.pk).update(date=when.date())
    return {
        "edition": edition,
        "page": page,
        "section": section,
        "author": author,
        "in_print": in_print,
        "web": web,
    }
