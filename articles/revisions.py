"""Reading an article's revisions: snapshots, readable differences, and restoring one."""

import difflib
from dataclasses import dataclass

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from reversion.models import Version

from .models import COPY_FIELDS, Article, ArticleAuthor, AuditAction, Author, Section
from .sanitize import html_to_text
from .search import deferred_indexing
from .services import article_update
from .workflow import audit, can_edit

# What a restore brings back: the copy. Workflow state, times and the print arrangement stay
# as they are now, so restoring an old text never unpublishes or moves anything by itself.
RESTORED_FIELDS = [*COPY_FIELDS, "section_id"]
# What a comparison shows, in this order: the copy, with the credited authors and the
# section beside it and the body last; each labelled with its model field's name.
COMPARED_FIELDS = [
    *(name for name in COPY_FIELDS if name != "body"),
    "authors",
    "section",
    "body",
]
FIELD_LABELS = {name: Article._meta.get_field(name).verbose_name for name in COMPARED_FIELDS}


def article_versions(article: Article):
    """The article's revisions, newest first, with who saved each."""
    return Version.objects.get_for_object(article).select_related("revision__user")


def _credits_in(version: Version) -> list[tuple[int, int, str]]:
    """(position, author id, role) of the credits saved in the same revision."""
    content_type = ContentType.objects.get_for_model(ArticleAuthor)
    rows = []
    for other in version.revision.version_set.filter(content_type=content_type):
        data = other.field_dict
        if data.get("article_id") == version.object_id or str(data.get("article_id")) == str(
            version.object_id
        ):
            rows.append((data["position"], data["author_id"], data["role"]))
    return sorted(rows)


def snapshot(version: Version) -> dict[str, str]:
    """The readable text of each field of the article as that revision saved it."""
    data = version.field_dict
    credits = _credits_in(version)
    names = dict(Author.objects.filter(pk__in=[c[1] for c in credits]).values_list("pk", "name"))
    section = Section.objects.filter(pk=data.get("section_id")).values_list("name", flat=True)
    text = {name: data.get(name, "") for name in COPY_FIELDS}
    text["body"] = html_to_text(text["body"])
    text["authors"] = " ".join(f"{role} {names.get(a, '?')}".strip() for _p, a, role in credits)
    text["section"] = section.first() or ""
    return text


def diff_html(old: str, new: str) -> SafeString:
    """Character-level difference of two texts (Chinese has no spaces to split words on)."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    parts: list[SafeString] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(linebreaksbr(old[i1:i2]))
            continue
        if i2 > i1:
            parts.append(format_html("<del>{}</del>", linebreaksbr(old[i1:i2])))
        if j2 > j1:
            parts.append(format_html("<ins>{}</ins>", linebreaksbr(new[j1:j2])))
    return format_html_join("", "{}", ((part,) for part in parts))


@dataclass(frozen=True)
class FieldDiff:
    name: str
    label: str
    changed: bool
    html: SafeString


def compare(old: Version, new: Version) -> list[FieldDiff]:
    """Field by field, what changed from revision ``old`` to revision ``new``."""
    before, after = snapshot(old), snapshot(new)
    return [
        FieldDiff(
            name=name,
            label=str(FIELD_LABELS[name]),
            changed=before[name] != after[name],
            html=diff_html(before[name], after[name]),
        )
        for name in COMPARED_FIELDS
    ]


def article_restore(*, article: Article, version: Version, user) -> Article:
    """Bring back the copy and credits of an earlier revision, as a new revision."""
    if version.content_type.model_class() is not Article or version.object_id != str(article.pk):
        raise PermissionDenied(_("That revision belongs to another article."))
    with transaction.atomic(), reversion.create_revision(), deferred_indexing():
        current = Article.objects.select_for_update().get(pk=article.pk)
        if not can_edit(user, current):
            raise PermissionDenied(_("You may not change this article."))
        data = version.field_dict
        restored = {field: data.get(field, getattr(current, field)) for field in RESTORED_FIELDS}
        if (
            restored["section_id"]
            and not Section.objects.filter(pk=restored["section_id"]).exists()
        ):
            restored["section_id"] = None
        article_update(article=current, user=user, data=restored, expected_version=None)
        saved = _credits_in(version)
        existing = set(
            Author.objects.filter(pk__in=[a for _p, a, _r in saved]).values_list("pk", flat=True)
        )
        credits = [credit for credit in saved if credit[1] in existing]
        current.credits.all().delete()
        for position, author_id, role in credits:
            ArticleAuthor.objects.create(
                article=current, author_id=author_id, role=role, position=position
            )
        when = timezone.localtime(version.revision.date_created)
        reversion.set_user(user)
        reversion.set_comment(
            _("Restored the revision of %(time)s") % {"time": f"{when:%Y-%m-%d %H:%M}"}
        )
        audit(
            actor=user,
            action=AuditAction.RESTORE,
            target=current,
            message=_("Restored the revision of %(time)s (revision %(id)s)")
            % {"time": f"{when:%Y-%m-%d %H:%M}", "id": version.revision_id},
        )
    return current
