"""An article's revisions in the admin: the history, comparing two, restoring one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from reversion.models import Version

from .. import revisions


class HistoryViews:
    """The article admin's revision views (mixed into ``ArticleAdmin``)."""

    def history_view(self, request, object_id, extra_context=None):
        article = self._article_or_404(request, object_id)
        versions = list(revisions.article_versions(article))
        extra = {
            "versions": versions,
            "can_restore": self.has_change_permission(request, article),
            "compare_url": reverse("admin:articles_article_compare", args=[article.pk]),
        }
        return super().history_view(request, object_id, {**extra, **(extra_context or {})})

    def _version(self, article, version_id) -> Version:
        try:
            return revisions.article_versions(article).get(pk=int(version_id))
        except (TypeError, ValueError, Version.DoesNotExist):
            raise Http404(_("No such revision.")) from None

    def compare_view(self, request, object_id):
        """A readable difference between any two revisions (?a=<id>&b=<id>)."""
        article = self._article_or_404(request, object_id)
        old = self._version(article, request.GET.get("a"))
        new = self._version(article, request.GET.get("b"))
        if old.revision.date_created > new.revision.date_created:
            old, new = new, old
        return TemplateResponse(
            request,
            "admin/articles/article/compare.html",
            self._context(
                request,
                article=article,
                old=old,
                new=new,
                diffs=revisions.compare(old, new),
                title=_("Compare revisions"),
            ),
        )

    def restore_view(self, request, object_id, version_id):
        """Confirm (GET) and restore (POST) an earlier revision, itself a new revision."""
        article = self._article_or_404(request, object_id)
        version = self._version(article, version_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        if request.method == "POST":
            revisions.article_restore(article=article, version=version, user=request.user)
            messages.success(request, _("The earlier revision was restored."))
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        latest = revisions.article_versions(article).first()
        return TemplateResponse(
            request,
            "admin/articles/article/restore.html",
            self._context(
                request,
                article=article,
                version=version,
                diffs=revisions.compare(version, latest) if latest else [],
                title=_("Restore an earlier revision"),
            ),
        )
