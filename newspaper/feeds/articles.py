"""The article feeds: the latest, a section's, an author's, a page's (版) edition by
edition, a day's paper and one page of it."""

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article, Author, Section
from editions.models import Edition, Page

from ..context_processors import frame
from .base import ArticleFeed, FeedSubject


class LatestArticlesFeed(ArticleFeed):
    def title(self, subject: FeedSubject) -> str:
        return _("%(site)s: latest news") % {"site": subject.site_name}

    def link(self) -> str:
        return reverse("articles:latest")

    def description(self, subject: FeedSubject) -> str:
        return _("The latest articles of %(site)s.") % {"site": subject.site_name}


class SubjectFeed(ArticleFeed):
    """The latest articles of one section or by one author: one feed, parametrised."""

    subject_model: type[Section | Author]
    title_text: str
    description_text: str

    def get_object(self, request, slug) -> FeedSubject:
        subject = get_object_or_404(self.subjects(), slug=slug)
        field = self.subject_model._meta.model_name
        return FeedSubject(publication=frame(request)["publication"], **{field: subject})

    def subjects(self):
        return self.subject_model.objects.all()

    def subject_of(self, subject: FeedSubject) -> Section | Author:
        return subject.section or subject.author

    def names(self, subject: FeedSubject) -> dict[str, str]:
        name = self.subject_of(subject).name
        return {"site": subject.site_name, "section": name, "author": name}

    def scope(self, subject: FeedSubject) -> QuerySet:
        return Article.objects.on_site().public().about(self.subject_of(subject))

    def title(self, subject: FeedSubject) -> str:
        return str(self.title_text) % self.names(subject)

    def link(self, subject: FeedSubject) -> str:
        return self.subject_of(subject).get_absolute_url()

    def description(self, subject: FeedSubject) -> str:
        return str(self.description_text) % self.names(subject)


class SectionFeed(SubjectFeed):
    subject_model = Section
    title_text = gettext_lazy("%(site)s: %(section)s")
    description_text = gettext_lazy("The latest articles in %(section)s.")


class AuthorFeed(SubjectFeed):
    subject_model = Author
    title_text = gettext_lazy("%(site)s: articles by %(author)s")
    description_text = gettext_lazy("The latest articles by %(author)s.")

    def subjects(self):
        # An author credited only on drafts or withdrawn articles has no public feed.
        return Author.objects.public()


def editions_with_page(number: int) -> QuerySet:
    """The ids of the public editions that have a page ``number``, newest first: walking the
    editions by date (an index) and looking each one's page up by (edition, number), never
    every page N of the archive."""
    return (
        Edition.objects.on_site()
        .public()
        .filter(Exists(Page.objects.filter(edition=OuterRef("pk"), number=number)))
        .order_by("-date")
        .values("pk")
    )


class PageNumberFeed(ArticleFeed):
    """第N版 of every edition: subscribe to the front page, or to 第04版 社会, day by day."""

    def get_object(self, request, number) -> FeedSubject:
        page = (
            Page.objects.select_related("edition__publication")
            .filter(edition=Subquery(editions_with_page(number)[:1]), number=number)
            .first()
        )
        if page is None:
            raise Http404("No edition has such a page.")
        return FeedSubject(publication=page.edition.publication, page=page)

    def scope(self, subject: FeedSubject) -> QuerySet:
        """The stories of page N in the latest editions that have one: as many editions as
        the feed has items at most (each such page holds one story or more), so that it
        never gathers and sorts page N of the whole archive."""
        number = subject.page.number
        editions = editions_with_page(number)[: settings.NEWSPAPER_FEED_ITEMS]
        return (
            Article.objects.on_site()
            .public()
            .filter(edition__in=Subquery(editions), placements__page__number=number)
        )

    def ordered(self, articles: QuerySet) -> QuerySet:
        return articles.order_by("-edition__date", "placements__position", "-id")

    def title(self, subject: FeedSubject) -> str:
        return _("%(site)s %(page)s") % {"site": subject.site_name, "page": subject.page.label}

    def link(self, subject: FeedSubject) -> str:
        return subject.page.get_absolute_url()

    def description(self, subject: FeedSubject) -> str:
        return _("The stories of %(page)s, edition by edition, in print order.") % {
            "page": subject.page.label
        }


class EditionFeed(ArticleFeed):
    """One day's paper in print order: today's (the latest public edition) or a date's."""

    in_print_order = True

    def get_object(self, request, date=None) -> FeedSubject:
        editions = Edition.objects.on_site().public().with_masthead_data()
        if date is None:
            edition = editions.order_by("-date").first()
            if edition is None:
                return FeedSubject(publication=frame(request)["publication"])
        else:
            edition = editions.filter(date=date).first()
            if edition is None:
                raise Http404("No edition on that date.")
        return FeedSubject(publication=edition.publication, edition=edition)

    def scope(self, subject: FeedSubject) -> QuerySet:
        if subject.edition is None:
            return Article.objects.on_site().public().none()
        return Article.objects.on_site().public().filter(edition=subject.edition)

    def ordered(self, articles: QuerySet) -> QuerySet:
        return articles.order_by("id")

    def title(self, subject: FeedSubject) -> str:
        if subject.edition is None:
            return _("%(site)s: today's paper") % {"site": subject.site_name}
        return _("%(site)s %(date)s") % {
            "site": subject.site_name,
            "date": subject.edition.gregorian,
        }

    def link(self, subject: FeedSubject) -> str:
        return subject.edition.get_absolute_url() if subject.edition else reverse("home")

    def description(self, subject: FeedSubject) -> str:
        if subject.edition is None:
            return _("Every article of today's paper.")
        return _("Every article of issue %(number)s, %(date)s.") % {
            "number": subject.edition.number,
            "date": subject.edition.gregorian,
        }


class EditionPageFeed(ArticleFeed):
    """One page (版) of one day's paper, in print order."""

    in_print_order = True

    def get_object(self, request, date, number) -> FeedSubject:
        page = (
            Page.objects.on_site()
            .public()
            .select_related("edition__publication")
            .filter(edition__date=date, number=number)
            .first()
        )
        if page is None:
            raise Http404("No such page.")
        return FeedSubject(publication=page.edition.publication, edition=page.edition, page=page)

    def scope(self, subject: FeedSubject) -> QuerySet:
        return Article.objects.on_site().public().filter(placements__page=subject.page)

    def ordered(self, articles: QuerySet) -> QuerySet:
        return articles.order_by("id")

    def items(self, subject: FeedSubject):
        """In print order on this page (a jumped story by its place here, not on page 1)."""
        articles = self.selection(subject).with_detail_data()
        return sorted(articles, key=lambda article: article.print_key(subject.page))

    def title(self, subject: FeedSubject) -> str:
        return _("%(site)s %(date)s %(page)s:%(name)s") % {
            "site": subject.site_name,
            "date": subject.edition.gregorian,
            "page": subject.page.label,
            "name": subject.page.name,
        }

    def link(self, subject: FeedSubject) -> str:
        return subject.page.get_absolute_url()

    def description(self, subject: FeedSubject) -> str:
        return _("Every article of %(page)s, %(date)s.") % {
            "page": subject.page.label,
            "date": subject.edition.gregorian,
        }
