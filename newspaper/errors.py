"""The answers for errors: a database that cannot be reached is a 503, not a 500; a request
for a host that is not ours gets a plain 400."""

import sys

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest
from django.template import loader
from django.templatetags.static import static
from django.views import defaults

DATABASE_ERRORS = (OperationalError, InterfaceError)


def service_unavailable() -> HttpResponse:
    """The 503 page: rendered without a request, so no context processor runs a query."""
    retry_after = int(settings.NEWSPAPER_RETRY_AFTER)
    try:
        stylesheet = static("css/site.css")
    except ValueError:  # no manifest entry (collectstatic not run): the plain name
        stylesheet = settings.STATIC_URL + "css/site.css"
    context = {"retry_after": retry_after, "stylesheet": stylesheet}
    html = loader.get_template("503.html").render(context)
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """``handler500``: the 503 page when the error was the database's, else Django's 500."""
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return service_unavailable()
    return defaults.server_error(request, template_name)


def bad_request(request, exception, template_name=defaults.ERROR_400_TEMPLATE_NAME):
    """``handler400``: the site's 400 page, except for a Host header that is not ours, whose
    page would need that very host for its absolute links: a plain 400 then."""
    if isinstance(exception, DisallowedHost):
        return HttpResponseBadRequest(
            "<!doctype html><title>400</title><h1>400</h1>", content_type="text/html"
        )
    return defaults.bad_request(request, exception, template_name)
