"""Template helpers for the e-paper: page images in every size, regions, the page strip."""

import datetime

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from editions.page_images import (
    PAGE_WIDTHS,
    READING_WIDTH,
    THUMBNAIL_WIDTH,
    THUMBNAIL_WIDTHS,
    rendition_widths,
    source_token,
)
from editions.services import EAGER_RENDITIONS

register = template.Library()

# The page map's width on the screen: the full width on a phone, a column on a desktop.
PAGE_SIZES = "(min-width: 84rem) 52rem, (min-width: 64rem) calc(100vw - 30rem), calc(100vw - 2rem)"
THUMBNAIL_SIZES = "(min-width: 64rem) 6rem, 3rem"


def rendition_url(page, width: int, extension: str) -> str:
    """Where a browser gets this rendition: the stored file when it is made with the page
    image, else the view that makes it on first request (and redirects to it)."""
    if (width, extension) in EAGER_RENDITIONS:
        return page.rendition(width, extension).url
    return reverse(
        "page-rendition",
        kwargs={
            "pk": page.pk,
            "token": source_token(page.image.name),
            "width": width,
            "extension": extension,
        },
    )


def srcset(page, widths, extension: str) -> str:
    return ", ".join(
        f"{rendition_url(page, asked, extension)} {real}w"
        for asked, real in rendition_widths(page.image_width, widths)
    )


def scaled_height(page, width: int) -> int:
    return max(1, round(width * page.image_height / page.image_width))


@register.simple_tag
def page_picture(
    page, *, alt: str, css_class: str = "", thumbnail: bool = False, lazy=False, sizes=None
):
    """A page image as ``<picture>``: WebP in every width, a JPEG fallback in every width.

    The ``src`` for browsers without ``srcset`` is the reading size (or the thumbnail),
    made when the page image was saved.
    """
    if not page or not page.image or not page.image_width or not page.image_height:
        return ""
    widths = THUMBNAIL_WIDTHS if thumbnail else PAGE_WIDTHS
    sizes = sizes or (THUMBNAIL_SIZES if thumbnail else PAGE_SIZES)
    fallback_width = THUMBNAIL_WIDTH if thumbnail else READING_WIDTH
    display_width = min(page.image_width, widths[-1])
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img class="{}" src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}>'
        "</picture>",
        srcset(page, widths, "webp"),
        sizes,
        css_class,
        rendition_url(page, fallback_width, "jpg"),
        srcset(page, widths, "jpg"),
        sizes,
        display_width,
        scaled_height(page, display_width),
        alt,
        mark_safe(' loading="lazy" decoding="async"') if lazy else "",
    )


@register.simple_tag
def page_og_image(page) -> str:
    """The path of a page's picture for og:image (a JPEG every reader of links can show)."""
    if not page or not page.image or not page.image_width:
        return ""
    return rendition_url(page, 800, "jpg")


@register.simple_tag
def page_regions(page, items, *, marked=None, links: bool = True) -> str:
    """The stories with a region, as an SVG over the page image: links named by headline.

    The SVG's coordinates are the image's pixels, so the regions scale with the picture and
    need no style attribute. ``marked`` (an article) draws only its region, unlinked: the
    article page's picture of where the story stands.
    """
    if not page.image_width or not page.image_height:
        return ""
    width, height = page.image_width, page.image_height
    label_size = round(width * 0.022, 1)
    shapes = []
    for item in items:
        region = item.placement.region
        if not region:
            continue
        article = item.article
        if marked is not None and article.pk != marked.pk:
            continue
        x, y, w, h = (
            round(region[0] * width, 1),
            round(region[1] * height, 1),
            round(region[2] * width, 1),
            round(region[3] * height, 1),
        )
        labels = []
        name = article.headline
        if getattr(item, "continued_from", None):
            labels.append(("from", f"上接{item.continued_from.jump_label}", x, y))
            name = f"{name} 上接{item.continued_from.jump_label}"
        if getattr(item, "continued_to", None):
            labels.append(("to", f"下转{item.continued_to.jump_label}", x + w, y + h))
            name = f"{name} 下转{item.continued_to.jump_label}"
        tags = format_html_join(
            "",
            '<text class="page-map__jump page-map__jump--{}" x="{}" y="{}" font-size="{}"'
            ' aria-hidden="true">{}</text>',
            (
                (
                    kind,
                    lx + (label_size * 0.3 if kind == "from" else -label_size * 0.3),
                    ly + (label_size * 1.1 if kind == "from" else -label_size * 0.4),
                    label_size,
                    text,
                )
                for kind, text, lx, ly in labels
            ),
        )
        rect = format_html(
            '<rect class="page-map__box" x="{}" y="{}" width="{}" height="{}" rx="{}"></rect>',
            x,
            y,
            w,
            h,
            round(width * 0.003, 1),
        )
        if links:
            shapes.append(
                format_html(
                    '<a class="page-map__region" href="{}" aria-label="{}" data-article="{}">'
                    "<title>{}</title>{}{}</a>",
                    article.get_absolute_url(),
                    name,
                    article.pk,
                    name,
                    rect,
                    tags,
                )
            )
        else:
            shapes.append(format_html('<g class="page-map__marked">{}</g>', rect))
    if not shapes:
        return ""
    return format_html(
        '<svg class="page-map__regions" viewBox="0 0 {} {}" xmlns="http://www.w3.org/2000/svg"'
        "{}>{}</svg>",
        width,
        height,
        mark_safe(' aria-hidden="true"') if not links else "",
        format_html_join("", "{}", ((shape,) for shape in shapes)),
    )


@register.filter
def has_regions(items) -> bool:
    """Whether any story on the page has a region on its image."""
    return any(item.placement.region for item in items)


@register.filter
def any_thumbnail(pages) -> bool:
    """Whether the strip of pages can show pictures of the pages."""
    return any(page.image and page.image_width for page in pages)


@register.filter
def publish_time(value: datetime.datetime | None) -> str:
    """2024年4月1日 08:30, or the date alone when no time of day was set (midnight)."""
    if value is None:
        return ""
    from django.utils import timezone
    from django.utils.dateformat import format as date_format

    local = timezone.localtime(value)
    if local.hour == 0 and local.minute == 0:
        return date_format(local, "Y年n月j日")
    return date_format(local, "Y年n月j日 H:i")


@register.simple_tag
def story_region(placement) -> str:
    """The region of one story on its page's picture, marked (the article page)."""
    if placement is None or not placement.region:
        return ""
    return page_regions(
        placement.page,
        [SimpleItem(article=placement.article, placement=placement)],
        marked=placement.article,
        links=False,
    )


class SimpleItem:
    """A story on a page without its jump lines: what ``page_regions`` needs of it."""

    continued_from = continued_to = None

    def __init__(self, *, article, placement):
        self.article, self.placement = article, placement
