"""The CKEditor build whose known issues were reviewed (see the README's "Security").

django-ckeditor bundles CKEditor 4, which has known unfixed issues; each was weighed against
how this site uses the editor. A different bundled build needs that review again, so the
tests and ``make audit`` fail until ``REVIEWED_VERSION`` and the README are brought up to date.
"""

import re
from pathlib import Path

REVIEWED_VERSION = "4.22.1"

_VERSION = re.compile(rb'version:"([0-9][0-9.]*)"')


def bundled_version() -> str:
    """The version of the CKEditor that django-ckeditor serves, read from its build."""
    import ckeditor

    build = Path(ckeditor.__file__).parent / "static" / "ckeditor" / "ckeditor" / "ckeditor.js"
    found = _VERSION.search(build.read_bytes())
    if found is None:
        raise ValueError(f"No version found in {build}")
    return found.group(1).decode()
