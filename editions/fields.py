"""Date and time fields that survive a bad row already in the database.

Forms, services and bundles refuse dates outside 1900–2100 (``validators.SANE_DATE``), but a
row written before those checks, or by hand in SQL, can still hold ``0001-01-01`` or
``9999-12-31``: converting such a value to local time or adding a day to it overflows, and
every page, feed and admin list that shows it would answer 500. These fields clamp a value
read from the database into the sane range and log the row, so the site keeps answering
while someone repairs it. They deconstruct as Django's own fields: no migration, and
migrations never import them.
"""

import datetime
import logging

from django.db import models

from .validators import EARLIEST_YEAR, LATEST_YEAR

logger = logging.getLogger("newspaper.bad_rows")

EARLIEST_DATE = datetime.date(EARLIEST_YEAR, 1, 1)
LATEST_DATE = datetime.date(LATEST_YEAR, 12, 31)
EARLIEST_DATETIME = datetime.datetime(EARLIEST_YEAR, 1, 1, tzinfo=datetime.UTC)
LATEST_DATETIME = datetime.datetime(LATEST_YEAR, 12, 31, 23, 59, 59, tzinfo=datetime.UTC)


def _clamped(field: models.Field, value, low, high):
    if value is None:
        return value
    naive = isinstance(value, datetime.datetime) and value.tzinfo is None
    compare = value.replace(tzinfo=datetime.UTC) if naive else value
    if low <= compare <= high:
        return value
    bound = low if compare < low else high
    if naive:
        bound = bound.replace(tzinfo=None)
    logger.warning(
        "%s holds %s, outside %s–%s; shown as %s until it is repaired.",
        field,
        value.isoformat(),
        EARLIEST_YEAR,
        LATEST_YEAR,
        bound.isoformat(),
    )
    return bound


class SaneDateField(models.DateField):
    """A DateField whose values read from the database are clamped to 1900–2100."""

    def from_db_value(self, value, expression, connection):
        return _clamped(self, value, EARLIEST_DATE, LATEST_DATE)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateField", args, kwargs


class SaneDateTimeField(models.DateTimeField):
    """A DateTimeField whose values read from the database are clamped to 1900–2100."""

    def from_db_value(self, value, expression, connection):
        return _clamped(self, value, EARLIEST_DATETIME, LATEST_DATETIME)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateTimeField", args, kwargs
