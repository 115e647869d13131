"""Template helpers for the public site."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# The escapes json_script uses, so no string in the data can close the script element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data: dict):
    """``data`` as a schema.org JSON-LD script element."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.filter
def title_lines(text: str) -> list[str]:
    """A two-line headline as its lines."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@register.filter
def one_line(text: str) -> str:
    """A two-line headline on one line, for lists and tab titles."""
    return " ".join(title_lines(text))
