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
