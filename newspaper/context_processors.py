"""What every public page's frame shows: the paper's name and the section navigation."""

from django.utils.functional import SimpleLazyObject

from articles.models import Section
from editions.models import Publication


def site(request):
    """Lazy, so a page that does not show them runs no query for them."""
    return {
        "site_publication": SimpleLazyObject(Publication.objects.default),
        "nav_sections": SimpleLazyObject(lambda: list(Section.objects.all())),
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
