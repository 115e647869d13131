"""Template helpers for the public site."""

import hashlib
import json

from django import template
from django.core.cache import cache
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from newspaper.structured_data import news_article, printed_page, publication_issue

register = template.Library()

QR_CACHE_SECONDS = 24 * 3600

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


@register.simple_tag(takes_context=True)
def absolute_url(context, view_name: str, *args, **kwargs) -> str:
    """The absolute URL of a named route: {% absolute_url 'feeds:section' slug=s.slug %}."""
    return context["request"].build_absolute_uri(reverse(view_name, args=args, kwargs=kwargs))


@register.simple_tag(takes_context=True)
def news_article_json_ld(context, article, canonical_url):
    """schema.org NewsArticle for an article, with where it stood in print."""
    return json_ld(news_article(context["request"], article, canonical_url))


@register.simple_tag(takes_context=True)
def publication_issue_json_ld(context, edition, pages):
    """schema.org PublicationIssue for an edition, as a JSON-LD script element."""
    return json_ld(publication_issue(context["request"], edition, pages))


@register.simple_tag(takes_context=True)
def page_json_ld(context, edition, page, items):
    """schema.org markup for a printed page (版), as a JSON-LD script element."""
    return json_ld(printed_page(context["request"], edition, page, items))


@register.simple_tag(takes_context=True)
def absolute(context, path: str) -> str:
    """``path`` as an absolute URL on this site: {% absolute page.get_absolute_url %}."""
    return context["request"].build_absolute_uri(path)


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG (segno), or "" when it cannot be one.

    Making one costs several milliseconds, more than the rest of an article page; the
    SVG of an address never changes, so it is kept in the cache for a day.
    """
    key = "newspaper:qr:1:" + hashlib.sha256(url.encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        import segno

        try:
            code = segno.make(url, error="m", micro=False)
        except (ValueError, segno.DataOverflowError):
            return ""
        # segno writes the SVG from the code's modules; nothing of ``url`` is in it as text.
        svg = code.svg_inline(scale=3, border=2, dark="#1a1a1a", light="#ffffff", omitsize=False)
        cache.set(key, svg, QR_CACHE_SECONDS)
    return svg


@register.simple_tag
def qr_code(url: str, label: str = ""):
    """A QR code of ``url`` as inline SVG, for reading the page on a phone."""
    svg = qr_svg(url)
    if not svg:
        return ""
    return format_html(
        '<span class="qr-code" role="img" aria-label="{}">{}</span>', label, mark_safe(svg)
    )


@register.filter
def linked_byline(article):
    """The byline once: the printed byline with each credited author's name linked."""
    import re

    from django.utils.html import conditional_escape

    text = article.byline or article.byline_display()
    if not text:
        return ""
    authors = {c.author.name: c.author for c in article.credits_in_order() if c.author.name}
    if not authors:
        return text
    pattern = "(" + "|".join(re.escape(n) for n in sorted(authors, key=len, reverse=True)) + ")"
    parts = []
    for part in re.split(pattern, text):
        author = authors.pop(part, None)
        if author is not None:
            parts.append(format_html('<a href="{}">{}</a>', author.get_absolute_url(), part))
        else:
            parts.append(conditional_escape(part))
    return mark_safe("".join(parts))
