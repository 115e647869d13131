"""What every public page's frame shows: the paper's name and the section navigation."""

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from articles.models import Section
from editions.models import Publication

from .caching import site_state


def frame(request) -> dict:
    """The paper and its sections, kept in the cache under the site's version: they change
    only with a rename, which moves the version."""
    key = f"newspaper:frame:{site_state(request).token}"
    data = cache.get(key)
    if data is None:
        data = {
            "publication": Publication.objects.default(),
            "sections": list(Section.objects.all()),
        }
        cache.set(key, data, 3600)
    return data


def site(request):
    """Lazy, so a page that does not show them neither queries nor reads the cache."""
    data = SimpleLazyObject(lambda: frame(request))
    return {
        "site_publication": SimpleLazyObject(lambda: data["publication"]),
        "nav_sections": SimpleLazyObject(lambda: data["sections"]),
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
