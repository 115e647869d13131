"""The newsroom workflow: who may do what to an article or an edition, and doing it.

Every state change is a service here: keyword-only, typed, atomic, checking the user's
permission itself (so a crafted request that skips the admin's buttons is refused just the
same), keeping a revision of the article and writing the audit log.

    draft ──submit──▶ submitted ──approve──▶ approved ──publish/sign off──▶ published
      ▲                  │  │                   │                              │
      └──(edit)── returned ◀┘ └─────return──────┘                        withdraw ▼
                                                                            withdrawn
"""

import datetime

import reversion
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from editions.models import Edition, PublishStatus

from .models import Article, ArticleStatus, AuditAction, AuditEntry, Correction
from .services import article_update

REPORTER, EDITOR, CHIEF = "记者", "编辑", "值班总编"

PERM_SUBMIT = "articles.submit_article"
PERM_REVIEW = "articles.review_article"
PERM_PUBLISH = "articles.publish_article"
PERM_SIGN_OFF = "articles.sign_off_edition"

# States from which an editor (not yet the duty chief) may still change the copy.
UNPUBLISHED = {
    ArticleStatus.DRAFT,
    ArticleStatus.SUBMITTED,
    ArticleStatus.APPROVED,
    ArticleStatus.RETURNED,
}


class WorkflowError(Exception):
    """A transition that the article's or edition's state does not allow."""


def audit(*, actor: AbstractBaseUser | None, action: str, target, message: str = "") -> AuditEntry:
    """Record who did ``action`` to ``target`` (a model instance), and when."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:300],
        message=message,
    )


def _sane(model, field_name: str, value) -> None:
    """Refuse a date or time outside 1900–2100 before anything is written, whoever calls."""
    if value is None:
        return
    try:
        model._meta.get_field(field_name).run_validators(value)
    except ValidationError as error:
        raise WorkflowError(" ".join(error.messages)) from None


def is_reviewer(user) -> bool:
    return user.has_perm(PERM_REVIEW)


def can_edit(user, article: Article) -> bool:
    """May ``user`` change the copy of ``article``? The one rule the admin and services share.

    The duty chief editor may change any article (each change is a revision); an editor any
    article not yet published; a reporter only their own, and only as a draft or returned.
    """
    if not user.is_active or not user.has_perm("articles.change_article"):
        return False
    if user.has_perm(PERM_PUBLISH):
        return True
    if user.has_perm(PERM_REVIEW):
        return article.status in UNPUBLISHED
    return article.created_by_id == user.pk and article.status in {
        ArticleStatus.DRAFT,
        ArticleStatus.RETURNED,
    }


def can_view(user, article: Article) -> bool:
    """Reporters see their own articles in the newsroom; editors and chiefs see all."""
    if not user.is_active or not user.has_perm("articles.view_article"):
        return False
    return is_reviewer(user) or article.created_by_id == user.pk


# Each transition: the states it starts from, where it goes, the permission it needs.
TRANSITIONS: dict[str, tuple[set[str], str, str]] = {
    "submit": ({ArticleStatus.DRAFT, ArticleStatus.RETURNED}, ArticleStatus.SUBMITTED, PERM_SUBMIT),
    "approve": ({ArticleStatus.SUBMITTED}, ArticleStatus.APPROVED, PERM_REVIEW),
    "return": (
        {ArticleStatus.SUBMITTED, ArticleStatus.APPROVED},
        ArticleStatus.RETURNED,
        PERM_REVIEW,
    ),
    "publish": ({ArticleStatus.APPROVED}, ArticleStatus.PUBLISHED, PERM_PUBLISH),
    "withdraw": ({ArticleStatus.PUBLISHED}, ArticleStatus.WITHDRAWN, PERM_PUBLISH),
    # The author takes a submitted article back to change it, before anyone reviewed it.
    "recall": ({ArticleStatus.SUBMITTED}, ArticleStatus.DRAFT, PERM_SUBMIT),
}


def allowed_transitions(user, article: Article) -> list[str]:
    """The transitions ``user`` may apply to ``article`` now, for the admin's buttons."""
    names = []
    for name, (sources, _target, permission) in TRANSITIONS.items():
        if article.status not in sources or not user.has_perm(permission):
            continue
        if name == "submit" and not (is_reviewer(user) or article.created_by_id == user.pk):
            continue
        if name == "recall" and article.created_by_id != user.pk:
            continue
        names.append(name)
    return names


def _check(user, article: Article, name: str) -> None:
    sources, _target, permission = TRANSITIONS[name]
    if not user.is_active or not user.has_perm(permission):
        raise PermissionDenied(_("You may not do that to this article."))
    if name == "submit" and not (is_reviewer(user) or article.created_by_id == user.pk):
        raise PermissionDenied(_("Reporters submit only their own articles."))
    if name == "recall" and article.created_by_id != user.pk:
        raise PermissionDenied(_("Only its author recalls an article."))
    if article.status not in sources:
        raise WorkflowError(
            _("“%(title)s” is %(status)s; that cannot be done now.")
            % {"title": article.headline, "status": article.get_status_display()}
        )


def _locked(article: Article) -> Article:
    """The article's current row, locked until the transaction ends."""
    return Article.objects.select_for_update().get(pk=article.pk)


def _transition(
    *, article: Article, user, name: str, action: str, message: str = "", **changes
) -> Article:
    with transaction.atomic(), reversion.create_revision():
        current = _locked(article)
        _check(user, current, name)
        # Only the workflow's fields: the copy, and so the search document, stay as they are.
        article_update(
            article=current,
            user=user,
            data={"status": TRANSITIONS[name][1], **changes},
            expected_version=None,
        )
        reversion.set_user(user)
        reversion.set_comment(AuditAction(action).label + (f":{message}" if message else ""))
        audit(actor=user, action=action, target=current, message=message)
    return current


def article_submit(*, article: Article, user) -> Article:
    """A reporter hands a draft (or a returned article) to the editors."""
    return _transition(
        article=article, user=user, name="submit", action=AuditAction.SUBMIT, review_note=""
    )


def article_approve(*, article: Article, user) -> Article:
    """An editor passes a submitted article; it goes live when it is signed off."""
    return _transition(article=article, user=user, name="approve", action=AuditAction.APPROVE)


def article_return(*, article: Article, user, comment: str) -> Article:
    """An editor sends an article back to its author with a comment saying why."""
    comment = (comment or "").strip()
    if not comment:
        raise WorkflowError(_("Say why the article is returned."))
    return _transition(
        article=article,
        user=user,
        name="return",
        action=AuditAction.RETURN,
        message=comment,
        review_note=comment,
    )


def article_publish(
    *, article: Article, user, publish_at: datetime.datetime | None = None
) -> Article:
    """The duty chief editor signs off one approved article (签发).

    It goes live at ``publish_at`` if given, else at its own publish time, else with its
    edition, else now for a web-only article.
    """
    _sane(Article, "publish_at", publish_at)
    changes = {}
    if publish_at is not None:
        changes["publish_at"] = publish_at
    return _transition(
        article=article, user=user, name="publish", action=AuditAction.PUBLISH, **changes
    )


def article_withdraw(*, article: Article, user, reason: str = "") -> Article:
    """The duty chief editor takes a published article down (撤稿); every preview link
    shared before ends with it."""
    with transaction.atomic():
        withdrawn = _transition(
            article=article,
            user=user,
            name="withdraw",
            action=AuditAction.WITHDRAW,
            message=(reason or "").strip(),
        )
        Article.objects.filter(pk=withdrawn.pk).update(preview_version=F("preview_version") + 1)
    withdrawn.refresh_from_db(fields=["preview_version"])
    return withdrawn


def article_previews_revoke(*, article: Article, user) -> Article:
    """End every shared preview link of ``article`` (the "revoke" button); a new link can
    be shared afterwards. Anyone who may see the article in the newsroom may do it."""
    if not can_view(user, article):
        raise PermissionDenied(_("You may not do that to this article."))
    with transaction.atomic():
        Article.objects.filter(pk=article.pk).update(preview_version=F("preview_version") + 1)
        audit(
            actor=user,
            action=AuditAction.REVOKE_PREVIEWS,
            target=article,
        )
    article.refresh_from_db(fields=["preview_version"])
    return article


def article_recall(*, article: Article, user) -> Article:
    """The author takes a submitted article back (撤回) before an editor has reviewed it."""
    return _transition(article=article, user=user, name="recall", action=AuditAction.RECALL)


def article_transition(*, name: str, article: Article, user, note: str = "") -> Article:
    """Apply the step ``name`` (a key of TRANSITIONS); ``note`` is a return's comment or a
    withdrawal's reason. The admin's buttons and bulk actions all come through here."""
    if name == "return":
        return article_return(article=article, user=user, comment=note)
    if name == "withdraw":
        return article_withdraw(article=article, user=user, reason=note)
    steps = {
        "submit": article_submit,
        "approve": article_approve,
        "publish": article_publish,
        "recall": article_recall,
    }
    return steps[name](article=article, user=user)


def edition_sign_off_blockers(*, edition: Edition, user=None) -> list[str]:
    """What stops ``edition`` being signed off: empty pages and articles not yet approved.

    Shown to ``user``, an article they may not see in the newsroom (another reporter's
    draft, to a reporter) is counted without its headline."""
    blockers = []
    pages = list(edition.pages.prefetch_related("placements__article"))
    for page in pages:
        live = [p for p in page.placements.all() if p.article.status != ArticleStatus.WITHDRAWN]
        if not live:
            blockers.append(_("%(page)s has no articles.") % {"page": page})
    if not pages:
        blockers.append(_("The edition has no pages."))
    waiting = edition.articles.in_status(
        ArticleStatus.DRAFT, ArticleStatus.SUBMITTED, ArticleStatus.RETURNED
    ).order_by("pk")
    hidden = 0
    for article in waiting:
        if user is not None and not can_view(user, article):
            hidden += 1
            continue
        blockers.append(
            _("“%(title)s” is %(status)s, not approved.")
            % {"title": article.headline, "status": article.get_status_display()}
        )
    if hidden:
        blockers.append(
            ngettext(
                "%(count)d article by someone else is not approved yet.",
                "%(count)d articles by others are not approved yet.",
                hidden,
            )
            % {"count": hidden}
        )
    return blockers


def edition_sign_off(
    *, edition: Edition, user, publish_at: datetime.datetime | None = None
) -> Edition:
    """The duty chief editor signs off a whole edition (签发本期).

    Its approved articles are published together and go live with the edition at its
    publish time (``publish_at`` if given): a future time schedules the whole paper.
    """
    if not user.is_active or not user.has_perm(PERM_SIGN_OFF):
        raise PermissionDenied(_("Only the duty chief editor signs off an edition."))
    _sane(Edition, "publish_at", publish_at)
    with transaction.atomic(), reversion.create_revision():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        blockers = edition_sign_off_blockers(edition=edition)
        if blockers:
            raise WorkflowError(" ".join(blockers))
        approved = list(
            Article.objects.select_for_update()
            .filter(edition=edition)
            .in_status(ArticleStatus.APPROVED)
        )
        for article in approved:
            article_update(
                article=article,
                user=user,
                data={"status": ArticleStatus.PUBLISHED},
                expected_version=None,
            )
            audit(actor=user, action=AuditAction.PUBLISH, target=article, message=str(edition))
        edition.status = PublishStatus.PUBLISHED
        if publish_at is not None:
            edition.publish_at = publish_at
        edition.save()
        reversion.set_user(user)
        reversion.set_comment(_("Edition signed off"))
        audit(
            actor=user,
            action=AuditAction.SIGN_OFF,
            target=edition,
            message=_("%(count)d articles go live at %(time)s.")
            % {
                "count": len(approved),
                "time": timezone.localtime(edition.publish_at).strftime("%Y-%m-%d %H:%M"),
            },
        )
    return edition


def edition_reschedule(*, edition: Edition, user, publish_at: datetime.datetime) -> Edition:
    """Change an edition's publish time: the duty chief editor's call alone, since it moves
    the whole paper (a signed-off edition goes live, or comes down, at the new time)."""
    if not user.is_active or not user.has_perm(PERM_SIGN_OFF):
        raise PermissionDenied(_("Only the duty chief editor changes an edition's publish time."))
    if publish_at is None:
        raise WorkflowError(_("An edition needs a publish time."))
    _sane(Edition, "publish_at", publish_at)
    with transaction.atomic(), reversion.create_revision():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        before = edition.publish_at
        edition.publish_at = publish_at
        edition.save(update_fields=["publish_at", "updated_at"])
        reversion.set_user(user)
        reversion.set_comment(_("Publish time changed"))
        audit(
            actor=user,
            action=AuditAction.RESCHEDULE,
            target=edition,
            message=" → ".join(
                timezone.localtime(t).strftime("%Y-%m-%d %H:%M") for t in (before, publish_at)
            ),
        )
    return edition


def article_correct(*, article: Article, user, text: str, date: datetime.date | None = None):
    """Add a correction (更正) to a published article; feeds then show it as updated."""
    if not user.is_active or not user.has_perm("articles.add_correction"):
        raise PermissionDenied(_("You may not add corrections."))
    text = (text or "").strip()
    if not text:
        raise WorkflowError(_("A correction needs its text."))
    _sane(Correction, "date", date)
    with transaction.atomic():
        current = _locked(article)
        if current.status != ArticleStatus.PUBLISHED:
            raise WorkflowError(_("Only a published article takes corrections."))
        correction = Correction.objects.create(
            article=current, text=text, date=date or timezone.localdate(), created_by=user
        )
        # The article itself changes for readers, so its modified time moves too.
        Article.objects.filter(pk=current.pk).update(updated_at=timezone.now())
        audit(actor=user, action=AuditAction.CORRECT, target=current, message=text)
    return correction
