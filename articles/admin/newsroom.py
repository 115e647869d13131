"""The newsroom at deadline: what the article admin adds so that no work is lost.

``NewsroomArticleAdminMixin`` goes first among ArticleAdmin's bases. It adds:

- autosave endpoints (the change form's script posts the text while it is typed) and the
  offer of autosaved text when an article is opened again;
- workflow buttons that save unsaved edits first: the form is posted with
  ``_then_transition``, saved through the usual stale-save check, then the step is taken;
- the duplicate-title check (articles.titles), the page plan (``plan.py``) and the
  sign-off confirmation (``editions.py``).
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from editions.models import Edition

from .. import workflow
from ..autosave import (
    AutosaveError,
    article_autosave,
    article_autosave_discard,
    autosave_offer,
)
from ..models import Article
from ..titles import duplicate_titles
from . import plan

# The admin index is the desk (articles.dashboard): each role sees what it may act on.
# Set here, on import: the package's __init__ imports this module through articles.py.
admin.site.index_template = "admin/newsroom_index.html"


class NewsroomArticleAdminMixin:
    """Autosave, save-before-a-step, title check, page plan and sign-off confirmation."""

    @property
    def media(self):
        # newsroom.css and a11y.js come with every admin page (templates/admin/base_site.html).
        return super().media + forms.Media(js=["articles/admin/article-form.js"])

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "autosave/new/",
                wrap(require_POST(self.autosave_view)),
                name="articles_article_autosave_new",
            ),
            path(
                "<int:object_id>/autosave/",
                wrap(require_POST(self.autosave_view)),
                name="articles_article_autosave",
            ),
            path(
                "title-check/",
                wrap(self.title_check_view),
                name="articles_article_title_check",
            ),
            path(
                "editions/<int:edition_id>/sign-off/confirm/",
                wrap(self.sign_off_confirm_view),
                name="articles_article_sign_off_confirm",
            ),
            *plan.urls(self),
        ] + super().get_urls()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "expected_version" in form.base_fields:
            form.base_fields["expected_version"].label = gettext_lazy("version opened")
        return form

    # --- lists ---------------------------------------------------------------------------

    def get_list_display(self, request):
        """People by their names, not their login names."""
        return [
            "created_by_name" if name == "created_by" else name
            for name in super().get_list_display(request)
        ]

    @admin.display(description=gettext_lazy("created by"), ordering="created_by__first_name")
    def created_by_name(self, obj):
        user = obj.created_by
        return (user.get_full_name() or user.get_username()) if user else "—"

    # --- autosave -----------------------------------------------------------------------

    def _autosave_article(self, request, object_id) -> Article | None:
        if object_id is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            return None
        article = Article.objects.filter(pk=object_id).first()
        if article is None:
            raise Http404(_("No such article."))
        if not workflow.can_edit(request.user, article):
            raise PermissionDenied
        return article

    def autosave_view(self, request, object_id=None):
        """POST the form's text fields: kept as the user's autosave (``discard=1`` forgets it)."""
        article = self._autosave_article(request, object_id)
        if request.POST.get("discard"):
            article_autosave_discard(user=request.user, article=article)
            return JsonResponse({"discarded": True})
        try:
            base_version = int(request.POST.get("base_version") or 0)
        except ValueError:
            return JsonResponse({"error": _("A bad version number.")}, status=400)
        try:
            autosave = article_autosave(
                user=request.user, article=article, data=request.POST, base_version=base_version
            )
        except AutosaveError as error:
            return JsonResponse({"error": str(error)}, status=400)
        saved_at = date_format(timezone.localtime(autosave.updated_at), "H:i:s")
        return JsonResponse({"saved_at": saved_at})

    def title_check_view(self, request):
        """GET ?title=&edition=&exclude=: articles of the same or previous edition with it."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return JsonResponse({"matches": duplicate_titles_json(request)})

    # --- the change form ------------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        editable = obj is None or self.has_change_permission(request, obj)
        if editable:
            offer = autosave_offer(user=request.user, article=obj)
            autosave_url = (
                reverse("admin:articles_article_autosave", args=[obj.pk])
                if obj is not None
                else reverse("admin:articles_article_autosave_new")
            )
            context.update(
                newsroom_form={
                    "autosaveUrl": autosave_url,
                    "titleCheckUrl": reverse("admin:articles_article_title_check"),
                    "articleId": obj.pk if obj is not None else None,
                    "version": obj.version if obj is not None else 0,
                    "offer": offer.data if offer else None,
                    "offerTime": (
                        date_format(timezone.localtime(offer.updated_at), "Y-m-d H:i:s")
                        if offer
                        else ""
                    ),
                    "autosaveSeconds": getattr(settings, "NEWSROOM_AUTOSAVE_SECONDS", 10),
                    "saveAndSubmit": (
                        request.user.has_perm(workflow.PERM_SUBMIT)
                        if obj is None
                        else "submit" in workflow.allowed_transitions(request.user, obj)
                    ),
                    "offerStale": bool(offer and obj and offer.base_version < obj.version),
                    "messages": {
                        "autosaved": _("Autosaved at"),
                        "autosaveFailed": _("Autosave failed."),
                        "restored": _("The autosaved text is back in the form; save to keep it."),
                    },
                },
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_changeform_initial_data(self, request):
        """A new article goes into the edition being made: the newest not yet signed off."""
        initial = super().get_changeform_initial_data(request)
        if "edition" not in initial:
            upcoming = (
                Edition.objects.not_signed_off()
                .order_by("-date")
                .values_list("pk", flat=True)
                .first()
            )
            if upcoming is not None:
                initial["edition"] = upcoming
        return initial

    def save_related(self, request, form, formsets, change):
        # After the article's save (through ``services.article_update``, stale check and
        # all): the autosaved text is in it now.
        super().save_related(request, form, formsets, change)
        article_autosave_discard(user=request.user, article=form.instance)
        if not change:
            article_autosave_discard(user=request.user, article=None)

    def response_add(self, request, obj, post_url_continue=None):
        if request.POST.get("_then_transition"):
            return self._step_after_save(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if request.POST.get("_then_transition"):
            return self._step_after_save(request, obj)
        return super().response_change(request, obj)

    def _step_after_save(self, request, obj):
        """The form was saved (stale check passed); now take the workflow step asked for."""
        name = request.POST.get("_then_transition", "")
        change_url = reverse("admin:articles_article_change", args=[obj.pk])
        if name not in workflow.allowed_transitions(request.user, obj):
            messages.warning(request, _("Your changes were saved; that step cannot be taken now."))
            return HttpResponseRedirect(change_url)
        if name == "return":
            # Returning needs a comment: the edits are saved, the comment form comes next.
            messages.success(request, _("Your changes were saved."))
            return HttpResponseRedirect(
                reverse("admin:articles_article_transition", args=[obj.pk, name])
            )
        try:
            article = workflow.article_transition(name=name, article=obj, user=request.user)
        except (workflow.WorkflowError, PermissionDenied) as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(change_url)
        messages.success(
            request,
            _("“%(title)s”: your changes were saved; it is now %(status)s.")
            % {"title": article.headline, "status": article.get_status_display()},
        )
        if workflow.can_view(request.user, article):
            return HttpResponseRedirect(change_url)
        return HttpResponseRedirect(reverse("admin:articles_article_changelist"))


def duplicate_titles_json(request) -> list[dict]:
    """The title check's answer for ?title=&edition=&exclude=; bad numbers are ignored."""

    def number(name):
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() and len(value) < 12 else None

    edition_pk = number("edition")
    edition = Edition.objects.filter(pk=edition_pk).first() if edition_pk else None
    found = duplicate_titles(
        title=request.GET.get("title", "")[:1000], edition=edition, exclude_pk=number("exclude")
    )
    # A reporter is told of a colleague's headline too, without a link to an article they
    # may not open.
    return [
        {
            "title": a.headline,
            "edition": f"{a.edition.date:%Y-%m-%d}" if a.edition_id else _("web only"),
            "url": (
                reverse("admin:articles_article_change", args=[a.pk])
                if workflow.can_view(request.user, a)
                else ""
            ),
        }
        for a in found
    ]
