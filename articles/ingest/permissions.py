"""Who may use the ingest screens: staff who may add editions and articles."""

from django.core.exceptions import PermissionDenied


def check_ingest_permission(request) -> None:
    """Refuse (403) a user who may not add both editions and articles."""
    if not (
        request.user.has_perm("editions.add_edition")
        and request.user.has_perm("articles.add_article")
    ):
        raise PermissionDenied
