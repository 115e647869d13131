"""Reading, checking and writing edition bundles (format ``newspaper-edition/1``).

A bundle is a folder or a ``.zip`` holding ``edition.json`` and the files it names.
``read_bundle`` checks everything before anything is written and reports every problem
with the key, page or article at fault; ``services.edition_import`` writes it in one
transaction; ``services.edition_export`` writes one back out.
"""

import datetime
import io
import json
import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

from editions.validators import validate_page_pdf

FORMAT = "newspaper-edition/1"
STATUSES = {"draft", "published", "withdrawn"}
GENRES = {"消息", "通讯", "评论", "图片", "专访", "其他"}

TOP_KEYS = {"format": True, "publication": True, "edition": True, "pages": True, "articles": True}
PUBLICATION_KEYS = {
    "slug": True,
    "name": True,
    "name_latin": False,
    "cn_serial": False,
    "email": False,
    "hotline": False,
    "website": False,
    "sponsor": False,
    "publisher": False,
}
EDITION_KEYS = {"date": True, "number": True, "status": False, "publish_at": False}
PAGE_KEYS = {"number": True, "name": True, "editor": False, "image": False, "pdf": False}
ARTICLE_KEYS = {
    "key": True,
    "title": True,
    "section": False,
    "genre": False,
    "kicker": False,
    "subtitle": False,
    "highlights": False,
    "authors": False,
    "byline": False,
    "dateline": False,
    "source": False,
    "body_html": False,
    "body_text": False,
    "status": False,
    "publish_at": False,
    "placements": False,
    "images": False,
}
AUTHOR_KEYS = {"name": True, "role": False}
PLACEMENT_KEYS = {"page": True, "order": False, "region": False}
IMAGE_KEYS = {"file": True, "caption": False, "credit": False}

MAX_FILE_BYTES = 50 * 1024 * 1024
# What editions.validators found wrong with a page PDF, said the bundle way.
PDF_PROBLEMS = {
    "empty": "is empty",
    "not_pdf": "is not a PDF",
    "active_content": "is not a PDF",
    "unreadable_pdf": "cannot be opened as a PDF (damaged or protected by a password)",
    "pdf_pages": "must hold exactly one page",
    "pdf_active": "carries JavaScript, embedded files, forms or other active content",
}


class BundleError(Exception):
    """A bundle that cannot be imported; ``errors`` lists every problem found."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class PageData:
    number: int
    name: str
    editor: str = ""
    image: str = ""
    pdf: str = ""


@dataclass
class PlacementData:
    page: int
    order: int
    region: tuple[float, float, float, float] | None = None


@dataclass
class ImageData:
    file: str
    caption: str = ""
    credit: str = ""


@dataclass
class ArticleData:
    key: str
    title: str
    section: str = ""
    genre: str = "消息"
    kicker: str = ""
    subtitle: str = ""
    highlights: list[str] = field(default_factory=list)
    authors: list[tuple[str, str]] = field(default_factory=list)
    byline: str = ""
    dateline: str = ""
    source: str = ""
    body_html: str = ""
    body_text: str | None = None
    status: str = "published"
    publish_at: datetime.datetime | None = None
    placements: list[PlacementData] = field(default_factory=list)
    images: list[ImageData] = field(default_factory=list)


@dataclass
class BundleData:
    publication: dict
    date: datetime.date
    number: int
    status: str
    publish_at: datetime.datetime | None
    pages: list[PageData]
    articles: list[ArticleData]
    source: "BundleSource"


class BundleSource:
    """The files of a bundle, from a folder or a zip, by their names in edition.json."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._zip: zipfile.ZipFile | None = None
        if self.path.is_dir():
            return
        if not self.path.exists():
            raise BundleError([f"{self.path}: no such file or folder"])
        try:
            self._zip = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise BundleError([f"{self.path}: not a folder or a zip file ({exc})"]) from None
        self._prefix = self._zip_prefix()

    def _zip_prefix(self) -> str:
        """A zip may hold the bundle at its root or inside one top folder."""
        names = self._zip.namelist()
        if "edition.json" in names:
            return ""
        candidates = [n for n in names if posixpath.basename(n) == "edition.json"]
        if len(candidates) == 1 and candidates[0].count("/") == 1:
            return candidates[0].rsplit("edition.json", 1)[0]
        return ""

    def close(self):
        if self._zip is not None:
            self._zip.close()

    @staticmethod
    def safe_name(name: str) -> bool:
        """Relative, inside the bundle, no back-references: ``pages/01.jpg``."""
        if not isinstance(name, str) or not name or "\\" in name or "\x00" in name:
            return False
        normal = posixpath.normpath(name)
        return not (normal.startswith(("/", "../")) or normal == ".." or normal != name)

    def exists(self, name: str) -> bool:
        if self._zip is not None:
            return (self._prefix + name) in self._zip.namelist()
        return (self.path / name).is_file()

    def size(self, name: str) -> int:
        if self._zip is not None:
            return self._zip.getinfo(self._prefix + name).file_size
        return (self.path / name).stat().st_size

    def read(self, name: str) -> bytes:
        if self._zip is not None:
            return self._zip.read(self._prefix + name)
        return (self.path / name).read_bytes()


def _text(value, where: str, errors: list[str], *, required: bool = False, max_length=None):
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors.append(f"{where}: must be a string")
        return ""
    value = value.strip()
    if required and not value:
        errors.append(f"{where}: must not be empty")
    if max_length and len(value) > max_length:
        errors.append(f"{where}: longer than {max_length} characters")
    return value


def _keys(obj, allowed: dict[str, bool], where: str, errors: list[str]) -> bool:
    """Objects only, no unknown keys (typos surface), every required key present."""
    if not isinstance(obj, dict):
        errors.append(f"{where}: must be an object")
        return False
    for key in sorted(set(obj) - set(allowed)):
        errors.append(f"{where}.{key}: unknown key")
    for key, required in allowed.items():
        if required and key not in obj:
            errors.append(f"{where}.{key}: missing")
    return True


def _datetime(value, where: str, errors: list[str]) -> datetime.datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        errors.append(f"{where}: not an ISO 8601 date and time: {value!r}")
        return None
    if parsed.tzinfo is None:
        errors.append(f"{where}: must give a time zone offset, as in 2024-04-01T00:00:00+08:00")
        return None
    return parsed


def _positive_int(value, where: str, errors: list[str]) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        errors.append(f"{where}: must be a whole number of at least 1")
        return None
    return value


def _file(name, where: str, source: BundleSource, errors: list[str], kind: str) -> str:
    if name in (None, ""):
        return ""
    if not BundleSource.safe_name(name):
        errors.append(f"{where}: {name!r} is not a plain relative path inside the bundle")
        return ""
    if not source.exists(name):
        errors.append(f"{where}: {name} is not in the bundle")
        return ""
    if source.size(name) > MAX_FILE_BYTES:
        errors.append(f"{where}: {name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        return ""
    data = source.read(name)
    if kind == "pdf":
        try:
            validate_page_pdf(data)
        except ValidationError as exc:
            problem = PDF_PROBLEMS.get(exc.code, "is not an acceptable page PDF")
            errors.append(f"{where}: {name} {problem}")
            return ""
    else:
        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
                if image.format not in {"JPEG", "PNG", "GIF", "WEBP"}:
                    raise UnidentifiedImageError(image.format)
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            errors.append(f"{where}: {name} is not a JPEG, PNG, GIF or WebP image")
            return ""
    return name


def read_bundle(path: str | Path) -> BundleData:
    """Parse and check a bundle completely; raise BundleError listing every problem."""
    source = BundleSource(path)
    errors: list[str] = []
    if not source.exists("edition.json"):
        raise BundleError(["edition.json: not found in the bundle"])
    try:
        doc = json.loads(source.read("edition.json").decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BundleError([f"edition.json: not valid UTF-8 JSON ({exc})"]) from None
    if not _keys(doc, TOP_KEYS, "edition.json", errors):
        raise BundleError(errors)
    if doc.get("format") != FORMAT:
        errors.append(f"format: must be {FORMAT!r}, not {doc.get('format')!r}")

    publication: dict = {}
    pub = doc.get("publication")
    if _keys(pub, PUBLICATION_KEYS, "publication", errors):
        for key, required in PUBLICATION_KEYS.items():
            publication[key] = _text(
                pub.get(key), f"publication.{key}", errors, required=required, max_length=100
            )

    ed = doc.get("edition")
    date = number = publish_at = None
    status = "draft"
    if _keys(ed, EDITION_KEYS, "edition", errors):
        try:
            date = datetime.date.fromisoformat(ed.get("date"))
        except (TypeError, ValueError):
            errors.append(f"edition.date: not a date as in 2024-04-01: {ed.get('date')!r}")
        number = _positive_int(ed.get("number"), "edition.number", errors)
        status = ed.get("status", "draft")
        if status not in STATUSES:
            errors.append(f"edition.status: must be one of {sorted(STATUSES)}, not {status!r}")
        publish_at = _datetime(ed.get("publish_at"), "edition.publish_at", errors)

    pages: list[PageData] = []
    raw_pages = doc.get("pages")
    if not isinstance(raw_pages, list):
        errors.append("pages: must be a list")
        raw_pages = []
    for i, raw in enumerate(raw_pages):
        where = f"pages[{i}]"
        if isinstance(raw, dict) and isinstance(raw.get("number"), int):
            where = f"pages[{i}] (page {raw['number']})"
        if not _keys(raw, PAGE_KEYS, where, errors):
            continue
        page_number = _positive_int(raw.get("number"), f"{where}.number", errors)
        if page_number is not None and page_number > 99:
            errors.append(f"{where}.number: pages are numbered 1 to 99")
        pages.append(
            PageData(
                number=page_number or 0,
                name=_text(raw.get("name"), f"{where}.name", errors, required=True, max_length=50),
                editor=_text(raw.get("editor"), f"{where}.editor", errors, max_length=50),
                image=_file(raw.get("image"), f"{where}.image", source, errors, "image"),
                pdf=_file(raw.get("pdf"), f"{where}.pdf", source, errors, "pdf"),
            )
        )
    numbers = [p.number for p in pages if p.number]
    for duplicate in sorted({n for n in numbers if numbers.count(n) > 1}):
        errors.append(f"pages: page {duplicate} appears more than once")

    articles: list[ArticleData] = []
    raw_articles = doc.get("articles")
    if not isinstance(raw_articles, list):
        errors.append("articles: must be a list")
        raw_articles = []
    keys_seen: set[str] = set()
    for i, raw in enumerate(raw_articles):
        article = _read_article(raw, i, set(numbers), source, errors)
        if article is None:
            continue
        if article.key in keys_seen:
            errors.append(f"articles[{i}] ({article.key}).key: used by another article")
        keys_seen.add(article.key)
        articles.append(article)

    if errors:
        source.close()
        raise BundleError(errors)
    return BundleData(
        publication=publication,
        date=date,
        number=number,
        status=status,
        publish_at=publish_at,
        pages=sorted(pages, key=lambda p: p.number),
        articles=articles,
        source=source,
    )


def _read_article(raw, i: int, page_numbers: set[int], source, errors) -> ArticleData | None:
    where = f"articles[{i}]"
    if isinstance(raw, dict) and isinstance(raw.get("key"), str) and raw["key"].strip():
        where = f"articles[{i}] ({raw['key'].strip()})"
    if not _keys(raw, ARTICLE_KEYS, where, errors):
        return None
    key = _text(raw.get("key"), f"{where}.key", errors, required=True, max_length=50)
    article = ArticleData(
        key=key,
        title=_text(raw.get("title"), f"{where}.title", errors, required=True, max_length=300),
        section=_text(raw.get("section"), f"{where}.section", errors, max_length=50),
        kicker=_text(raw.get("kicker"), f"{where}.kicker", errors, max_length=200),
        subtitle=_text(raw.get("subtitle"), f"{where}.subtitle", errors, max_length=300),
        byline=_text(raw.get("byline"), f"{where}.byline", errors, max_length=200),
        dateline=_text(raw.get("dateline"), f"{where}.dateline", errors, max_length=100),
        source=_text(raw.get("source"), f"{where}.source", errors, max_length=100),
    )
    genre = raw.get("genre", "消息")
    if genre not in GENRES:
        errors.append(f"{where}.genre: must be one of {sorted(GENRES)}, not {genre!r}")
    article.genre = genre
    status = raw.get("status", "published")
    if status not in STATUSES:
        errors.append(f"{where}.status: must be one of {sorted(STATUSES)}, not {status!r}")
    article.status = status
    article.publish_at = _datetime(raw.get("publish_at"), f"{where}.publish_at", errors)

    highlights = raw.get("highlights", [])
    if not isinstance(highlights, list) or not all(isinstance(h, str) for h in highlights):
        errors.append(f"{where}.highlights: must be a list of strings")
    else:
        article.highlights = [h.strip() for h in highlights if h.strip()]
        if any("\n" in h for h in article.highlights):
            errors.append(f"{where}.highlights: one line each, no line breaks")

    if "body_html" in raw and "body_text" in raw:
        errors.append(f"{where}: give body_html or body_text, not both")
    if "body_text" in raw:
        article.body_text = _text(raw.get("body_text"), f"{where}.body_text", errors)
    else:
        article.body_html = _text(raw.get("body_html"), f"{where}.body_html", errors)

    authors = raw.get("authors", [])
    if not isinstance(authors, list):
        errors.append(f"{where}.authors: must be a list")
        authors = []
    names: list[str] = []
    for j, author in enumerate(authors):
        author_where = f"{where}.authors[{j}]"
        if not _keys(author, AUTHOR_KEYS, author_where, errors):
            continue
        name = _text(
            author.get("name"), f"{author_where}.name", errors, required=True, max_length=50
        )
        role = _text(author.get("role"), f"{author_where}.role", errors, max_length=30)
        if name in names:
            errors.append(f"{author_where}.name: {name} is credited twice")
        names.append(name)
        article.authors.append((name, role))

    placements = raw.get("placements", [])
    if not isinstance(placements, list):
        errors.append(f"{where}.placements: must be a list")
        placements = []
    placed: list[int] = []
    for j, raw_placement in enumerate(placements):
        p_where = f"{where}.placements[{j}]"
        if not _keys(raw_placement, PLACEMENT_KEYS, p_where, errors):
            continue
        page = _positive_int(raw_placement.get("page"), f"{p_where}.page", errors)
        if page is not None and page not in page_numbers:
            errors.append(f"{p_where}.page: page {page} is not among the bundle's pages")
        if page in placed:
            errors.append(f"{p_where}.page: the article is placed on page {page} twice")
        placed.append(page)
        order = _positive_int(raw_placement.get("order", 1), f"{p_where}.order", errors)
        region = raw_placement.get("region")
        if region is not None:
            valid = (
                isinstance(region, list)
                and len(region) == 4
                and all(isinstance(v, int | float) and not isinstance(v, bool) for v in region)
                and all(0 <= v <= 1 for v in region)
                and region[2] > 0
                and region[3] > 0
            )
            if not valid:
                errors.append(
                    f"{p_where}.region: must be [x, y, width, height], fractions from 0 to 1"
                )
                region = None
            else:
                region = tuple(float(v) for v in region)
        article.placements.append(PlacementData(page=page or 0, order=order or 1, region=region))

    images = raw.get("images", [])
    if not isinstance(images, list):
        errors.append(f"{where}.images: must be a list")
        images = []
    for j, raw_image in enumerate(images):
        i_where = f"{where}.images[{j}]"
        if not _keys(raw_image, IMAGE_KEYS, i_where, errors):
            continue
        article.images.append(
            ImageData(
                file=_file(raw_image.get("file"), f"{i_where}.file", source, errors, "image"),
                caption=_text(raw_image.get("caption"), f"{i_where}.caption", errors),
                credit=_text(raw_image.get("credit"), f"{i_where}.credit", errors, max_length=100),
            )
        )
    return article
