"""Autosaved drafts: what an editor was typing, kept until they save the article.

The change form's script (static/articles/admin/article-form.js) posts the text fields
every few seconds while they change; a closed tab or a crash then loses at most those few
seconds. An autosave is not a revision: the article's history keeps deliberate saves only.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from editions.cleaning import strip_control_characters

from .models import COPY_FIELDS, Article, ArticleAutosave
from .sanitize import sanitize_html

# The longest text kept of a copy field without a length of its own.
TEXT_LIMITS = {"highlights": 5_000, "body": 500_000}
# The article form's typed fields (its copy fields but the genre, a choice), with the
# longest text each may hold.
AUTOSAVED_FIELDS: dict[str, int] = {
    name: Article._meta.get_field(name).max_length or TEXT_LIMITS[name]
    for name in COPY_FIELDS
    if name != "genre"
}


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
        value = strip_control_characters(str(value))
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
