"""Previews: staff see any item exactly as readers will; signed links share it with others.

Never cached, never indexed: every response is marked ``no-cache`` and ``noindex``.
"""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from articles import workflow
from articles.models import Article
from articles.previews import read_token
from articles.views import ArticleDetailView
from editions.models import Edition

from .views import PageDetailView


def noindex(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


class ArticlePreviewView(ArticleDetailView):
    """The article page, for an article in any state."""

    def get_queryset(self):
        return Article.objects.with_detail_data()

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=True, **kwargs)

    def get(self, request, *args, **kwargs):
        return noindex(super().get(request, *args, **kwargs))


@method_decorator([never_cache, staff_member_required], name="dispatch")
class StaffArticlePreviewView(ArticlePreviewView):
    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        if not workflow.can_view(self.request.user, article):
            raise Http404("Not yours to preview.")
        return article


class PagePreviewView(PageDetailView):
    """A page of any edition, with the articles that will be on it once signed off."""

    preview = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = True
        return context

    def editions_for(self, date):
        return Edition.objects.previewable().filter(date=date)

    def get(self, request, *args, **kwargs):
        return noindex(super().get(request, *args, **kwargs))


@method_decorator([never_cache, staff_member_required], name="dispatch")
class StaffPagePreviewView(PagePreviewView):
    """A page preview follows the admin's role rules: editors and chiefs see every story
    about to run, a reporter only their own, staff with no newsroom role nothing."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("articles.view_article"):
            raise Http404("No newsroom role.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if not workflow.is_reviewer(user):
            context["items"] = [
                item for item in context.get("items", []) if workflow.can_view(user, item.article)
            ]
        return context


@never_cache
def shared_preview(request, token):
    """A signed link: the article it names, or 404 if tampered with or expired."""
    payload = read_token(token)
    if payload is None:
        raise Http404("This preview link is invalid or has expired.")
    kind, pk, version = payload
    if kind == "article":
        # A revoked link (an older version) and a withdrawn article show nothing.
        shareable = Article.objects.shareable().filter(pk=pk, preview_version=version)
        if not shareable.exists():
            raise Http404("This preview link has been revoked.")
        return ArticlePreviewView.as_view()(request, pk=pk)
    raise Http404("Unknown preview.")
