"""What every public page's frame shows: the paper's name and the section navigation."""

from django.utils.functional import SimpleLazyObject

from articles.models import Section
from editions.models import Publication


def site(request):
    """Lazy, so a page that does not show them runs no query for them."""
    return {
        "site_publication": SimpleLazyObject(Publication.objects.default),
        "nav_sections": SimpleLazyObject(lambda: list(Section.objects.all())),
    }
