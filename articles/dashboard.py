"""The admin index as the desk: what each person may act on tonight, on one screen."""

import datetime

from django.db.models import Count
from django.utils import timezone

from editions.models import Edition

from . import workflow
from .models import Article, ArticleStatus, AuditAction, AuditEntry

LIST_LENGTH = 8


def current_edition() -> Edition | None:
    """Tonight's edition: the newest not yet signed off, else today's, else the latest."""
    editions = Edition.objects.select_related("publication")
    return (
        editions.not_signed_off().order_by("-date").first()
        or editions.filter(date=timezone.localdate()).first()
        or editions.order_by("-date").first()
    )


def dashboard_for(user) -> dict:
    """What the dashboard shows ``user``: only what their role may act on."""
    reviewer = workflow.is_reviewer(user)
    edition = current_edition() if user.has_perm("editions.view_edition") else None
    data = {
        "edition": edition,
        "reviewer": reviewer,
        "can_sign_off": user.has_perm(workflow.PERM_SIGN_OFF),
        "can_add_edition": user.has_perm("editions.add_edition"),
        "can_add_article": user.has_perm("articles.add_article"),
    }
    if edition is not None:
        data["blockers"] = workflow.edition_sign_off_blockers(edition=edition)
        data["status_counts"] = {
            row["status"]: row["n"]
            for row in Article.objects.filter(edition=edition)
            .values("status")
            .annotate(n=Count("pk"))
        }
    mine = Article.objects.filter(created_by=user).select_related("edition")
    data["mine"] = list(mine.order_by("-updated_at")[:LIST_LENGTH])
    data["my_returned"] = list(
        mine.in_status(ArticleStatus.RETURNED).order_by("-updated_at")[:LIST_LENGTH]
    )
    if reviewer:
        waiting = Article.objects.in_status(ArticleStatus.SUBMITTED)
        data["waiting_count"] = waiting.count()
        data["waiting"] = list(
            waiting.select_related("edition", "created_by").order_by("updated_at")[:LIST_LENGTH]
        )
        now = timezone.now()
        data["scheduled_count"] = Article.objects.scheduled(now).count()
        data["recent_returns"] = list(
            AuditEntry.objects.filter(
                action=AuditAction.RETURN,
                timestamp__gte=now - datetime.timedelta(days=2),
            )
            .select_related("actor")
            .order_by("-timestamp")[:LIST_LENGTH]
        )
    return data
