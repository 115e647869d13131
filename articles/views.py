"""Public article views: one article, and paginated lists by section, author and date."""

from django.conf import settings
from django.db.models import JSONField, Q, Subquery
from django.db.models.functions import JSONObject
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from .models import Article, Author, Correction, Section
from .pagination import BoundedPaginator
from .printing import edition_reading_order


class ArticleListMixin:
    """Shared by every paginated list: public articles, newest first, listing data prefetched."""

    paginate_by = settings.NEWSPAPER_PAGINATE_BY
    paginator_class = BoundedPaginator
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.on_site().public().latest_first().with_listing_data()


class LatestArticlesView(ArticleListMixin, ListView):
    template_name = "articles/latest.html"


class SubjectArticlesView(ArticleListMixin, ListView):
    """The public articles of one section or by one author: one view, parametrised, with
    one template (``articles/subject.html``) and one feed (``SubjectFeed`` in
    ``newspaper/feeds/articles.py``)."""

    template_name = "articles/subject.html"
    subject_model: type[Section | Author]
    feed_route: str  # the RSS route; Atom and JSON Feed are ``-atom`` and ``-json``
    subscribe_label: str

    def subjects(self):
        """The sections or authors that have a public page."""
        return self.subject_model.objects.all()

    @cached_property
    def subject(self) -> Section | Author:
        return get_object_or_404(self.subjects(), slug=self.kwargs["slug"])

    def get_queryset(self):
        return super().get_queryset().about(self.subject)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            subject=self.subject,
            feed_route=self.feed_route,
            subscribe_label=self.subscribe_label,
            **{self.subject_model._meta.model_name: self.subject},
            **kwargs,
        )


class SectionArticlesView(SubjectArticlesView):
    subject_model = Section
    feed_route = "feeds:section"
    subscribe_label = _("Subscribe to this section")


class AuthorArticlesView(SubjectArticlesView):
    subject_model = Author
    feed_route = "feeds:author"
    subscribe_label = _("Subscribe to this author")

    def subjects(self):
        # An author credited only on drafts or withdrawn articles has no public page.
        return Author.objects.public()


class CorrectionsView(ListView):
    """更正: every correction to an article readers may see, newest first."""

    template_name = "articles/corrections.html"
    context_object_name = "corrections"
    paginate_by = settings.NEWSPAPER_PAGINATE_BY
    paginator_class = BoundedPaginator

    def get_queryset(self):
        return (
            Correction.objects.filter(article__in=Article.objects.on_site().public())
            .select_related("article__edition")
            .order_by("-date", "-id")
        )


class ArticleDetailView(DetailView):
    """One article, however many pages it runs on in print."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.on_site().public().with_page_data()

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        if hasattr(article, "correction_rows"):  # with_page_data (previews prefetch them)
            article.keep_correction_rows()
        return article

    def get_context_data(self, **kwargs):
        article = self.object
        # Before the context is built: the reading order also brings the article's placements.
        previous_article, next_article = self.neighbours(article)
        context = super().get_context_data(**kwargs)
        canonical_url = self.request.build_absolute_uri(article.get_absolute_url())
        context.update(
            placement=article.first_placement,
            previous_article=previous_article,
            next_article=next_article,
            canonical_url=canonical_url,
        )
        return context

    def neighbours(self, article: Article):
        """上一篇/下一篇: the paper's reading order in print, else by publish time."""
        now = timezone.now()
        if article.edition_id:
            order = edition_reading_order(article.edition_id, now, article=article)
            ids = [article_id for article_id, _ in order]
            if article.pk not in ids:
                return None, None
            index = ids.index(article.pk)
            previous_article = order[index - 1] if index > 0 else None
            next_article = order[index + 1] if index + 1 < len(order) else None
            return previous_article, next_article
        cache = article._prefetched_objects_cache = getattr(
            article, "_prefetched_objects_cache", {}
        )
        cache.setdefault("placements", [])  # web-only: not in print
        web_only = Article.objects.on_site().public().filter(edition__isnull=True)
        published_at = article.effective_publish_at
        if published_at is None:  # an unscheduled draft, seen in a preview
            return None, None
        # The nearest web-only articles before and after it (by time, then id, so that two
        # of the same minute are neither skipped nor shown twice), both in one query, each
        # looked up once as an (id, title) object.
        earlier = web_only.filter(
            Q(published_at__lt=published_at) | Q(published_at=published_at, pk__lt=article.pk)
        ).order_by("-published_at", "-id")
        later = web_only.filter(
            Q(published_at__gt=published_at) | Q(published_at=published_at, pk__gt=article.pk)
        ).order_by("published_at", "id")

        def nearest(articles):
            return Subquery(
                articles.values(found=JSONObject(id="id", title="title"))[:1],
                output_field=JSONField(),
            )

        row = (
            Article.objects.filter(pk=article.pk)
            .values(earlier=nearest(earlier), later=nearest(later))
            .get()
        )
        return tuple(
            (found["id"], found["title"]) if found else None
            for found in (row["earlier"], row["later"])
        )
