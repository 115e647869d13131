"""Checks on page files: what a file really is, not what its name or browser says it is.

A page PDF must be a PDF that PDFium opens, one page, with no scripts, embedded files or
other active content; a page image must be a JPEG, PNG or WebP that Pillow decodes, within
a size and pixel limit. SVG, HTML and other markup are refused by their content, whatever
their name. Each check raises ``ValidationError`` with a ``code`` (``too_large``,
``active_content``, ``not_pdf``, …) and a message in the editors' language; bundle imports
reuse the codes with messages of their own.
"""

import io
import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MB = 1024 * 1024
PAGE_PDF_MAX_BYTES = getattr(settings, "NEWSPAPER_PAGE_PDF_MAX_BYTES", 50 * MB)
PAGE_IMAGE_MAX_BYTES = getattr(settings, "NEWSPAPER_PAGE_IMAGE_MAX_BYTES", 25 * MB)
PAGE_IMAGE_MAX_PIXELS = getattr(settings, "NEWSPAPER_PAGE_IMAGE_MAX_PIXELS", 60_000_000)
PAGE_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}

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
    "too_many_pixels": _(
        "The image is %(width)d × %(height)d pixels; images up to %(limit)d million pixels "
        "are accepted."
    ),
}

# Markup by its first bytes: SVG and HTML may carry scripts that run on our domain.
_MARKUP_STARTS = (
    b"<?xml",
    b"<svg",
    b"<!doctype",
    b"<html",
    b"<head",
    b"<body",
    b"<script",
    b"<!--",
)

# In a PDF, the names of actions and objects that run or carry something; looked for outside
# the streams (whose compressed bytes may hold any sequence) after #xx escapes are decoded.
_PDF_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.S)
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_ACTIVE_NAMES = re.compile(
    rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA|SubmitForm|ImportData|GoToE)"
    rb"(?![A-Za-z0-9])"
)
_PDF_ACTIVE_ANNOTATIONS = {
    pdfium_c.FPDF_ANNOT_FILEATTACHMENT,
    pdfium_c.FPDF_ANNOT_SOUND,
    pdfium_c.FPDF_ANNOT_MOVIE,
    pdfium_c.FPDF_ANNOT_SCREEN,
    pdfium_c.FPDF_ANNOT_RICHMEDIA,
    pdfium_c.FPDF_ANNOT_WIDGET,
    pdfium_c.FPDF_ANNOT_XFAWIDGET,
}
_PDF_SAFE_LINK_ACTIONS = {pdfium_c.PDFACTION_GOTO, pdfium_c.PDFACTION_URI}


def refuse(code: str, **params) -> ValidationError:
    """The ValidationError for ``code``, with its message and parameters."""
    return ValidationError(MESSAGES[code], code=code, params=params)


def sniff(head: bytes) -> str:
    """What the first bytes of a file say it is: pdf, jpeg, png, gif, webp, markup or unknown."""
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
    text = head.lstrip(b"\xef\xbb\xbf\xfe\xff\x00 \t\r\n").lower()
    if text.startswith(_MARKUP_STARTS) or b"<svg" in text or b"<script" in text:
        return "markup"
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


def _check_size(file, limit: int) -> None:
    size = _size(file)
    if size == 0:
        raise refuse("empty")
    if size > limit:
        raise refuse("too_large", size=filesizeformat(size), limit=filesizeformat(limit))


def _pdf_has_active_parts(document: pdfium.PdfDocument, data: bytes) -> bool:
    raw = document.raw
    if pdfium_c.FPDFDoc_GetJavaScriptActionCount(raw) > 0:
        return True
    if pdfium_c.FPDFDoc_GetAttachmentCount(raw) > 0:
        return True
    if pdfium_c.FPDF_GetFormType(raw) != pdfium_c.FORMTYPE_NONE:
        return True
    page = document[0]
    try:
        for index in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
            annotation = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
            try:
                subtype = pdfium_c.FPDFAnnot_GetSubtype(annotation)
                if subtype in _PDF_ACTIVE_ANNOTATIONS:
                    return True
                if subtype == pdfium_c.FPDF_ANNOT_LINK:
                    link = pdfium_c.FPDFAnnot_GetLink(annotation)
                    action = pdfium_c.FPDFLink_GetAction(link) if link else None
                    if action and pdfium_c.FPDFAction_GetType(action) not in (
                        _PDF_SAFE_LINK_ACTIONS
                    ):
                        return True
            finally:
                pdfium_c.FPDFPage_CloseAnnot(annotation)
    finally:
        page.close()
    outside_streams = _PDF_STREAM.sub(b"", data)
    outside_streams = _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), outside_streams)
    return _PDF_ACTIVE_NAMES.search(outside_streams) is not None


def validate_page_pdf(file) -> None:
    """A real, readable, one-page PDF with no active content, within the size limit."""
    _check_size(file, PAGE_PDF_MAX_BYTES)
    data = _read(file)
    kind = sniff(data[:4096])
    if kind == "markup":
        raise refuse("active_content")
    if kind != "pdf":
        raise refuse("not_pdf")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise refuse("unreadable_pdf") from None
    try:
        if len(document) != 1:
            raise refuse("pdf_pages", count=len(document))
        if _pdf_has_active_parts(document, data):
            raise refuse("pdf_active")
    finally:
        document.close()


def validate_page_image(file) -> None:
    """A real JPEG, PNG or WebP image that decodes, within the size and pixel limits."""
    _check_size(file, PAGE_IMAGE_MAX_BYTES)
    data = _read(file)
    kind = sniff(data[:4096])
    if kind == "markup":
        raise refuse("active_content")
    if kind == "pdf":
        raise refuse("pdf_as_image")
    if kind not in {"jpeg", "png", "webp"}:
        raise refuse("not_image")
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > PAGE_IMAGE_MAX_PIXELS:
                raise refuse(
                    "too_many_pixels",
                    width=width,
                    height=height,
                    limit=PAGE_IMAGE_MAX_PIXELS // 1_000_000,
                )
            if image.format not in PAGE_IMAGE_FORMATS:
                raise refuse("not_image")
            # Decoding every pixel finds a truncated or corrupt file; a JPEG is decoded at
            # an eighth of its size, which reads all of its data with a fraction of the memory.
            image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
            image.load()
    except Image.DecompressionBombError:
        raise refuse("image_bomb", limit=PAGE_IMAGE_MAX_PIXELS // 1_000_000) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise refuse("not_image") from None
