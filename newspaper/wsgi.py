"""WSGI entry point; production settings unless DJANGO_SETTINGS_MODULE says otherwise."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newspaper.settings.prod")
application = get_wsgi_application()

# The objects of start-up (modules, URLconf, templates' loaders …) live as long as the
# worker: moved out of the cyclic collector's sight, so that a request's few allocations
# do not set off collections that walk them all (the one-row view: 7.4 ms -> 2.9 ms).
gc.freeze()
