"""``reverse()`` for the hot paths: a page of the site builds dozens of the same links
(every story's, every page's, every section's), so each is built once per worker."""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


@functools.lru_cache(maxsize=8192)
def _reverse(viewname: str, kwargs: tuple, prefix: str, urlconf, root: str) -> str:
    return reverse(viewname, kwargs=dict(kwargs), urlconf=urlconf)


def cached_reverse(viewname: str, **kwargs) -> str:
    """``reverse(viewname, kwargs=kwargs)``, remembered per script prefix and URLconf."""
    return _reverse(
        viewname,
        tuple(sorted(kwargs.items())),
        get_script_prefix(),
        get_urlconf(),
        settings.ROOT_URLCONF,
    )
