"""The review screen's corrections of what the ingest read: drop a false story, merge two
stories into one, split a story in two, mark a region as an advert or a photo only (a
``PageMark`` the next re-read respects), or take such a mark back.

Each is a service acting on draft articles of a draft edition only (nothing is published
or unpublished here), with the versions the editor saw as its stale check: an article
saved since the review screen was opened refuses the correction (``StaleEdit``).
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from editions.models import PageMark, PageMarkKind, PublishStatus
from editions.regions import region_fields

from ..models import Article, ArticleStatus, Placement
from ..services import article_lock, article_update

BLOCK = re.compile(r"<(p|h[1-6]|blockquote|ul|ol|figure|table)\b[^>]*>.*?</\1>", re.S)


def _editable(article: Article) -> None:
    if article.status != ArticleStatus.DRAFT or (
        article.edition_id and article.edition.status != PublishStatus.DRAFT
    ):
        raise ValidationError(_("Only draft articles of a draft edition are corrected here."))


def blocks(body: str) -> list[str]:
    """The body's top-level paragraphs and headings, refused if anything lies between them."""
    found = [m.group(0) for m in BLOCK.finditer(body)]
    if re.sub(r"\s", "", "".join(found)) != re.sub(r"\s", "", body):
        raise ValidationError(_("This body cannot be cut into paragraphs here."))
    return found


@transaction.atomic
def story_drop(*, placement: Placement, expected_version: int) -> None:
    """A false story: its draft article (with all its placements) is deleted."""
    article = placement.article
    article_lock(article=article, expected_version=expected_version)
    _editable(article)
    article.delete()


@transaction.atomic
def story_mark_advert(
    *, placement: Placement, expected_version: int, user=None, kind: str = PageMarkKind.ADVERT
) -> PageMark:
    """A region read as a story that is an advert or a photo only: no article for it, and a
    mark on the page, so that reading the page again does not make the story again."""
    if placement.region is None:
        raise ValidationError(_("This story has no region on the page to mark; drop it instead."))
    if kind not in PageMarkKind.values:
        raise ValidationError(_("An advert or an image only."))
    story_drop(placement=placement, expected_version=expected_version)
    mark = PageMark(
        page_id=placement.page_id, kind=kind, created_by=user, **region_fields(placement.region)
    )
    mark.full_clean(exclude=["page", "created_by"])
    mark.save()
    return mark


@transaction.atomic
def page_mark_remove(*, mark: PageMark) -> None:
    """A mark made by mistake: the region is read as a story again at the next re-read."""
    if mark.page.edition.status != PublishStatus.DRAFT:
        raise ValidationError(_("Only the marks of a draft edition are changed here."))
    mark.delete()


@transaction.atomic
def story_merge(*, first: Placement, second: Placement, versions: dict[int, int], user) -> Article:
    """Two stories of one page made one: bodies joined in reading order, one region.

    ``first`` and ``second`` are on the same page; the one earlier on the page keeps its
    article, whose region there becomes the union of both, and gets the other's other
    pages; the other article is deleted. ``versions`` maps article id to version seen.
    """
    if first.page_id != second.page_id or first.article_id == second.article_id:
        raise ValidationError(_("Choose two different stories on this page."))
    keep, gone = sorted((first, second), key=lambda p: (p.position, p.pk))
    for placement in (keep, gone):
        article_lock(
            article=placement.article, expected_version=versions.get(placement.article_id, 0)
        )
        _editable(placement.article)
    kept, other = keep.article, gone.article
    boxes = [p for p in (keep, gone) if p.x is not None]
    if boxes:
        x0 = min(p.x for p in boxes)
        y0 = min(p.y for p in boxes)
        x1 = min(1.0, max(p.x + p.width for p in boxes))
        y1 = min(1.0, max(p.y + p.height for p in boxes))
        keep.x, keep.y, keep.width, keep.height = x0, y0, x1 - x0, y1 - y0
        keep.save(update_fields=["x", "y", "width", "height"])
    pages = set(kept.placements.values_list("page_id", flat=True))
    moved = [p for p in other.placements.exclude(pk=gone.pk) if p.page_id not in pages]
    body = kept.body + other.body
    other.delete()
    for placement in moved:
        Placement.objects.create(
            article=kept,
            page_id=placement.page_id,
            position=placement.position,
            **region_fields(placement.region),
        )
    # Both rows are locked and checked above: the update acts on the row as it is.
    return article_update(article=kept, user=user, data={"body": body}, expected_version=None)


@transaction.atomic
def story_split(
    *, placement: Placement, start: int, end: int, expected_version: int, user
) -> Article:
    """Paragraphs ``start`` to ``end`` (1-based, inclusive) of a story made a new draft.

    The new article is placed on the same page right after the story, without a region
    (drawn in the hotspot editor); its title is the first line of the paragraphs split off.
    """
    article = placement.article
    article_lock(article=article, expected_version=expected_version)
    _editable(article)
    parts = blocks(article.body)
    if not (1 <= start <= end <= len(parts)) or (start == 1 and end == len(parts)):
        raise ValidationError(
            _("Choose paragraphs 1 to %(count)d, leaving at least one.") % {"count": len(parts)}
        )
    taken = parts[start - 1 : end]
    heading = re.sub(r"<[^>]+>", "", taken[0]).strip()
    title = heading[:40] or article.title
    new = Article.objects.create(
        edition=article.edition,
        section=article.section,
        genre=article.genre,
        status=ArticleStatus.DRAFT,
        title=title,
        body="".join(taken),
    )
    Placement.objects.filter(page=placement.page, position__gt=placement.position).update(
        position=F("position") + 1
    )
    Placement.objects.create(article=new, page=placement.page, position=placement.position + 1)
    rest = "".join(parts[: start - 1] + parts[end:])
    article_update(article=article, user=user, data={"body": rest}, expected_version=None)
    return new
