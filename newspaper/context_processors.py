"""What every public page's frame shows: the paper's name and the section navigation."""

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from articles.models import Section
from editions.models import Publication

from .caching import site_state

# The parts of base.html that are the same on every page, rendered with the frame.
FRAME_PARTS = {
    "head": "newspaper/_frame_head.html",
    "header": "newspaper/_frame_header.html",
    "footer": "newspaper/_frame_footer.html",
}


def frame(request) -> dict:
    """The paper, its sections and the parts of every page's frame that show them (the
    styles, scripts, icons and feed links, the search form and navigation, the footer),
    rendered once and kept in the cache under the site's version, which a rename moves, and
    the static files' manifest, which a deployment with new files changes."""
    manifest = getattr(staticfiles_storage, "manifest_hash", "")
    key = f"newspaper:frame:2:{site_state(request).token}:{get_language()}:{manifest}"
    data = cache.get(key)
    if data is None:
        data = {
            "publication": Publication.objects.default(),
            "sections": list(Section.objects.all()),
        }
        context = {"site_publication": data["publication"], "nav_sections": data["sections"]}
        # Rendered by templates that escape what they print.
        data["html"] = {
            part: mark_safe(render_to_string(name, context)) for part, name in FRAME_PARTS.items()
        }
        cache.set(key, data, 3600)
    return data


def site(request):
    """Lazy, so a page that does not show them neither queries nor reads the cache."""
    data = SimpleLazyObject(lambda: frame(request))
    return {
        "site_publication": SimpleLazyObject(lambda: data["publication"]),
        "nav_sections": SimpleLazyObject(lambda: data["sections"]),
        "site_frame": SimpleLazyObject(lambda: data["html"]),
        "canonical_url": SimpleLazyObject(lambda: canonical_url(request)),
    }


def canonical_url(request) -> str:
    """Every page's canonical URL: its address without the query string, but with the page
    number of a paginated list. A view that knows better puts its own in the context."""
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    if page.isdigit() and page != "1":
        url += f"?page={int(page)}"
    return url
