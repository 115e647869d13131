"""Template helpers for the public site."""

import json

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from newspaper.structured_data import news_article, printed_page, publication_issue

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
