"""Hotspots: the regions of a page image that lead to its articles, kept as placements.

The hotspot editor on a page's admin form (``articles/admin/pages.py``) sends the page's
regions as JSON; this module reads and checks them (``parse_regions``) and writes them as
Placement rows (``page_regions_save``, a service with its own check that nobody saved the
page's regions meanwhile). A region drawn for an article not yet on the page places it
there; a region removed leaves the article on the page without one.
"""

import hashlib
import json
import math
from dataclasses import dataclass

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from editions.models import Page

from .models import Article, Placement, placements_prefetch

# A region's coordinates are kept to a ten-thousandth of the page (a fifth of a pixel on a
# 2000-pixel page); smaller than a two-hundredth of the page it is a slip of the mouse.
# The editor's JavaScript is given MIN_SIZE too (``data-min-size``), so both agree.
PRECISION = 4
MIN_SIZE = 0.005
MAX_REGIONS = 200


@dataclass(frozen=True)
class Hotspot:
    """One region of the page image, in fractions of it, and the article it leads to."""

    article_id: int
    x: float
    y: float
    width: float
    height: float

    @property
    def region(self) -> tuple[float, float, float, float]:
        return (self.x, self.y, self.width, self.height)

    def as_json(self) -> dict:
        return {
            "article": self.article_id,
            "x": self.x,
            "y": self.y,
            "width": self.width,
            "height": self.height,
        }


@dataclass(frozen=True)
class HotspotChanges:
    created: int = 0
    updated: int = 0
    cleared: int = 0

    def __bool__(self) -> bool:
        return bool(self.created or self.updated or self.cleared)


def page_hotspots(page: Page) -> list[Hotspot]:
    """The page's regions as they are stored, in print order."""
    return [
        Hotspot(p.article_id, *(round(v, PRECISION) for v in p.region))
        for p in page.placements.order_by("position", "id")
        if p.region
    ]


def hotspots_version(page: Page) -> str:
    """A fingerprint of the page's placements, to notice an edit made meanwhile by another."""
    rows = page.placements.order_by("id").values_list(
        "id", "article_id", "x", "y", "width", "height"
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()[:16]


def hotspots_document(page: Page) -> str:
    """What the editor starts from: the version and the regions, as JSON."""
    return json.dumps(
        {
            "version": hotspots_version(page),
            "regions": [h.as_json() for h in page_hotspots(page)],
        }
    )


def hotspot_articles(page: Page) -> list[Article]:
    """The articles a region of ``page`` may lead to: those of its edition, this page's first.

    Their placements are prefetched, for ``Article.page_labels()`` (第01版 第02版).
    """
    articles = list(
        Article.objects.filter(edition_id=page.edition_id).prefetch_related(placements_prefetch())
    )

    def order(article: Article):
        here = any(p.page_id == page.pk for p in article.print_placements())
        return (0, article.print_key(page)) if here else (1, article.print_key())

    return sorted(articles, key=order)


def _number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


@dataclass(frozen=True)
class RegionsDocument:
    """What the editor sent: the version of the regions it started from, and the regions."""

    version: str
    regions: list[Hotspot]


class StaleRegions(ValidationError):
    """Someone else saved the page's regions after the editor opened them."""

    def __init__(self):
        super().__init__(
            _(
                "Someone else changed this page's hotspots while you were editing. Reload the "
                "page to see their work, then make your changes again."
            ),
            code="stale",
        )


def parse_regions(raw: str, *, article_ids: dict[int, str]) -> RegionsDocument:
    """The regions the editor sent, checked one by one against the page and its edition.

    ``article_ids`` maps the articles a region may lead to onto their headlines. Raises
    ValidationError with every problem, each naming the region by its number.
    """
    try:
        document = json.loads(raw)
        version = document["version"]
        raw_regions = document["regions"]
        if not isinstance(raw_regions, list) or not isinstance(version, str):
            raise TypeError
    except (ValueError, TypeError, KeyError):
        raise ValidationError(
            _("The hotspots could not be read. Reload the page and draw them again."),
            code="unreadable",
        ) from None
    if len(raw_regions) > MAX_REGIONS:
        raise ValidationError(
            _("A page may have at most %(count)d hotspots.") % {"count": MAX_REGIONS},
            code="too_many",
        )
    errors: list[str] = []
    hotspots: list[Hotspot] = []
    seen: set[int] = set()
    for number, item in enumerate(raw_regions, start=1):
        if not isinstance(item, dict):
            errors.append(_("Hotspot %(number)d could not be read.") % {"number": number})
            continue
        article_id = item.get("article")
        if article_id in (None, ""):
            errors.append(
                _("Hotspot %(number)d has no article yet; choose one.") % {"number": number}
            )
            continue
        try:
            article_id = int(article_id)
        except (TypeError, ValueError):
            article_id = None
        if article_id not in article_ids:
            errors.append(
                _("Hotspot %(number)d leads to an article that is not in this edition.")
                % {"number": number}
            )
            continue
        if article_id in seen:
            errors.append(
                _("“%(title)s” has more than one hotspot on this page; keep one.")
                % {"title": article_ids[article_id]}
            )
            continue
        seen.add(article_id)
        values = [_number(item.get(key)) for key in ("x", "y", "width", "height")]
        if any(v is None for v in values):
            errors.append(_("Hotspot %(number)d could not be read.") % {"number": number})
            continue
        x, y, width, height = values
        # A box dragged to the edge may end a hair beyond it; a box off the page is an error.
        x, y = max(0.0, x), max(0.0, y)
        width, height = min(width, 1.0 - x), min(height, 1.0 - y)
        if x >= 1 or y >= 1 or width < MIN_SIZE or height < MIN_SIZE:
            errors.append(
                _("Hotspot %(number)d lies outside the page or is too small.") % {"number": number}
            )
            continue
        hotspots.append(Hotspot(article_id, *(round(v, PRECISION) for v in (x, y, width, height))))
    if errors:
        raise ValidationError(errors)
    return RegionsDocument(version=version, regions=hotspots)


def page_regions_lock(*, page: Page, regions: list[Hotspot], expected_version: str) -> bool:
    """Lock ``page`` until the transaction ends; whether ``regions`` change anything.

    Raises ``StaleRegions`` when they would and the page's regions are no longer at
    ``expected_version``: saving them would undo another editor's work.
    """
    Page.objects.select_for_update().filter(pk=page.pk).first()
    current = page_hotspots(page)
    if sorted(regions, key=lambda h: h.article_id) == sorted(current, key=lambda h: h.article_id):
        return False
    if expected_version != hotspots_version(page):
        raise StaleRegions()
    return True


@transaction.atomic
@reversion.create_revision()
def page_regions_save(
    *, page: Page, user, regions: list[Hotspot], expected_version: str
) -> HotspotChanges:
    """Make the page's regions ``regions``: update, place or clear, one placement each.

    Refused with ``StaleRegions`` when another editor saved the page's regions since
    ``expected_version``. The placements changed are kept as a revision, like every other
    change to an article.
    """
    if not page_regions_lock(page=page, regions=regions, expected_version=expected_version):
        return HotspotChanges()
    reversion.set_comment(f"{page}: hotspots")
    if user is not None:
        reversion.set_user(user)
    existing = {p.article_id: p for p in page.placements.select_for_update()}
    wanted = {h.article_id: h for h in regions}
    next_position = (page.placements.aggregate(last=Max("position"))["last"] or 0) + 1
    created = updated = cleared = 0
    for article_id, hotspot in wanted.items():
        placement = existing.get(article_id)
        if placement is None:
            placement = Placement(article_id=article_id, page=page, position=next_position)
            next_position += 1
            created += 1
        elif tuple(round(v, PRECISION) for v in placement.region or ()) == hotspot.region:
            continue
        else:
            updated += 1
        placement.x, placement.y, placement.width, placement.height = hotspot.region
        placement.save()
    for article_id, placement in existing.items():
        if article_id not in wanted and placement.region:
            placement.x = placement.y = placement.width = placement.height = None
            placement.save()
            cleared += 1
    return HotspotChanges(created=created, updated=updated, cleared=cleared)
