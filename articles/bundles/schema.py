"""The schema of ``edition.json`` (format ``newspaper-edition/1``), as pydantic models.

Unknown keys are refused (``extra="forbid"``) so typos surface; choices come from the
models' choices and lengths and integer ranges from the model fields, so the bundle can
never hold what the database would refuse. Every check raises a ``PydanticCustomError``
whose message is the bundle's own (``must be a whole number of at least 1``); ``errors()``
turns pydantic's locations into the labels editors know (``articles[2] (a3).title``).
``python manage.py bundle_schema`` prints ``json_schema()`` for layout-system vendors.

Text: control characters (U+0000-U+001F, U+007F-U+009F) other than tab and line feed are
stripped, NUL included, since they carry nothing in news copy and break XML feeds; a lone
surrogate (half of a UTF-16 pair, which no UTF-8 text can hold) refuses the text, since the
character it stood for cannot be guessed.
"""

import datetime
import re
from collections.abc import Callable
from typing import Annotated, Any, Literal

from django.utils.translation import gettext as _
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import PydanticCustomError

from editions.models import Edition, Page, Publication, PublishStatus

from ..models import (
    Article,
    ArticleAuthor,
    ArticleImage,
    Author,
    Genre,
    Placement,
    Section,
)
from . import limits

FORMAT = "newspaper-edition/1"
# The states a bundle knows; any other workflow state is exported as a draft.
STATUSES = tuple(PublishStatus.values)
GENRES = tuple(Genre.values)
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
MAX_PAGE_NUMBER = 99

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("bundle", "{message}", {"message": str(message)})


def clean_text(value: str) -> str:
    """``value`` without control characters (tab and line feed kept); refuses lone surrogates."""
    match = _SURROGATE.search(value)
    if match:
        raise fail(
            _("holds an invalid character (a lone UTF-16 surrogate) at position %(pos)d")
            % {"pos": match.start() + 1}
        )
    return _CONTROL.sub("", value)


def _text(*, required: bool = False, max_length: int | None = None) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise fail("must be a string")
        value = clean_text(value).strip()
        if required and not value:
            raise fail("must not be empty")
        limit = max_length or limits.current().text_chars
        if len(value) > limit:
            raise fail(f"longer than {limit} characters")
        return value

    return check


def Text(model=None, field: str | None = None, *, required: bool = False) -> Any:  # noqa: N802
    """A string, stripped and cleaned, at most as long as ``model.field`` holds."""
    length = limits.max_length(model, field) if model is not None else None
    if length:
        check = _text(required=required, max_length=length)
        return Annotated[str, BeforeValidator(check), Field(max_length=length)]
    return Annotated[str, BeforeValidator(_text(required=required))]


def _whole_number(low: int, high: int, too_high: str | None = None) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise fail("must be a whole number of at least 1")
        if value > high:
            raise fail(
                too_high
                or _("must be a whole number from %(low)d to %(high)d")
                % {
                    "low": low,
                    "high": high,
                }
            )
        return value

    return check


def WholeNumber(model, field: str, *, high: int | None = None, too_high: str | None = None) -> Any:  # noqa: N802
    """A whole number from 1 to what ``model.field``'s column holds (or ``high``)."""
    low, column_high = limits.integer_range(model, field)
    high = min(high or column_high, column_high)
    check = _whole_number(low, high, too_high)
    return Annotated[int, Field(ge=low, le=high), BeforeValidator(check)]


def _choice(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in choices:
            raise fail(f"must be one of {sorted(choices)}, not {value!r}")
        return value

    return check


def Choice(choices: tuple[str, ...]) -> Any:  # noqa: N802
    return Annotated[Literal[choices], BeforeValidator(_choice(choices))]


def _in_range(year: int) -> None:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise fail(
            _("must fall between the years %(earliest)d and %(latest)d")
            % {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR}
        )


def _date(value: Any) -> datetime.date:
    try:
        parsed = datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise fail(f"not a date as in 2024-04-01: {value!r}") from None
    _in_range(parsed.year)
    return parsed


def _datetime(value: Any) -> datetime.datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise fail(f"not an ISO 8601 date and time: {value!r}") from None
    if parsed.tzinfo is None:
        raise fail("must give a time zone offset, as in 2024-04-01T00:00:00+08:00")
    _in_range(parsed.year)
    return parsed


DateTime = Annotated[datetime.datetime | None, BeforeValidator(_datetime)]


def _count(value: Any) -> Any:
    """Lists of an article's parts are counted before their items are checked."""
    if isinstance(value, list) and len(value) > (limit := limits.current().items):
        raise fail(
            _("holds %(count)d items; at most %(limit)d are accepted")
            % {
                "count": len(value),
                "limit": limit,
            }
        )
    return value


def _highlights(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(h, str) for h in value):
        raise fail("must be a list of strings")
    _count(value)
    lines = [clean_text(h).strip() for h in value]
    lines = [h for h in lines if h]
    if any("\n" in h for h in lines):
        raise fail("one line each, no line breaks")
    return lines


def _region(value: Any) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    valid = (
        isinstance(value, list)
        and len(value) == 4
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        and all(0 <= v <= 1 for v in value)
        and value[2] > 0
        and value[3] > 0
    )
    if not valid:
        raise fail("must be [x, y, width, height], fractions from 0 to 1")
    return tuple(float(v) for v in value)


def _file_name(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise fail("must be a string")
    return value


FileName = Annotated[str, BeforeValidator(_file_name)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PublicationSchema(Strict):
    slug: Text(Publication, "slug", required=True)
    name: Text(Publication, "name", required=True)
    name_latin: Text(Publication, "name_latin") = ""
    cn_serial: Text(Publication, "cn_serial") = ""
    email: Text(Publication, "email") = ""
    hotline: Text(Publication, "hotline") = ""
    website: Text(Publication, "website") = ""
    sponsor: Text(Publication, "sponsor") = ""
    publisher: Text(Publication, "publisher") = ""


class EditionSchema(Strict):
    date: Annotated[datetime.date, BeforeValidator(_date)]
    number: WholeNumber(Edition, "number")
    status: Choice(STATUSES) = PublishStatus.DRAFT.value
    publish_at: DateTime = None


class PageSchema(Strict):
    number: WholeNumber(Page, "number", high=MAX_PAGE_NUMBER, too_high="pages are numbered 1 to 99")
    name: Text(Page, "name", required=True)
    editor: Text(Page, "editor") = ""
    image: FileName = ""
    pdf: FileName = ""


class AuthorSchema(Strict):
    name: Text(Author, "name", required=True)
    role: Text(ArticleAuthor, "role") = ""


class PlacementSchema(Strict):
    page: WholeNumber(Page, "number", high=MAX_PAGE_NUMBER)
    order: WholeNumber(Placement, "position") = 1
    region: Annotated[tuple[float, float, float, float] | None, BeforeValidator(_region)] = None


class ImageSchema(Strict):
    file: FileName
    caption: Text() = ""
    credit: Text(ArticleImage, "credit") = ""


class ArticleSchema(Strict):
    key: Annotated[str, BeforeValidator(_text(required=True, max_length=50)), Field(max_length=50)]
    title: Text(Article, "title", required=True)
    section: Text(Section, "name") = ""
    genre: Choice(GENRES) = Genre.NEWS.value
    kicker: Text(Article, "kicker") = ""
    subtitle: Text(Article, "subtitle") = ""
    highlights: Annotated[list[str], BeforeValidator(_highlights)] = []
    authors: Annotated[list[AuthorSchema], BeforeValidator(_count)] = []
    byline: Text(Article, "byline") = ""
    dateline: Text(Article, "dateline") = ""
    source: Text(Article, "source") = ""
    body_html: Text() = ""
    body_text: Annotated[str | None, BeforeValidator(_text())] = None
    status: Choice(STATUSES) = PublishStatus.PUBLISHED.value
    publish_at: DateTime = None
    placements: Annotated[list[PlacementSchema], BeforeValidator(_count)] = []
    images: Annotated[list[ImageSchema], BeforeValidator(_count)] = []

    @model_validator(mode="before")
    @classmethod
    def _one_body(cls, data: Any) -> Any:
        if isinstance(data, dict) and "body_html" in data and "body_text" in data:
            raise fail("give body_html or body_text, not both")
        return data


class EditionDocument(Strict):
    """The whole of ``edition.json``."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="newspaper-edition/1",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    format: Annotated[Literal[FORMAT], BeforeValidator(lambda v: _format(v))]
    publication: PublicationSchema
    edition: EditionSchema
    pages: list[PageSchema]
    articles: list[ArticleSchema]


def _format(value: Any) -> str:
    if value != FORMAT:
        raise fail(f"must be {FORMAT!r}, not {value!r}")
    return value


# What pydantic's own error types mean, said the bundle's way.
_PYDANTIC_MESSAGES = {
    "missing": "missing",
    "extra_forbidden": "unknown key",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "dict_type": "must be an object",
    "list_type": "must be a list",
    "string_type": "must be a string",
}


def label(loc: tuple, document: Any) -> str:
    """``('articles', 2, 'title')`` as ``articles[2] (a3).title``, as the messages name it."""
    text = ""
    node = document
    for depth, part in enumerate(loc):
        if isinstance(part, int):
            text += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if depth == 1 and isinstance(node, dict):
                if loc[0] == "pages" and isinstance(node.get("number"), int):
                    text += f" (page {node['number']})"
                key = node.get("key")
                if loc[0] == "articles" and isinstance(key, str) and key.strip():
                    text += f" ({key.strip()})"
        else:
            text += f".{part}" if text else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return text


def errors(exc: PydanticValidationError, document: Any) -> list[str]:
    """Pydantic's errors as the bundle's messages, one per fault."""
    messages = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        kind = error["type"]
        if kind == "bundle":
            message = error["ctx"]["message"]
        else:
            message = _PYDANTIC_MESSAGES.get(kind, error["msg"])
        where = label(loc, document)
        if len(loc) <= 1 and kind in ("missing", "extra_forbidden"):
            where = f"edition.json.{where}"
        messages.append(f"{where or 'edition.json'}: {message}")
    return messages


def json_schema() -> dict:
    """The JSON Schema of ``edition.json``."""
    return EditionDocument.model_json_schema(mode="validation")
