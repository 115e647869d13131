"""Editions in the newsroom admin: signing one off (签发本期), after a confirmation that
shows what it will publish, what is scheduled, and the edition admin whose publish time
only the duty chief editor may move."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from editions.admin import EditionAdmin
from editions.models import Edition

from .. import workflow
from ..models import Article, ArticleStatus, print_prefetches
from .forms import SignOffForm


class EditionViews:
    """The article admin's edition views (mixed into ``ArticleAdmin``)."""

    def sign_off_view(self, request, edition_id):
        """POST: the duty chief editor signs off the whole edition (签发本期)."""
        edition = get_object_or_404(Edition, pk=edition_id)
        desk = reverse("admin:articles_article_desk") + f"?date={edition.date.isoformat()}"
        if request.method != "POST":
            return HttpResponseRedirect(desk)
        form = SignOffForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return HttpResponseRedirect(desk)
        publish_at = form.cleaned_data["publish_at"]
        try:
            workflow.edition_sign_off(edition=edition, user=request.user, publish_at=publish_at)
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(edition)s is signed off.") % {"edition": edition})
        return HttpResponseRedirect(desk)

    def sign_off_confirm_view(self, request, edition_id):
        """GET: what 签发本期 will publish, page by page, and when; the button that does it."""
        if not request.user.has_perm(workflow.PERM_SIGN_OFF):
            raise PermissionDenied
        edition = get_object_or_404(Edition.objects.select_related("publication"), pk=edition_id)
        publish_at = request.GET.get("publish_at", "").strip()[:40]
        articles = (
            Article.objects.filter(edition=edition)
            .in_status(ArticleStatus.APPROVED)
            .prefetch_related(*print_prefetches())
        )
        goes_live = publish_at or f"{timezone.localtime(edition.publish_at):%Y-%m-%d %H:%M}"
        return TemplateResponse(
            request,
            "admin/articles/article/sign_off_confirm.html",
            self._context(
                request,
                title=_("Sign off this edition?"),
                edition=edition,
                articles=sorted(articles, key=lambda article: article.print_key()),
                blockers=workflow.edition_sign_off_blockers(edition=edition),
                publish_at=publish_at,
                goes_live=goes_live,
                desk_url=reverse("admin:articles_article_desk") + f"?date={edition.date:%Y-%m-%d}",
            ),
        )

    def scheduled_view(self, request):
        """定时发布: what is signed off but not yet live, and when it goes live."""
        if not request.user.has_perm(workflow.PERM_REVIEW):
            raise PermissionDenied
        now = timezone.now()
        articles = Article.objects.scheduled(now).select_related("edition").order_by("published_at")
        editions = Edition.objects.scheduled(now).order_by("publish_at")
        return TemplateResponse(
            request,
            "admin/articles/article/scheduled.html",
            self._context(
                request, title=_("Scheduled"), articles=articles, editions=editions, now=now
            ),
        )


admin.site.unregister(Edition)


@admin.register(Edition)
class NewsroomEditionAdmin(EditionAdmin):
    """The editions app's admin, with the publish time moved only through the service.

    Moving an edition's publish time moves the whole paper, so once an edition exists only
    the duty chief editor may change it (``workflow.edition_reschedule``); for everyone else
    the field is read-only, and a crafted POST carrying it is ignored.
    """

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not request.user.has_perm(workflow.PERM_SIGN_OFF):
            readonly.append("publish_at")
        return readonly

    def save_model(self, request, obj, form, change):
        if not (change and "publish_at" in form.changed_data):
            super().save_model(request, obj, form, change)
            return
        wanted = obj.publish_at
        obj.publish_at = Edition.objects.values_list("publish_at", flat=True).get(pk=obj.pk)
        super().save_model(request, obj, form, change)
        workflow.edition_reschedule(edition=obj, user=request.user, publish_at=wanted)
        obj.publish_at = wanted
