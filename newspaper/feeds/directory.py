"""Every feed, for feed readers (OPML) and for people (订阅)."""

from dataclasses import dataclass

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from articles.models import Article, Author, Section
from editions.models import Edition, Publication


@dataclass(frozen=True)
class FeedLink:
    """One feed subject: its title, the page it follows, and its address in each format."""

    title: str
    html: str
    route: str
    kwargs: tuple = ()

    def url(self, fmt: str = "rss") -> str:
        name = self.route if fmt == "rss" else f"{self.route}-{fmt}"
        return reverse(name, kwargs=dict(self.kwargs))

    @property
    def rss(self) -> str:
        return self.url("rss")

    @property
    def atom(self) -> str:
        return self.url("atom")

    @property
    def json(self) -> str:
        return self.url("json")


def feed_directory() -> dict:
    """Every feed's subject, grouped: the paper, the pages of the latest edition (each one
    followed edition by edition), the sections and the authors with public articles. Four
    queries."""
    edition = Edition.objects.on_site().public().with_masthead_data().order_by("-date").first()
    pages = list(edition.pages.order_by("number")) if edition else []
    authors = Author.objects.filter(
        pk__in=Article.objects.on_site().public().values("authors")
    ).order_by("name")
    groups = [
        (
            _("The paper"),
            [
                FeedLink(_("Latest news"), reverse("articles:latest"), "feeds:latest"),
                FeedLink(_("Today's paper"), reverse("home"), "feeds:today"),
            ],
        ),
        (
            pgettext("feeds", "Pages, edition by edition"),
            [
                FeedLink(
                    page.title,
                    page.get_absolute_url(),
                    "feeds:page",
                    (("number", page.number),),
                )
                for page in pages
            ],
        ),
        (
            pgettext("feeds", "Sections"),
            [
                FeedLink(s.name, s.get_absolute_url(), "feeds:section", (("slug", s.slug),))
                for s in Section.objects.all()
            ],
        ),
        (
            pgettext("feeds", "Authors"),
            [
                FeedLink(a.name, a.get_absolute_url(), "feeds:author", (("slug", a.slug),))
                for a in authors
            ],
        ),
    ]
    publication = edition.publication if edition else Publication.objects.default()
    return {
        "publication": publication,
        "site_name": publication.name if publication else _("Newspaper"),
        "edition": edition,
        "groups": [(label, links) for label, links in groups if links],
    }


def opml(request):
    """An OPML 2.0 list of every feed (RSS), to subscribe to all at once."""
    context = feed_directory()
    context.update(
        title=_("%(site)s: all feeds") % {"site": context["site_name"]},
        created=timezone.now(),
    )
    return TemplateResponse(
        request, "feeds/feeds.opml", context, content_type="text/x-opml; charset=utf-8"
    )


def directory(request):
    """订阅: every feed, for people, in each format."""
    return TemplateResponse(request, "feeds/directory.html", feed_directory())
