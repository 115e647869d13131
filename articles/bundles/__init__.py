"""Edition bundles (format ``newspaper-edition/1``): the schema, reading and checking.

A bundle is a folder or a ``.zip`` holding ``edition.json`` and the files it names.
``read_bundle`` checks everything before anything is written and reports every problem
with the key, page or article at fault; ``services.edition_import`` writes it in one
transaction through a staging folder; ``export.edition_export`` writes one back out.

- ``schema.py``: the pydantic models of ``edition.json`` (``manage.py bundle_schema``)
- ``limits.py``: the size, count and nesting limits, read from the settings at check time
- ``source.py``: a folder's or zip's files, read once each within the limits
- ``reader.py``: ``read_bundle``, the whole check; ``data.py``: what it returns
- ``staging.py``: files held until the import commits; clean-up after a killed import

Import ``read_bundle`` from ``reader`` and ``FORMAT`` from ``schema``: they load pydantic
and PDFium, which the web worker, importing this package through the services, never needs.
"""

from .data import BundleData
from .errors import BundleError
from .source import BundleSource

__all__ = ["BundleData", "BundleError", "BundleSource"]
