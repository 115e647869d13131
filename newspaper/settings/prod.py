"""Production: every secret and host comes from the environment; refuse to start without.

``python manage.py check --deploy`` is clean with these settings (a test runs it); the one
check silenced by default is silenced below with its reason.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    ALLOWED_HOSTS,
    NEWSPAPER_BEHIND_PROXY,
    SECRET_KEY,
    SILENCED_SYSTEM_CHECKS,
    env_bool,
    env_list,
)

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment in production.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the environment in production.")

DEBUG = False

# Persistent database connections: a connection per request costs PostgreSQL a fork and
# TLS set-up (the article page ran at half speed). CONN_MAX_AGE=0 in the environment turns
# them off (behind PgBouncer in transaction mode, say); health checks drop dead ones.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "600"))  # noqa: F405

# Behind a proxy that terminates TLS, trust its X-Forwarded-Proto; only then, since a
# client talking to gunicorn directly could otherwise claim https itself.
if NEWSPAPER_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Every request over https: plain http is redirected (paths in SECURE_REDIRECT_EXEMPT, such
# as a load balancer's health check, excepted) and the admin refuses it outright.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = env_list("SECURE_REDIRECT_EXEMPT")
NEWSPAPER_ADMIN_REQUIRES_HTTPS = True
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", str(365 * 24 * 60 * 60)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = [
        *SILENCED_SYSTEM_CHECKS,
        # security.W021 asks for HSTS preload. Preloading is the site owner's commitment to
        # browsers' built-in lists, hard to undo and to be asked for at hstspreload.org; it
        # is their choice (HSTS_PRELOAD=true), not a default.
        "security.W021",
    ]
