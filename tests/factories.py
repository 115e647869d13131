"""factory_boy factories, with traits for the states the tests need."""

import datetime

import factory
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author, Placement, Section
from editions.models import Edition, Page, Publication


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication
        django_get_or_create = ["slug"]

    slug = "lyrb"
    name = "辽源日报"
    name_latin = "LIAO YUAN RI BAO"
    cn_serial = "CN22-0010"
    email = "jl_lvrb@126.com"
    hotline = "0437-3249118"
    website = "http://www.0437.com"
    sponsor = "中共辽源市委主管主办"
    publisher = "辽源日报社出版"


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    publication = factory.SubFactory(PublicationFactory)
    date = factory.Sequence(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(days=n))
    number = factory.Sequence(lambda n: 8000 + n)
    status = "published"
    publish_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))

    class Params:
        draft = factory.Trait(status="draft")
        scheduled = factory.Trait(
            publish_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(hours=2))
        )


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    edition = factory.SubFactory(EditionFactory)
    number = factory.Sequence(lambda n: n % 99 + 1)
    name = "要闻"


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["name"]

    name = "要闻"


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"记者{n}")
    role = "记者"


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published web-only article; ``page=`` places it in print on that page."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    section = factory.SubFactory(SectionFactory)
    title = factory.Sequence(lambda n: f"新闻标题{n}")
    body = "<p>正文第一段。</p><p>正文第二段。</p>"
    status = "published"
    publish_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))

    class Params:
        draft = factory.Trait(status="draft")
        withdrawn = factory.Trait(status="withdrawn")
        scheduled = factory.Trait(
            publish_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(hours=2))
        )

    @factory.post_generation
    def page(self, create, page, **kwargs):
        """``ArticleFactory(page=p)`` files the article in p's edition and places it there."""
        if not create or page is None:
            return
        self.edition = page.edition
        self.save()
        Placement.objects.create(article=self, page=page, position=kwargs.get("position", 1))

    @factory.post_generation
    def with_author(self, create, name, **kwargs):
        if not create or not name:
            return
        author = AuthorFactory(name=name)
        ArticleAuthor.objects.create(article=self, author=author, role="记者", position=1)


def pdf_bytes(*, pages: int = 1, width: int = 842, height: int = 1191, catalog: str = "") -> bytes:
    """A small valid PDF of ``pages`` pages, each with a black box in its top left quarter.

    ``catalog`` adds entries to the document catalog (an /OpenAction, say).
    """
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages))
    objects = [
        f"<< /Type /Catalog /Pages 2 0 R {catalog}>>".encode(),
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
    ]
    box = f"0 g {width // 8} {height * 5 // 8} {width // 4} {height // 4} re f".encode()
    for i in range(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] "
            f"/Contents {4 + 2 * i} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(box), box))
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def image_bytes(
    fmt: str = "PNG", size: tuple[int, int] = (300, 420), color="white", mode: str = "RGB"
) -> bytes:
    """An image file in ``fmt`` (PNG, JPEG, WEBP, GIF); ``mode="1"`` (one bit a pixel) makes
    a huge picture in a fraction of the time."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, fmt)
    return buffer.getvalue()
