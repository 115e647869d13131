"""The page plan's views (版面编排): the plan of an edition, its arrangement posted back as
JSON, and 审核通过 from the plan. What they read and write is ``articles.planning``."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from editions.models import Edition

from .. import workflow
from ..models import Article, ArticleStatus
from ..planning import (
    PlanError,
    PlanStale,
    can_arrange,
    edition_placements_arrange,
    plan_pages,
    plan_token,
)


def urls(modeladmin) -> list:
    """The plan's URLs, for ArticleAdmin.get_urls."""
    wrap = modeladmin.admin_site.admin_view
    return [
        path(
            "editions/<int:edition_id>/plan/",
            wrap(lambda request, edition_id: plan_view(modeladmin, request, edition_id)),
            name="articles_article_plan",
        ),
        path(
            "editions/<int:edition_id>/plan/arrange/",
            wrap(
                require_POST(
                    lambda request, edition_id: arrange_view(modeladmin, request, edition_id)
                )
            ),
            name="articles_article_plan_arrange",
        ),
        path(
            "editions/<int:edition_id>/plan/approve/<int:article_id>/",
            wrap(
                require_POST(
                    lambda request, edition_id, article_id: approve_view(
                        modeladmin, request, edition_id, article_id
                    )
                )
            ),
            name="articles_article_plan_approve",
        ),
    ]


def plan_view(modeladmin, request, edition_id: int):
    """GET: the page plan of one edition."""
    if not workflow.is_reviewer(request.user):
        raise PermissionDenied
    edition = get_object_or_404(Edition.objects.select_related("publication"), pk=edition_id)
    columns, tray = plan_pages(edition=edition)
    return TemplateResponse(
        request,
        "admin/articles/article/plan.html",
        {
            **modeladmin.admin_site.each_context(request),
            "opts": modeladmin.model._meta,
            "title": _("Page plan"),
            "edition": edition,
            "columns": columns,
            "tray": tray,
            "plan_config": {
                "token": plan_token(edition=edition),
                "arrangeUrl": reverse("admin:articles_article_plan_arrange", args=[edition.pk]),
                "canArrange": can_arrange(request.user),
                "messages": {
                    "picked": _("Picked up: %(title)s. Arrow keys move it, Space puts it down."),
                    "moved": _("%(title)s: %(page)s, number %(position)s."),
                    "dropped": _("Put down: %(title)s, %(page)s, number %(position)s."),
                    "cancelled": _("Move cancelled."),
                    "saving": _("Saving…"),
                    "failed": _("Not saved: the server did not answer."),
                },
            },
            "can_arrange": can_arrange(request.user),
            "can_approve": request.user.has_perm(workflow.PERM_REVIEW),
            "submitted": ArticleStatus.SUBMITTED,
            "desk_url": reverse("admin:articles_article_desk") + f"?date={edition.date:%Y-%m-%d}",
        },
    )


def _layout_from(body: bytes) -> tuple[dict[int, list[int]], str]:
    if len(body) > 200_000:
        raise PlanError(_("The plan sent is too large."))
    try:
        data = json.loads(body)
        token = str(data["token"])[:64]
        layout = {
            int(page_id): [int(article_id) for article_id in article_ids]
            for page_id, article_ids in dict(data["pages"]).items()
        }
    except (ValueError, TypeError, KeyError):
        raise PlanError(_("The plan sent could not be read.")) from None
    return layout, token


def arrange_view(modeladmin, request, edition_id: int):
    """POST JSON {token, pages: {page id: [article ids]}}: write the arrangement."""
    edition = get_object_or_404(Edition, pk=edition_id)
    try:
        layout, token = _layout_from(request.body)
        new_token = edition_placements_arrange(
            edition=edition, user=request.user, layout=layout, token=token
        )
    except PermissionDenied as error:
        return JsonResponse({"error": str(error)}, status=403)
    except PlanStale as error:
        return JsonResponse({"error": str(error)}, status=409)
    except PlanError as error:
        return JsonResponse({"error": str(error)}, status=400)
    columns, _tray = plan_pages(edition=edition)
    return JsonResponse(
        {
            "token": new_token,
            "totals": {str(c["page"].pk): c["total"] for c in columns},
            "message": _("Saved."),
        }
    )


def approve_view(modeladmin, request, edition_id: int, article_id: int):
    """POST: approve (审核通过) a submitted article of the edition, back to the plan."""
    article = get_object_or_404(Article, pk=article_id, edition_id=edition_id)
    try:
        workflow.article_approve(article=article, user=request.user)
    except (workflow.WorkflowError, PermissionDenied) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("“%(title)s” is approved.") % {"title": article.headline})
    return HttpResponseRedirect(reverse("admin:articles_article_plan", args=[edition_id]))
