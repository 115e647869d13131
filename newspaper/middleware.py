"""Site-wide middleware: a clean 503 when the database fails, the Content-Security-Policy
with the admin's exception for CKEditor, and the admin over https only."""

import logging

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden
from django.template import loader
from django.utils.translation import gettext as _

from .errors import DATABASE_ERRORS, service_unavailable

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """A database that is down, frozen past its timeouts or locked past the busy timeout
    answers readers and editors with a 503 in Chinese and ``Retry-After``, not a bare 500.
    (A database error raised in another middleware, such as the session's save, reaches
    ``newspaper.errors.server_error`` instead, which answers the same.)

    Nothing is cached or remembered: the next request connects again, so the site recovers
    by itself as soon as the database answers (``CONN_HEALTH_CHECKS`` drops a dead
    persistent connection before it is used).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        logger.error(
            "Database unavailable for %s %s: %s",
            request.method,
            request.path,
            exception,
            exc_info=exception,
        )
        return service_unavailable()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's pages under their own policy.

    CKEditor 4 builds its toolbar with inline event handlers and compiles its templates with
    ``Function()``, so it cannot run under the site's policy. Only the admin, where staff
    edit and every rich-text value is sanitised on save, gets ``NEWSPAPER_CSP_ADMIN`` on top.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(settings.NEWSPAPER_ADMIN_PREFIX):
            parts.replace = {**settings.NEWSPAPER_CSP_ADMIN, **(parts.replace or {})}
        return parts


class AdminHttpsOnlyMiddleware:
    """With ``NEWSPAPER_ADMIN_REQUIRES_HTTPS`` (production), the admin refuses plain http.

    ``SECURE_SSL_REDIRECT`` already sends browsers to https; this holds even where the
    redirect is left to a proxy that is misconfigured, so no password, session cookie or
    staff action ever travels in clear.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.NEWSPAPER_ADMIN_REQUIRES_HTTPS
            and request.path_info.startswith(settings.NEWSPAPER_ADMIN_PREFIX)
            and not request.is_secure()
        ):
            return HttpResponseForbidden(_("The newsroom admin is only available over https."))
        return self.get_response(request)


def client_ip(request) -> str | None:
    """The client's address for login throttling: behind our proxy, the last address it
    added to X-Forwarded-For (earlier ones are the client's to forge); else the socket's."""
    if settings.NEWSPAPER_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a locked-out login: a page in Chinese, 429 Too Many Requests."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    html = loader.get_template("newspaper/lockout.html").render({"minutes": minutes}, request)
    return HttpResponse(html, status=429)
