"""``{% responsive_image %}``: an article image with its renditions, lazily loaded."""

from django import template
from django.utils.html import format_html

from ..renditions import responsive_image as renditions_of

register = template.Library()


@register.simple_tag
def responsive_image(field_file, *, alt: str = "", sizes: str = "100vw", css_class: str = ""):
    """An ``<img>`` with ``srcset`` and ``sizes``, its size given, loaded when near the view."""
    image = renditions_of(field_file)
    if not image.srcset:
        return format_html(
            '<img src="{}" alt="{}" class="{}" loading="lazy" decoding="async">',
            image.src,
            alt,
            css_class,
        )
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" class="{}" '
        'loading="lazy" decoding="async">',
        image.src,
        image.srcset,
        sizes,
        image.width,
        image.height,
        alt,
        css_class,
    )
