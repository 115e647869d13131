"""Settings package: ``base`` holds what every environment shares; ``dev``, ``test`` and
``prod`` add what differs. ``manage.py`` defaults to ``dev``; WSGI/ASGI default to ``prod``."""
