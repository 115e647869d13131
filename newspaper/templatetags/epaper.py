"""Template helpers for the e-paper: the page map's regions, image sizes and the page strip."""

from django import template
from django.utils.html import format_html

from editions.rendering import READING_WIDTH, THUMBNAIL_WIDTH

register = template.Library()


@register.filter
def region_style(region) -> str:
    """A placement's region (fractions of the page) as the position of its link on the map."""
    x, y, width, height = (round(value * 100, 3) for value in region)
    return format_html("left:{}%;top:{}%;width:{}%;height:{}%", x, y, width, height)


@register.simple_tag
def page_srcset(page) -> str:
    """The page map's image at its reading size and, when it is larger, at full size."""
    reading_width = min(READING_WIDTH, page.image_width)
    if not page.reading_image:
        return f"{page.image.url} {page.image_width}w"
    candidates = [f"{page.reading_image.url} {reading_width}w"]
    if page.image_width > reading_width:
        candidates.append(f"{page.image.url} {page.image_width}w")
    return ", ".join(candidates)


@register.filter
def thumbnail_height(page) -> int:
    """The height of a page's thumbnail, from the page image's proportions."""
    if not page.image_width or not page.image_height:
        return 0
    width = min(THUMBNAIL_WIDTH, page.image_width)
    return max(1, round(width * page.image_height / page.image_width))


@register.filter
def thumbnail_width(page) -> int:
    return min(THUMBNAIL_WIDTH, page.image_width or THUMBNAIL_WIDTH)


@register.filter
def any_thumbnail(pages) -> bool:
    """Whether the strip of pages can show pictures of the pages."""
    return any(page.thumbnail for page in pages)
