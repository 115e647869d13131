"""Server-side sanitising of rich text with nh3, against an allow-list fit for news copy.

CKEditor 4 has known unfixed issues, so nothing it sends is trusted: every rich-text field
passes through ``sanitize_html`` before it is stored, and templates mark only such fields
safe.

Images come only from the site's own media (``MEDIA_URL``) and from the hosts listed in
``NEWSPAPER_RICH_TEXT_IMAGE_HOSTS`` (empty by default), so an article cannot make readers'
browsers call another host (a tracking pixel, a hot-link). Every link gets
``rel="noopener noreferrer"``; a link off the site (not relative, not to one of
``ALLOWED_HOSTS``) also gets ``nofollow ugc``.
"""

import posixpath
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import nh3
from django.conf import settings
from django.utils.html import escape, strip_tags
from django.utils.text import normalize_newlines

from editions.cleaning import strip_control_characters

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "sub",
    "sup", "blockquote", "ul", "ol", "li", "a", "img", "figure", "figcaption", "table",
    "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "hr", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}


INTERNAL_LINK_REL = "noopener noreferrer"
EXTERNAL_LINK_REL = "noopener noreferrer nofollow ugc"


def image_hosts() -> set[str]:
    """The hosts besides our own media that images in rich text may come from."""
    return {h.lower() for h in getattr(settings, "NEWSPAPER_RICH_TEXT_IMAGE_HOSTS", ())}


def allowed_image_src(value: str) -> bool:
    """Whether an image address is our own media or https from a listed host."""
    try:
        parts = urlsplit(value.strip())
        host = (parts.hostname or "").lower()
    except ValueError:
        return False
    path = unquote(parts.path)
    if ".." in path.split("/") or "\\" in path:
        return False
    media = settings.MEDIA_URL
    media_parts = urlsplit(media)
    if media_parts.netloc:
        # Media on another host (a CDN, object storage): its own absolute prefix.
        if value.startswith(media) and parts.scheme in ("https", media_parts.scheme):
            return True
    elif (
        not parts.scheme
        and not parts.netloc
        and posixpath.normpath(path).startswith(media.rstrip("/") + "/")
    ):
        return True
    return parts.scheme == "https" and bool(host) and host in image_hosts()


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    """Images only from our own media or listed hosts; everything else as nh3 allowed it."""
    if element == "img" and attribute == "src":
        return value if allowed_image_src(value) else None
    return value


def is_internal_link(href: str | None) -> bool:
    """A link to the site itself: relative, or to one of ``ALLOWED_HOSTS``."""
    if not href:
        return False
    try:
        parts = urlsplit(href.strip())
        host = (parts.hostname or "").lower()
    except ValueError:
        return False
    if not parts.scheme and not parts.netloc:
        return True
    if parts.scheme not in ("http", "https"):
        return False
    own = {h.lower() for h in settings.ALLOWED_HOSTS if h and not h.startswith((".", "*"))}
    return host in own


class _Links(HTMLParser):
    """The start tags of the links in nh3's output, as written, with their attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append((self.get_starttag_text(), attrs))


def _with_rel(html: str) -> str:
    """Each link of sanitised ``html`` with its rel: internal or external."""
    parser = _Links()
    parser.feed(html)
    parser.close()
    out, cursor = [], 0
    for raw, attrs in parser.links:
        start = html.find(raw, cursor)
        if start < 0:
            continue
        values = dict(attrs)
        rel = INTERNAL_LINK_REL if is_internal_link(values.get("href")) else EXTERNAL_LINK_REL
        kept = [(k, v) for k, v in attrs if k != "rel" and v is not None]
        tag = "<a" + "".join(f' {k}="{escape(v)}"' for k, v in kept) + f' rel="{rel}">'
        out.append(html[cursor:start])
        out.append(tag)
        cursor = start + len(raw)
    out.append(html[cursor:])
    return "".join(out)


def sanitize_html(html: str) -> str:
    """Clean ``html`` down to the allow-list; the result is safe to mark safe."""
    if not html:
        return ""
    cleaned = nh3.clean(
        strip_control_characters(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_filter_attribute,
        link_rel=None,
        strip_comments=True,
    )
    # The attribute filter drops an image's unsafe src; the bare <img> left is dropped too.
    return _with_rel(_IMG_WITHOUT_SRC.sub("", cleaned)).strip()


_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
_BLANK_LINES = re.compile(r"\n\s*\n")
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|figcaption|tr|table)>|<br\s*/?>", re.I)


def text_to_html(text: str) -> str:
    """Plain text (paragraphs split on blank lines) as sanitised HTML paragraphs."""
    paragraphs = [p.strip() for p in _BLANK_LINES.split(normalize_newlines(text or ""))]
    return "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs if p)


def html_to_text(html: str) -> str:
    """The readable text of ``html``, one block a paragraph, for feeds' summaries and counts."""
    import html as html_module

    text = _BLOCK_END.sub("\n\n", html or "")
    text = html_module.unescape(strip_tags(text))
    return "\n\n".join(p.strip() for p in _BLANK_LINES.split(text) if p.strip())


def character_count(html: str) -> int:
    """字数: the characters of the text, white space not counted."""
    return len(re.sub(r"\s+", "", html_to_text(html)))
