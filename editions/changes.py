"""The version of what readers see, for caches that must not outlive it, and many rows
written as one change of it.

``content_version()`` is the site's version (``NEWSPAPER_CACHE_VERSION``, which
``newspaper/caching.py`` moves on every change a reader could see), and ``remembered()``
keeps a value under it, for the apps' own caches: list counts, search windows, what a feed
is about, the archive's months.

An edition's import writes some 1,500 rows, each of whose saves would move the site's
version (``newspaper/caching.py``) on its own. Inside ``batched()``, ``note()`` collects the
editions changed instead, and ``batch_ended`` is sent once with them when the block ends
without an error (on an error, its transaction is rolled back and nothing changed). Nested
blocks join the outermost. Here, in the app every other one depends on, so that writers in
any app can batch without importing the site's project code.
"""

import contextlib
import contextvars
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.dispatch import Signal
from django.utils.module_loading import import_string


def content_version() -> str:
    """The site's version of what readers see, or "" when none is configured."""
    path = getattr(settings, "NEWSPAPER_CACHE_VERSION", "")
    return import_string(path)() if path else ""


T = TypeVar("T")


def remembered(key: str, compute: Callable[[], T], *, version: str | None = None) -> T:
    """``compute()``, kept in the cache under the site's version (``version`` when the caller
    holds it already), so it is good until anything a reader could see changes. A cache
    that fails is a miss; an exception (a 404) is not remembered, nor is None."""
    full_key = f"newspaper:{key}:{content_version() if version is None else version}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, settings.NEWSPAPER_PAGE_CACHE_SECONDS)
    return value


# Sent with ``edition_ids``: the editions a batch changed (None: the site's own rows).
batch_ended = Signal()

_batch: contextvars.ContextVar[set | None] = contextvars.ContextVar(
    "editions_batched_changes", default=None
)


def note(edition_id: int | None) -> bool:
    """Within a batch, remember that ``edition_id`` changed and say so; else False."""
    batch = _batch.get()
    if batch is None:
        return False
    batch.add(edition_id)
    return True


@contextlib.contextmanager
def batched():
    if _batch.get() is not None:
        yield
        return
    batch: set = set()
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)
    if batch:
        batch_ended.send(sender=None, edition_ids=frozenset(batch))
