"""A Redis cache that degrades instead of failing: the site works, uncached, without Redis.

Django's ``RedisCache`` lets a connection error or a timeout reach the page, so a Redis
that is down or frozen answers readers with a 500. ``ForgivingRedisCache`` turns every such
error into what an empty cache would answer (a read is a miss, a write does nothing), logs
it, and then leaves Redis alone for ``RETRY_AFTER`` seconds so a frozen server costs one
socket timeout, not one per cache call.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a failing Redis raises: redis-py's own errors, and the socket's.
CACHE_ERRORS = (RedisError, OSError)


class ForgivingRedisCache(RedisCache):
    """Django's RedisCache; an unreachable Redis behaves as an always-empty cache."""

    RETRY_AFTER = 10.0  # seconds without trying Redis after a failure

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0

    def _call(self, name: str, default, method, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return default
        try:
            return method(*args, **kwargs)
        except CACHE_ERRORS as error:
            self._down_until = time.monotonic() + self.RETRY_AFTER
            logger.warning(
                "Cache %s failed; serving uncached for %ss: %s", name, self.RETRY_AFTER, error
            )
            return default

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call("set", None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        # A counter that cannot be read cannot be incremented; callers of incr() expect
        # ValueError for a missing key, which is what an empty cache would raise.
        result = self._call("incr", None, super().incr, key, delta, version)
        if result is None:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Nothing was stored: every key "failed", as Django's API reports it.
        return self._call("set_many", list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        self._call("delete_many", None, super().delete_many, keys, version)

    def clear(self):
        return self._call("clear", False, super().clear)
