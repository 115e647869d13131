"""Autosaved drafts: what an editor was typing, kept until they save the article.

The change form's script (static/articles/admin/article-form.js) posts the text fields
every few seconds while they change; a closed tab or a crash then loses at most those few
seconds. An autosave is not a revision: the article's history keeps deliberate saves only.
"""

import re

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Article, ArticleAutosave
from .sanitize import sanitize_html

# The fields of the article form that are autosaved, with the longest text each may hold.
AUTOSAVED_FIELDS: dict[str, int] = {
    "kicker": 200,
    "title": 300,
    "subtitle": 300,
    "highlights": 5_000,
    "byline": 200,
    "dateline": 100,
    "source": 100,
    "body": 500_000,
}
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class AutosaveError(ValueError):
    """Autosaved text that is too long or otherwise unfit to keep."""


def clean_autosave_data(raw: dict) -> dict[str, str]:
    """The autosaved fields of ``raw``: known names only, control characters stripped,
    each within its length limit, the body sanitised like the article's own."""
    data = {}
    for name, limit in AUTOSAVED_FIELDS.items():
        value = raw.get(name)
        if value is None:
            continue
        value = CONTROL_CHARACTERS.sub("", str(value))
        if len(value) > limit:
            raise AutosaveError(
                _("%(field)s is longer than %(limit)d characters.")
                % {"field": name, "limit": limit}
            )
        data[name] = sanitize_html(value) if name == "body" else value
    return data


@transaction.atomic
def article_autosave(
    *, user, article: Article | None, data: dict, base_version: int = 0
) -> ArticleAutosave:
    """Keep ``user``'s unsaved text of ``article`` (None: an article not yet saved)."""
    cleaned = clean_autosave_data(data)
    autosave, _created = ArticleAutosave.objects.select_for_update().update_or_create(
        article=article,
        user=user,
        defaults={"data": cleaned, "base_version": max(0, int(base_version))},
    )
    return autosave


def article_autosave_discard(*, user, article: Article | None) -> None:
    """Forget ``user``'s autosaved text of ``article`` (after a save, or when declined)."""
    ArticleAutosave.objects.filter(article=article, user=user).delete()


def autosave_offer(*, user, article: Article | None) -> ArticleAutosave | None:
    """The autosave to offer when ``user`` opens ``article``: only one whose text differs
    from what is saved."""
    autosave = ArticleAutosave.objects.filter(article=article, user=user).first()
    if autosave is None:
        return None
    if article is not None and all(
        getattr(article, name) == value for name, value in autosave.data.items()
    ):
        autosave.delete()
        return None
    if article is None and not any(value.strip() for value in autosave.data.values()):
        return None
    return autosave
