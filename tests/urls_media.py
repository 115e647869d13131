"""The site's URLs with uploaded media served, for the browser tests' live server.

The project serves media only with DEBUG on (production leaves it to the web server);
the live server runs with DEBUG off, and its pages show page images.
"""

from django.urls import path

from editions.media import serve_media
from newspaper.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("media/<path:path>", serve_media),
    *site_urlpatterns,
]
