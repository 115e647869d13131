"""A region of a page image, as fractions of the page: x, y, width, height in [0, 1].

One definition for everything drawn on a page (an article's placement, a page mark): the
database check, the form check and the model fields a region is written into."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The rows a region's check constraint admits (a nullable region adds "all four null").
WITHIN_PAGE = Q(
    x__gte=0,
    y__gte=0,
    width__gt=0,
    height__gt=0,
    x__lte=1,
    y__lte=1,
    width__lte=1,
    height__lte=1,
)
OUT_OF_PAGE = _("A region is given in fractions of the page, from 0 to 1.")


def region_fields(region) -> dict[str, float | None]:
    """``region`` (x, y, width, height, or None) as the model's four fields."""
    x, y, width, height = region or (None, None, None, None)
    return {"x": x, "y": y, "width": width, "height": height}
