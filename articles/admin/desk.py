"""The newsroom desk: the day's paper page by page, my articles, workflow steps, sharing."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from editions.models import Edition

from .. import workflow
from ..models import Article, Placement
from ..previews import preview_url
from .forms import DeskDateForm

TRANSITION_LABELS = {
    "submit": gettext_lazy("Submit for review"),
    "approve": gettext_lazy("Approve"),
    "return": gettext_lazy("Return to the author"),
    "publish": gettext_lazy("Sign off"),
    "withdraw": gettext_lazy("Withdraw"),
    "recall": gettext_lazy("Recall"),
}


def transition_action(name: str, permission: str):
    """A bulk action that applies the workflow step ``name`` to the selected articles."""

    def action(modeladmin, request, queryset):
        modeladmin._bulk(request, queryset, name)

    action.__name__ = f"{name}_selected"
    return admin.action(description=TRANSITION_LABELS[name], permissions=[permission])(action)


class NewsroomDeskViews:
    """The article admin's views for the day's work (mixed into ``ArticleAdmin``)."""

    def transition_view(self, request, object_id, name):
        """POST only: submit, approve, return (with a comment), publish, withdraw."""
        article = self._article_or_404(request, object_id)
        if name not in workflow.TRANSITIONS:
            raise Http404(_("No such step."))
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        if request.method != "POST":
            if name == "return":
                return TemplateResponse(
                    request,
                    "admin/articles/article/return_form.html",
                    self._context(request, article=article, title=_("Return to the author")),
                )
            return HttpResponseRedirect(change_url)
        note = request.POST.get("comment" if name == "return" else "reason", "")
        try:
            workflow.article_transition(name=name, article=article, user=request.user, note=note)
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(change_url)
        messages.success(
            request,
            _("“%(title)s”: %(step)s.") % {"title": article, "step": TRANSITION_LABELS[name]},
        )
        if workflow.can_view(request.user, Article.objects.get(pk=article.pk)):
            return HttpResponseRedirect(change_url)
        return HttpResponseRedirect(reverse("admin:articles_article_changelist"))

    def share_view(self, request, object_id):
        """A signed, expiring preview link for someone without an account."""
        article = self._article_or_404(request, object_id)
        return TemplateResponse(
            request,
            "admin/articles/article/share.html",
            self._context(
                request,
                article=article,
                title=_("Share a preview"),
                url=request.build_absolute_uri(preview_url(article)),
                revoke_url=reverse("admin:articles_article_revoke_previews", args=[article.pk]),
                days=7,
            ),
        )

    def revoke_previews_view(self, request, object_id):
        """POST: end every preview link shared so far (a new one can be shared after)."""
        article = self._article_or_404(request, object_id)
        share = reverse("admin:articles_article_share", args=[article.pk])
        if request.method != "POST":
            return HttpResponseRedirect(share)
        workflow.article_previews_revoke(article=article, user=request.user)
        messages.success(request, _("Every preview link shared before has stopped working."))
        return HttpResponseRedirect(share)

    def _edition_for(self, request) -> Edition | None:
        """The edition of ``?date=``; without one, today's or else the latest; None for a
        date that cannot be read."""
        editions = Edition.objects.select_related("publication")
        form = DeskDateForm(request.GET)
        if not form.is_valid():
            return None
        day = form.cleaned_data["date"]
        if day:
            return editions.filter(date=day).first()
        today = timezone.localdate()
        return editions.filter(date=today).first() or editions.order_by("-date").first()

    def desk_view(self, request):
        """今日版面: an edition page by page, each article with its state; sign-off."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        edition = self._edition_for(request)
        pages = []
        unplaced = []
        if edition is not None:
            articles = {
                a.pk: a
                for a in self.get_queryset(request)
                .filter(edition=edition)
                .select_related("created_by")
            }
            placements = (
                Placement.objects.filter(page__edition=edition, article_id__in=articles)
                .select_related("page")
                .in_print_order()
            )
            by_page = {}
            placed = set()
            for placement in placements:
                by_page.setdefault(placement.page_id, []).append(articles[placement.article_id])
                placed.add(placement.article_id)
            pages = [(page, by_page.get(page.pk, [])) for page in edition.pages.all()]
            unplaced = [a for pk, a in articles.items() if pk not in placed]
        blockers = (
            workflow.edition_sign_off_blockers(edition=edition, user=request.user)
            if edition
            else []
        )
        return TemplateResponse(
            request,
            "admin/articles/article/desk.html",
            self._context(
                request,
                title=_("The day's paper"),
                edition=edition,
                pages=pages,
                unplaced=unplaced,
                blockers=blockers,
                can_sign_off=request.user.has_perm(workflow.PERM_SIGN_OFF),
                recent=Edition.objects.order_by("-date")[:14],
            ),
        )

    def mine_view(self, request):
        """我的稿件: the user's own articles with their states and editors' comments."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        articles = (
            Article.objects.filter(created_by=request.user)
            .select_related("edition", "section")
            .order_by("-updated_at")[:200]
        )
        return TemplateResponse(
            request,
            "admin/articles/article/mine.html",
            self._context(request, title=_("My articles"), articles=articles),
        )

    # --- bulk actions ------------------------------------------------------------------------

    def _bulk(self, request, queryset, name):
        """Apply the workflow step ``name`` to each selected article, each on its own."""
        done, refused = 0, []
        for article in queryset:
            try:
                with transaction.atomic():
                    workflow.article_transition(name=name, article=article, user=request.user)
                done += 1
            except (workflow.WorkflowError, PermissionDenied) as error:
                refused.append(f"“{article.headline}”:{error}")
        if done:
            self.message_user(
                request,
                ngettext("%(count)d article: %(step)s.", "%(count)d articles: %(step)s.", done)
                % {"count": done, "step": TRANSITION_LABELS[name]},
                messages.SUCCESS,
            )
        for message in refused:
            self.message_user(request, message, messages.ERROR)
