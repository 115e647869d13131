"""Reading and checking a bundle: everything is checked before anything is written.

``read_bundle`` reads ``edition.json`` within its size and nesting limits, validates it
against the schema (``schema.py``), checks what a schema cannot (page numbers used once,
placements on the bundle's pages, keys unique) and reads each file the document names once,
checking what it really is. It reports every problem with the key, page or article at
fault. With a ``Staging`` it keeps each checked file there under a name of its own, for
``services.edition_import`` to write in one transaction.
"""

import io
import json
import re
from pathlib import Path

import pypdfium2 as pdfium
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pydantic import ValidationError as PydanticValidationError

from editions.rendering import FULL_WIDTH
from editions.validators import sniff, validate_page_image, validate_page_pdf

from . import limits, schema
from .data import ArticleData, BundleData, ImageData, PageData, PlacementData, StagedFile
from .errors import BundleError
from .source import BundleSource
from .staging import Staging

# What editions.validators found wrong with a file, said the bundle way.
FILE_PROBLEMS = {
    "empty": "is empty",
    "not_pdf": "is not a PDF",
    "active_content": "is not a PDF",
    "unreadable_pdf": "cannot be opened as a PDF (damaged or protected by a password)",
    "pdf_pages": "must hold exactly one page",
    "pdf_active": "carries JavaScript, embedded files, forms or other active content",
}
IMAGE_PROBLEM = "is not a JPEG, PNG or WebP image"
# The stored file's extension comes from what the file is, never from its name.
EXTENSIONS = {"pdf": ".pdf", "jpeg": ".jpg", "png": ".png", "webp": ".webp"}
NAME_EXTENSIONS = {"pdf": {".pdf"}, "image": {".jpg", ".jpeg", ".png", ".webp"}}

_JSON_STRINGS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_JSON_BRACKETS = re.compile(rb"[\[\]{}]")


def _json_depth(data: bytes, limit: int) -> int:
    """How deep ``data`` nests arrays and objects, counted without parsing (stops past limit)."""
    depth = deepest = 0
    for bracket in _JSON_BRACKETS.finditer(_JSON_STRINGS.sub(b"", data)):
        if bracket[0] in (b"[", b"{"):
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
        else:
            depth -= 1
    return deepest


def read_document(source: BundleSource, bounds: limits.Limits):
    """``edition.json``, parsed only once its size and nesting are within the limits."""
    if not source.exists("edition.json"):
        raise BundleError(["edition.json: not found in the bundle"])
    data = source.read("edition.json", limit=bounds.json_bytes)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BundleError([f"edition.json: not valid UTF-8 JSON ({exc})"]) from None
    depth = _json_depth(data, bounds.json_depth)
    if depth > bounds.json_depth:
        raise BundleError(
            [
                _("edition.json: nests more than %(limit)d levels deep")
                % {"limit": bounds.json_depth}
            ]
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BundleError([f"edition.json: not valid UTF-8 JSON ({exc})"]) from None
    except RecursionError:
        raise BundleError(
            [
                _("edition.json: nests more than %(limit)d levels deep")
                % {"limit": bounds.json_depth}
            ]
        ) from None


def _check_counts(document, bounds: limits.Limits) -> None:
    """Too many pages or articles refuse the bundle before any of them is looked at."""
    if not isinstance(document, dict):
        return
    for key, limit in (("pages", bounds.pages), ("articles", bounds.articles)):
        items = document.get(key)
        if isinstance(items, list) and len(items) > limit:
            raise BundleError(
                [
                    _("%(key)s: the bundle holds %(count)d; at most %(limit)d are accepted")
                    % {"key": key, "count": len(items), "limit": limit}
                ]
            )


class FileChecker:
    """Reads, checks and stages each file the document names, once per name."""

    def __init__(self, source: BundleSource, staging: Staging | None, bounds: limits.Limits):
        self.source = source
        self.staging = staging
        self.bounds = bounds
        self.checked: dict[tuple[str, str], StagedFile | None] = {}
        self.total = 0

    def __call__(self, name, where: str, kind: str, errors: list[str]) -> StagedFile | None:
        if name in (None, ""):
            return None
        if not BundleSource.safe_name(name):
            errors.append(f"{where}: {name!r} is not a plain relative path inside the bundle")
            return None
        if (name, kind) in self.checked:
            return self.checked[(name, kind)]
        self.checked[(name, kind)] = None
        if Path(name).suffix.lower() not in NAME_EXTENSIONS[kind]:
            errors.append(
                _("%(where)s: %(name)s: only %(allowed)s files are accepted here")
                % {
                    "where": where,
                    "name": name,
                    "allowed": "、".join(sorted(NAME_EXTENSIONS[kind])),
                }
            )
            return None
        if not self.source.exists(name):
            errors.append(f"{where}: {name} is not in the bundle")
            return None
        try:
            data = self.source.read(name, limit=self.bounds.file_bytes)
        except BundleError as exc:
            errors.extend(f"{where}: {error}" for error in exc.errors)
            return None
        self.total += len(data)
        if self.total > self.bounds.total_bytes:
            errors.append(
                _("%(where)s: the bundle's files come to more than %(limit)d MB")
                % {"where": where, "limit": self.bounds.total_bytes // limits.MB}
            )
            return None
        if kind == "pdf":
            problem = self._pdf_problem(name, data)
        else:
            problem = self._image_problem(name, data)
        self.source.forget(name)
        if problem:
            errors.append(f"{where}: {problem}")
            return None
        extension = EXTENSIONS[sniff(data[:4096])]
        path = self.staging.stage(data, extension) if self.staging else None
        staged = self.checked[(name, kind)] = StagedFile(path, extension)
        return staged

    def _pdf_problem(self, name: str, data: bytes) -> str | None:
        try:
            validate_page_pdf(data)
        except ValidationError as exc:
            if exc.code in FILE_PROBLEMS:
                return f"{name} {FILE_PROBLEMS[exc.code]}"
            # A check with no bundle wording of its own (the page size): its own message,
            # which names the size and the limit.
            return f"{name}: {' '.join(exc.messages)}"
        # The page image may be rendered from the PDF at FULL_WIDTH pixels: a long, narrow
        # page would make a bitmap of billions of pixels.
        document = pdfium.PdfDocument(data)
        try:
            width, height = document[0].get_size()
        finally:
            document.close()
        pixels = FULL_WIDTH * FULL_WIDTH * height / max(width, 1e-6)
        if width < 1 or height < 1 or pixels > self.bounds.pixels:
            return _(
                "%(name)s: its page of %(width)d × %(height)d pt would render to more than "
                "%(limit)d million pixels"
            ) % {
                "name": name,
                "width": width,
                "height": height,
                "limit": self.bounds.pixels // 1_000_000,
            }
        return None

    def _image_problem(self, name: str, data: bytes) -> str | None:
        if sniff(data[:4096]) not in {"jpeg", "png", "webp"}:
            return f"{name} {IMAGE_PROBLEM}"
        # The pixel count comes from the header, before a single pixel is decoded.
        try:
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
        except Image.DecompressionBombError:
            width = height = None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            return f"{name} {IMAGE_PROBLEM}"
        if width is None or width * height > self.bounds.pixels:
            return _("%(name)s: the image has more than %(limit)d million pixels, the limit") % {
                "name": name,
                "limit": self.bounds.pixels // 1_000_000,
            }
        try:
            validate_page_image(data)
        except ValidationError as exc:
            if exc.code in ("too_large", "too_many_pixels", "image_bomb"):
                return f"{name}: {' '.join(exc.messages)}"
            return f"{name} {IMAGE_PROBLEM}"
        return None


def _cross_check(document: dict, errors: list[str]) -> None:
    """What the schema cannot see: numbers and keys used once, placements on real pages."""
    pages = document.get("pages") if isinstance(document.get("pages"), list) else []
    numbers = [
        p["number"]
        for p in pages
        if isinstance(p, dict) and isinstance(p.get("number"), int) and p["number"] >= 1
    ]
    for duplicate in sorted({n for n in numbers if numbers.count(n) > 1}):
        errors.append(f"pages: page {duplicate} appears more than once")
    articles = document.get("articles") if isinstance(document.get("articles"), list) else []
    keys_seen: set[str] = set()
    for i, raw in enumerate(articles):
        if not isinstance(raw, dict):
            continue
        where = schema.label(("articles", i), document)
        key = raw.get("key")
        if isinstance(key, str) and key.strip():
            if key.strip() in keys_seen:
                errors.append(f"{where}.key: used by another article")
            keys_seen.add(key.strip())
        names: list[str] = []
        for j, author in enumerate(_list(raw.get("authors"))):
            name = author.get("name") if isinstance(author, dict) else None
            if isinstance(name, str) and name.strip():
                if name.strip() in names:
                    errors.append(f"{where}.authors[{j}].name: {name.strip()} is credited twice")
                names.append(name.strip())
        placed: list[int] = []
        for j, placement in enumerate(_list(raw.get("placements"))):
            page = placement.get("page") if isinstance(placement, dict) else None
            if not isinstance(page, int) or isinstance(page, bool) or page < 1:
                continue
            if page not in numbers:
                errors.append(
                    f"{where}.placements[{j}].page: page {page} is not among the bundle's pages"
                )
            if page in placed:
                errors.append(
                    f"{where}.placements[{j}].page: the article is placed on page {page} twice"
                )
            placed.append(page)


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _check_files(document: dict, check: FileChecker, errors: list[str]) -> dict:
    """Each named file checked (and staged); (where it is named) -> StagedFile."""
    files: dict = {}
    for i, page in enumerate(_list(document.get("pages"))):
        if isinstance(page, dict):
            for kind in ("image", "pdf"):
                where = f"{schema.label(('pages', i), document)}.{kind}"
                files[("pages", i, kind)] = check(page.get(kind), where, kind, errors)
    for i, article in enumerate(_list(document.get("articles"))):
        if not isinstance(article, dict):
            continue
        for j, image in enumerate(_list(article.get("images"))):
            if isinstance(image, dict):
                where = f"{schema.label(('articles', i), document)}.images[{j}].file"
                if image.get("file") == "":
                    errors.append(f"{where}: must not be empty")
                files[("articles", i, j)] = check(image.get("file"), where, "image", errors)
    return files


def read_bundle(path: str | Path, *, staging: Staging | None = None) -> BundleData:
    """Parse and check a bundle completely; raise BundleError listing every problem."""
    bounds = limits.current()
    source = BundleSource(path)
    try:
        document = read_document(source, bounds)
        _check_counts(document, bounds)
        errors: list[str] = []
        try:
            parsed = schema.EditionDocument.model_validate(document)
        except PydanticValidationError as exc:
            parsed = None
            errors.extend(schema.errors(exc, document))
        if not isinstance(document, dict):
            raise BundleError(errors)
        _cross_check(document, errors)
        files = _check_files(document, FileChecker(source, staging, bounds), errors)
    finally:
        source.close()
    if errors:
        raise BundleError(errors)
    return _bundle_data(parsed, files)


def _bundle_data(doc: schema.EditionDocument, files: dict) -> BundleData:
    pages = [
        PageData(
            number=p.number,
            name=p.name,
            editor=p.editor,
            image=files.get(("pages", i, "image")),
            pdf=files.get(("pages", i, "pdf")),
        )
        for i, p in enumerate(doc.pages)
    ]
    articles = []
    for i, a in enumerate(doc.articles):
        articles.append(
            ArticleData(
                key=a.key,
                title=a.title,
                section=a.section,
                genre=a.genre,
                kicker=a.kicker,
                subtitle=a.subtitle,
                highlights=list(a.highlights),
                authors=[(author.name, author.role) for author in a.authors],
                byline=a.byline,
                dateline=a.dateline,
                source=a.source,
                body_html=a.body_html,
                body_text=a.body_text,
                status=a.status,
                publish_at=a.publish_at,
                placements=[PlacementData(p.page, p.order, p.region) for p in a.placements],
                images=[
                    ImageData(file=files[("articles", i, j)], caption=m.caption, credit=m.credit)
                    for j, m in enumerate(a.images)
                ],
            )
        )
    return BundleData(
        publication=doc.publication.model_dump(),
        date=doc.edition.date,
        number=doc.edition.number,
        status=doc.edition.status,
        publish_at=doc.edition.publish_at,
        pages=sorted(pages, key=lambda p: p.number),
        articles=articles,
    )
