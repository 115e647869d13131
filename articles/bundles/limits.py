"""The limits a bundle is checked against, read from the settings when the check runs.

Reading them at check time (not at import time) lets ``override_settings`` change them in
tests and lets a deployment raise one without a code change. Each has a default fit for a
city daily; a 100-page weekend edition with 2,000 articles still fits.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.backends.base.operations import BaseDatabaseOperations

MB = 1024 * 1024

DEFAULTS = {
    # edition.json: its size is checked before it is read, its nesting before it is parsed.
    "NEWSPAPER_BUNDLE_MAX_JSON_BYTES": 20 * MB,
    "NEWSPAPER_BUNDLE_MAX_JSON_DEPTH": 20,
    # Counts.
    "NEWSPAPER_BUNDLE_MAX_PAGES": 99,
    "NEWSPAPER_BUNDLE_MAX_ARTICLES": 5000,
    "NEWSPAPER_BUNDLE_MAX_ITEMS": 100,  # authors, placements, images, highlights per article
    "NEWSPAPER_BUNDLE_MAX_TEXT_CHARS": 200_000,  # a body; other texts have the model's length
    # Files: one file, all files together, entries in a zip, pixels of an image.
    "NEWSPAPER_BUNDLE_MAX_FILE_BYTES": 50 * MB,
    "NEWSPAPER_BUNDLE_MAX_TOTAL_BYTES": 2048 * MB,
    "NEWSPAPER_BUNDLE_MAX_ENTRIES": 10_000,
    "NEWSPAPER_BUNDLE_MAX_PIXELS": 60_000_000,
}


@dataclass(frozen=True)
class Limits:
    json_bytes: int
    json_depth: int
    pages: int
    articles: int
    items: int
    text_chars: int
    file_bytes: int
    total_bytes: int
    entries: int
    pixels: int


def current() -> Limits:
    """The limits in force now."""
    value = {name: getattr(settings, name, default) for name, default in DEFAULTS.items()}
    return Limits(
        json_bytes=value["NEWSPAPER_BUNDLE_MAX_JSON_BYTES"],
        json_depth=value["NEWSPAPER_BUNDLE_MAX_JSON_DEPTH"],
        pages=value["NEWSPAPER_BUNDLE_MAX_PAGES"],
        articles=value["NEWSPAPER_BUNDLE_MAX_ARTICLES"],
        items=value["NEWSPAPER_BUNDLE_MAX_ITEMS"],
        text_chars=value["NEWSPAPER_BUNDLE_MAX_TEXT_CHARS"],
        file_bytes=value["NEWSPAPER_BUNDLE_MAX_FILE_BYTES"],
        total_bytes=value["NEWSPAPER_BUNDLE_MAX_TOTAL_BYTES"],
        entries=value["NEWSPAPER_BUNDLE_MAX_ENTRIES"],
        pixels=value["NEWSPAPER_BUNDLE_MAX_PIXELS"],
    )


def integer_range(model, field_name: str) -> tuple[int, int]:
    """The whole numbers the database column of ``model.field_name`` holds."""
    # Django's portable ranges (what every supported database holds), whichever is in use.
    internal_type = model._meta.get_field(field_name).get_internal_type()
    low, high = BaseDatabaseOperations.integer_field_ranges[internal_type]
    return max(1, low), high


def max_length(model, field_name: str) -> int:
    return model._meta.get_field(field_name).max_length
