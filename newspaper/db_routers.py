"""A read replica for public reads: the router and the middleware that keeps staff on the
primary.

When ``DATABASE_REPLICA_URL`` is set, the settings add a ``replica`` database alias, this
router and ``PrimaryDatabaseMiddleware``. Reads go to the replica; writes, migrations and
every read inside a transaction on the primary go to ``default``. A request that could
write or that belongs to someone signed in (anything but GET/HEAD, or a request carrying a
session cookie: editors in the admin, previews) reads from the primary for its whole
duration, so an editor never sees a replica that lags behind a save they just made. Only
anonymous readers' GET and HEAD requests — the public site, feeds and sitemaps — read from
the replica.
"""

import contextlib
import contextvars

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PRIMARY = "default"

_pinned: contextvars.ContextVar[bool] = contextvars.ContextVar("db_pinned", default=False)


@contextlib.contextmanager
def use_primary():
    """Every read inside the block goes to the primary."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


class ReplicaRouter:
    """Reads to ``replica`` when it is configured, writes to ``default``."""

    def db_for_read(self, model, **hints):
        if REPLICA not in settings.DATABASES or _pinned.get():
            return PRIMARY
        instance = hints.get("instance")
        if instance is not None and instance._state.db == PRIMARY and instance._state.adding:
            return PRIMARY
        # Inside a transaction on the primary (a service that reads what it then writes),
        # reads must see its own uncommitted rows.
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data: objects read from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class PrimaryDatabaseMiddleware:
    """Pins requests that may write, or that come from a session, to the primary."""

    SAFE_METHODS = frozenset({"GET", "HEAD"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        anonymous = settings.SESSION_COOKIE_NAME not in request.COOKIES
        if request.method in self.SAFE_METHODS and anonymous:
            return self.get_response(request)
        with use_primary():
            return self.get_response(request)
