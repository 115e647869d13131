"""Tests: SQLite by default; TEST_DATABASE_URL selects another database (PostgreSQL)."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import database_from_url

SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
DATABASES = {"default": database_from_url(os.environ.get("TEST_DATABASE_URL"))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # An in-memory test database; the file name only matters outside tests.
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="newspaper-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="newspaper-test-static-")
NEWSPAPER_INGEST_STAGING_ROOT = tempfile.mkdtemp(prefix="newspaper-test-ingest-")
# Ingest jobs run in the request that queues them: the tests see them finished at once
# (tests/test_ingest_jobs.py runs the thread on purpose).
NEWSPAPER_INGEST_INLINE = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The read replica's alias (newspaper/db_routers.py), mirroring the test database; no
# router is installed (even with DATABASE_REPLICA_URL set), so only the router's own tests
# send reads to it.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = []
