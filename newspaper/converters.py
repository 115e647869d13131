"""URL converters that refuse malformed values, so bad URLs get a 404 and never reach a view.

Django treats a ValueError from ``to_python`` as "no match", which ends in a 404.
"""

import datetime


class IsoDateConverter:
    """2024-04-01; 2024-13-45 does not match."""

    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value: str) -> datetime.date:
        return datetime.date.fromisoformat(value)

    def to_url(self, value) -> str:
        if isinstance(value, datetime.date):
            return value.isoformat()
        return datetime.date.fromisoformat(str(value)).isoformat()


class PageNumberConverter:
    """Two digits, 01 to 99, as the page labels print them."""

    regex = r"[0-9]{2}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number < 1:
            raise ValueError("page numbers start at 1")
        return number

    def to_url(self, value) -> str:
        return f"{int(value):02d}"


class IdConverter:
    """A database id that fits a 64-bit integer column (a longer one would be a 500)."""

    regex = r"[1-9][0-9]{0,17}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


class YearConverter:
    regex = r"[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
            raise ValueError("year out of range")
        return year

    def to_url(self, value) -> str:
        return f"{int(value):04d}"


class MonthConverter:
    regex = r"[0-9]{2}"

    def to_python(self, value: str) -> int:
        month = int(value)
        if not 1 <= month <= 12:
            raise ValueError("month out of range")
        return month

    def to_url(self, value) -> str:
        return f"{int(value):02d}"
