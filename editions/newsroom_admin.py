"""The edition admin at deadline: 新建下一期 in one step, and forms that fill themselves in.

``NextEditionAdminMixin`` goes first among EditionAdmin's bases, ``PageNumberAdminMixin``
among PageAdmin's.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import Edition, Publication
from .services import edition_create_next


class NextEditionAdminMixin:
    change_list_template = "admin/editions/edition/change_list.html"
    # Links from an edition to its desk and its page plan.
    change_form_template = "admin/editions/edition/change_form.html"

    @property
    def media(self):
        return super().media + forms.Media(js=["editions/admin/page-numbers.js"])

    def get_urls(self):
        return [
            path(
                "next/",
                self.admin_site.admin_view(require_POST(self.next_edition_view)),
                name="editions_edition_next",
            ),
        ] + super().get_urls()

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        publications = list(Publication.objects.values_list("pk", flat=True)[:2])
        if len(publications) == 1:
            initial.setdefault("publication", publications[0])
        return initial

    def changelist_view(self, request, extra_context=None):
        extra = {"publications": Publication.objects.order_by("name")}
        return super().changelist_view(request, {**extra, **(extra_context or {})})

    def next_edition_view(self, request):
        """POST (publication=<id>, optional when there is one): create the next edition."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        publications = Publication.objects.all()
        raw = request.POST.get("publication", "")
        if raw.isdigit():
            publication = publications.filter(pk=int(raw)).first()
        else:
            candidates = list(publications[:2])
            publication = candidates[0] if len(candidates) == 1 else None
        back = request.POST.get("next", "")
        changelist = reverse("admin:editions_edition_changelist")
        if publication is None:
            messages.error(request, _("Choose the newspaper."))
            return HttpResponseRedirect(changelist)
        try:
            edition = edition_create_next(publication=publication)
        except ValueError:
            messages.error(
                request, _("%(name)s has no edition yet to follow.") % {"name": publication}
            )
            return HttpResponseRedirect(changelist)
        messages.success(
            request,
            _("%(edition)s is created with %(count)d pages.")
            % {"edition": edition, "count": edition.pages.count()},
        )
        if back == "desk":
            return HttpResponseRedirect(
                reverse("admin:articles_article_desk") + f"?date={edition.date:%Y-%m-%d}"
            )
        return HttpResponseRedirect(reverse("admin:editions_edition_change", args=[edition.pk]))


class PageNumberAdminMixin:
    """A page added by hand starts with the next free number of its edition."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        edition_id = str(initial.get("edition") or "")
        if edition_id.isdigit() and "number" not in initial:
            highest = Edition.objects.filter(pk=int(edition_id)).aggregate(n=Max("pages__number"))
            initial["number"] = (highest["n"] or 0) + 1
        return initial
