"""Checks on uploaded files: what a file really is, not what its name or browser says it is.

A page PDF must be a PDF that qpdf (pikepdf) and PDFium both open, one page of a sane size,
with no scripts, launch or submit actions, embedded files, XFA or other active content,
wherever in the file they sit (object streams included); link annotations to web addresses
are allowed, as print PDFs carry them. A page or article image must be a JPEG, PNG or WebP
that Pillow decodes, within a size and pixel limit read from its header before any pixel is
decoded. SVG, HTML and other markup are refused by their content, whatever their name.
Each check raises ``ValidationError`` with a ``code`` (``too_large``, ``active_content``,
``not_pdf``, …) and a message in the editors' language; bundle imports reuse the codes with
messages of their own.

Every limit is read from the settings when the check runs (``override_settings`` works);
the module constants are the defaults.
"""

import datetime
import io
import math
import re
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MB = 1024 * 1024
# Defaults of the limits; each may be set in the settings under NEWSPAPER_<NAME>.
PAGE_PDF_MAX_BYTES = 50 * MB
PAGE_IMAGE_MAX_BYTES = 25 * MB
PAGE_IMAGE_MAX_PIXELS = 60_000_000
ARTICLE_IMAGE_MAX_BYTES = 25 * MB
ARTICLE_IMAGE_MAX_PIXELS = 60_000_000
# A broadsheet is 1,700 pt tall; the PDF format's own limit is 14,400 pt a side.
PDF_PAGE_MAX_POINTS = 5_000
# Width to height either way: a broadsheet is 1.6, a panorama of two pages 3.2.
PDF_PAGE_MAX_ASPECT = 5.0
PAGE_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}
# How much of a file's start is searched for markup.
SNIFF_BYTES = 4096


def limit(name: str):
    """The limit ``name`` (``PAGE_PDF_MAX_BYTES``…): NEWSPAPER_<name> in the settings, else
    this module's default, read when the check runs."""
    return getattr(settings, f"NEWSPAPER_{name}", globals()[name])


MESSAGES = {
    "too_large": _("The file is %(size)s; files up to %(limit)s are accepted."),
    "empty": _("The file is empty."),
    "active_content": _(
        "SVG, HTML and other files that can carry scripts are not accepted. Upload the page "
        "as a PDF, or as a JPEG, PNG or WebP image."
    ),
    "not_pdf": _("This file is not a PDF."),
    "unreadable_pdf": _("This PDF cannot be opened: it is damaged or protected by a password."),
    "pdf_pages": _("A page PDF holds exactly one page; this one has %(count)d."),
    "pdf_active": _(
        "This PDF carries JavaScript, embedded files, forms or other active content, which are "
        "not accepted. Export the page again as a plain PDF (PDF/X, for example)."
    ),
    "pdf_as_image": _("This is a PDF. Upload it as the page PDF; the page image is made from it."),
    "not_image": _("This file is not a JPEG, PNG or WebP image, or it is damaged."),
    "image_bomb": _(
        "The image has too many pixels; images up to %(limit)d million pixels are accepted."
    ),
    "pdf_page_size": _(
        "The PDF's page is %(width)d × %(height)d points; pages up to %(limit)d points a side, "
        "and no more than %(aspect)d times as long as they are wide, are accepted."
    ),
    "too_many_pixels": _(
        "The image is %(width)d × %(height)d pixels; images up to %(limit)d million pixels "
        "are accepted."
    ),
}

# Markup that a browser would run as a web page, anywhere in a file's first bytes: a real PDF
# or PNG with HTML in front of it or in its first chunks is still a web page to a browser
# that sniffs. ``<?xml`` counts only at the start, as PDFs' and JPEGs' XMP metadata is XML.
_MARKUP_STARTS = (b"<?xml", b"<!--")
_MARKUP_ANYWHERE = re.compile(
    rb"<(?:!doctype|html|head|body|script|svg|iframe|frameset|object|embed|meta\s+http-equiv"
    rb"|base[\s/>]|form[\s/>]|style[\s/>]|img[\s/])",
    re.I,
)

# Every date and time an editor or a bundle can enter: a typo such as 0001-01-01 would break
# every page that sorts or formats it. Django's own validators, so migrations need no app code.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
DATE_RANGE_MESSAGE = _("Dates and times from 1900 to 2100 are accepted.")
SANE_DATE = [
    MinValueValidator(datetime.date(EARLIEST_YEAR, 1, 1), message=DATE_RANGE_MESSAGE),
    MaxValueValidator(datetime.date(LATEST_YEAR, 12, 31), message=DATE_RANGE_MESSAGE),
]
SANE_DATETIME = [
    MinValueValidator(
        datetime.datetime(EARLIEST_YEAR, 1, 1, tzinfo=datetime.UTC), message=DATE_RANGE_MESSAGE
    ),
    MaxValueValidator(
        datetime.datetime(LATEST_YEAR, 12, 31, 23, 59, 59, tzinfo=datetime.UTC),
        message=DATE_RANGE_MESSAGE,
    ),
]


def refuse(code: str, **params) -> ValidationError:
    """The ValidationError for ``code``, with its message and parameters."""
    return ValidationError(MESSAGES[code], code=code, params=params)


def has_markup(head: bytes) -> bool:
    """Whether the first bytes of a file hold markup a browser would run as a web page."""
    text = head[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf\xfe\xff\x00 \t\r\n").lower()
    return (
        text.startswith(_MARKUP_STARTS) or _MARKUP_ANYWHERE.search(head[:SNIFF_BYTES]) is not None
    )


def sniff(head: bytes) -> str:
    """What the first bytes of a file say it is: pdf, jpeg, png, gif, webp, markup or unknown.

    Markup anywhere in the first ``SNIFF_BYTES`` makes the file ``markup``, whatever follows.
    """
    if has_markup(head):
        return "markup"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    return "unknown"


def _read(file) -> bytes:
    """All of an uploaded file (or bytes), leaving an uploaded file at its start."""
    if isinstance(file, bytes):
        return file
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


def _size(file) -> int:
    if isinstance(file, bytes):
        return len(file)
    size = getattr(file, "size", None)
    if size is None:
        size = len(_read(file))
    return size


def _check_size(file, max_bytes: int) -> None:
    size = _size(file)
    if size == 0:
        raise refuse("empty")
    if size > max_bytes:
        raise refuse("too_large", size=filesizeformat(size), limit=filesizeformat(max_bytes))


def _already_checked(file, check: str) -> bool:
    """Whether ``file`` needs no reading: it is in storage already (it passed the checks when
    it came in), or this upload passed ``check`` already (a form's field and the model's
    ``full_clean`` both validate it)."""
    if getattr(file, "_committed", False) is True:
        return True
    upload = getattr(file, "file", file)
    return check in getattr(upload, "_newspaper_checks", ())


def _mark_checked(file, check: str) -> None:
    if isinstance(file, bytes):
        return
    upload = getattr(file, "file", file)
    try:
        upload._newspaper_checks = {*getattr(upload, "_newspaper_checks", ()), check}
    except AttributeError:
        pass


def _pdf_page_size(data: bytes) -> tuple[float, float]:
    """(width, height) in points of a one-page PDF's page, as PDFium renders it."""
    import pypdfium2 as pdfium  # only uploads need PDFium: kept out of the web worker

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise refuse("unreadable_pdf") from None
    try:
        if len(document) != 1:
            raise refuse("pdf_pages", count=len(document))
        page = document[0]
        try:
            return page.get_size()
        finally:
            page.close()
    finally:
        document.close()


def check_pdf_page_size(width: float, height: float) -> None:
    """Refuse a page too large, too small to measure or too long for its width to render."""
    max_points = limit("PDF_PAGE_MAX_POINTS")
    max_aspect = limit("PDF_PAGE_MAX_ASPECT")
    if (
        not (math.isfinite(width) and math.isfinite(height))
        or min(width, height) < 1
        or max(width, height) > max_points
        or max(width, height) / min(width, height) > max_aspect
    ):
        raise refuse(
            "pdf_page_size",
            width=round(width) if math.isfinite(width) else 0,
            height=round(height) if math.isfinite(height) else 0,
            limit=max_points,
            aspect=max_aspect,
        )


def validate_page_pdf(file) -> None:
    """A real, well-formed, one-page PDF of a sane page size with no active content, within
    the size limit."""
    max_bytes = limit("PAGE_PDF_MAX_BYTES")
    check = f"pdf:{max_bytes}:{limit('PDF_PAGE_MAX_POINTS')}:{limit('PDF_PAGE_MAX_ASPECT')}"
    if _already_checked(file, check):
        return
    _check_size(file, max_bytes)
    data = _read(file)
    kind = sniff(data[:SNIFF_BYTES])
    if kind == "markup":
        raise refuse("active_content")
    if kind != "pdf":
        raise refuse("not_pdf")
    import pikepdf  # only uploads need qpdf: kept out of the web worker

    from . import pdf_safety

    try:
        # No recovery: a damaged file is refused, not rebuilt into something else.
        with pikepdf.open(io.BytesIO(data), attempt_recovery=False) as pdf:
            if len(pdf.pages) != 1:
                raise refuse("pdf_pages", count=len(pdf.pages))
            if pdf_safety.has_active_parts(pdf) or pdf_safety.raw_active_names(data):
                raise refuse("pdf_active")
    except (pikepdf.PdfError, pikepdf.PasswordError, RecursionError, ValueError, KeyError):
        raise refuse("unreadable_pdf") from None
    check_pdf_page_size(*_pdf_page_size(data))
    _mark_checked(file, check)


def _validate_image(file, *, max_bytes: int, max_pixels: int, pdf_code: str) -> None:
    """A real JPEG, PNG or WebP image that decodes, within the size and pixel limits.

    The pixel count is read from the header before anything is decoded, so a huge image
    (or a decompression bomb) is refused at once.
    """
    check = f"image:{max_bytes}:{max_pixels}"
    if _already_checked(file, check):
        return
    _check_size(file, max_bytes)
    data = _read(file)
    kind = sniff(data[:SNIFF_BYTES])
    if kind == "markup":
        raise refuse("active_content")
    if kind == "pdf":
        raise refuse(pdf_code)
    if kind not in {"jpeg", "png", "webp"}:
        raise refuse("not_image")
    millions = max(1, max_pixels // 1_000_000)
    try:
        with warnings.catch_warnings():
            # Our own pixel limit is checked next; Pillow's warning would only add noise.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=sorted(PAGE_IMAGE_FORMATS))
        with image:
            width, height = image.size
            if width * height > max_pixels:
                raise refuse("too_many_pixels", width=width, height=height, limit=millions)
            if image.format not in PAGE_IMAGE_FORMATS:
                raise refuse("not_image")
            # Decoding every pixel finds a truncated or corrupt file; a JPEG is decoded at
            # an eighth of its size, which reads all of its data with a fraction of the memory.
            image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
            image.load()
    except Image.DecompressionBombError:
        raise refuse("image_bomb", limit=millions) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise refuse("not_image") from None
    _mark_checked(file, check)


def validate_page_image(file) -> None:
    """A page image: a real JPEG, PNG or WebP within the page image limits."""
    _validate_image(
        file,
        max_bytes=limit("PAGE_IMAGE_MAX_BYTES"),
        max_pixels=limit("PAGE_IMAGE_MAX_PIXELS"),
        pdf_code="pdf_as_image",
    )


def validate_article_image(file) -> None:
    """An article's picture: a real JPEG, PNG or WebP within the article image limits."""
    _validate_image(
        file,
        max_bytes=limit("ARTICLE_IMAGE_MAX_BYTES"),
        max_pixels=limit("ARTICLE_IMAGE_MAX_PIXELS"),
        pdf_code="not_image",
    )
