"""Uploaded media as the development server serves them, with the headers that keep a
file from ever acting as a web page on the site's origin.

Production serves ``MEDIA_ROOT`` from the web server in front, which must send the same
headers (the README's "Serving media" section has the nginx lines).
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.static import serve

# What a browser may do with a media file shown on its own: nothing but display it.
MEDIA_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def media_headers(response: HttpResponse, path: str) -> HttpResponse:
    """Add the media headers: no type sniffing, no scripts, PDFs downloaded."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
    if path.lower().endswith(".pdf"):
        name = path.rsplit("/", 1)[-1]
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    """A file of ``MEDIA_ROOT``, with ``media_headers``."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    return media_headers(response, path)
