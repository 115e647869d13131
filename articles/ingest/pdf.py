"""Reading page PDFs: the checks that refuse a bad file, and the characters, rules and images.

PDFium's text API (pypdfium2) gives each character with its Unicode value, font, size
(with the text matrix applied) and loose box, and its page objects give the rules,
frames, filled blocks and images. pdfplumber reads the same but, in pure Python, about
twenty times slower: too slow for a 16-page edition before deadline. Nothing here reasons
about the layout (``layout`` does) or touches the database.
"""

import ctypes
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from editions import validators

MAX_PAGES = 64
MAX_CHARS_PER_PAGE = 200_000

# Splitting a multi-page PDF drops its document-level actions, so they are looked for in
# the whole file first (the one-page check in editions.validators then sees each page).
_STREAMS = re.compile(rb"stream\r?\n.*?endstream", re.S)
_PDF_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_ACTIVE_NAMES = re.compile(
    rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA|SubmitForm|ImportData|GoToE)"
    rb"(?![A-Za-z0-9])"
)


def _unescape(match: re.Match) -> bytes:
    return bytes([int(match[1], 16)])


_BOLD = re.compile(r"Bold|Black|Heavy|Semibold|Demi|Hei|W[6-9]\b", re.I)
_CID = re.compile(r"^\(cid:\d+\)$")


class IngestRefused(Exception):
    """A file the ingest will not read; ``messages`` say why, in the editors' language."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    font: str
    generated: bool = False  # a space PDFium inferred from a gap, not one in the PDF

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Box:
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def contains(self, other, slack: float = 2) -> bool:
        return (
            self.x0 - slack <= other.x0
            and self.x1 + slack >= other.x1
            and self.top - slack <= other.top
            and self.bottom + slack >= other.bottom
        )


@dataclass
class PageContent:
    """What a page of a PDF holds, in points from its top-left corner."""

    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    hrules: list[Box] = field(default_factory=list)
    vrules: list[Box] = field(default_factory=list)
    frames: list[Box] = field(default_factory=list)  # stroked rectangles: boxed stories
    fills: list[Box] = field(default_factory=list)  # filled rectangles: placeholders, ads
    images: list[Box] = field(default_factory=list)
    unmapped: dict[str, int] = field(default_factory=dict)  # font -> characters without Unicode


def _fix(text: str) -> str:
    """A character as a reader expects it: Kangxi radicals and compatibility ideographs that
    some engines emit for common characters (⽇ for 日) become the unified ideograph."""
    o = ord(text)
    if 0x2E80 <= o <= 0x2FDF or 0xF900 <= o <= 0xFAFF:
        fixed = unicodedata.normalize("NFKC", text)
        if len(fixed) == 1:
            return fixed
    return text


def _unmapped(text: str) -> bool:
    if not text or _CID.match(text) or text == "\ufffd":
        return True
    return len(text) == 1 and 0xE000 <= ord(text) <= 0xF8FF


def pdf_max_bytes() -> int:
    """The page PDF size limit of ``editions.validators`` (read from the settings there)."""
    limit = getattr(validators, "limit", None)
    return limit("PAGE_PDF_MAX_BYTES") if limit else validators.PAGE_PDF_MAX_BYTES


def split_pdf(data: bytes, name: str) -> list[bytes]:
    """The pages of an uploaded PDF as one-page PDFs, each passing the page PDF checks.

    A file that is not a PDF, is truncated, damaged, encrypted or carries active content is
    refused whole with the reason.
    """
    import pypdfium2 as pdfium  # PDFium in the functions that read: not in every web worker
    import pypdfium2.raw as pdfium_c

    try:
        validators._check_size(data, pdf_max_bytes())
    except ValidationError as exc:
        raise IngestRefused([f"{name}: {m}" for m in exc.messages]) from None
    if validators.sniff(data[:4096]) != "pdf":
        raise IngestRefused([_("%(name)s: this file is not a PDF.") % {"name": name}])
    if b"%%EOF" not in data[-2048:]:
        raise IngestRefused(
            [_("%(name)s: the PDF is truncated (it has no end); export it again.") % {"name": name}]
        )
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise IngestRefused(
            [
                _("%(name)s: this PDF cannot be opened: it is damaged or protected by a password.")
                % {"name": name}
            ]
        ) from None
    try:
        count = len(document)
        if count == 0 or count > MAX_PAGES:
            raise IngestRefused(
                [
                    _("%(name)s: a PDF of %(count)d pages; 1 to %(max)d pages are accepted.")
                    % {"name": name, "count": count, "max": MAX_PAGES}
                ]
            )
        if count == 1:
            pages = [data]
        else:
            raw = document.raw
            if (
                _ACTIVE_NAMES.search(_PDF_ESCAPE.sub(_unescape, _STREAMS.sub(b"", data)))
                or pdfium_c.FPDFDoc_GetJavaScriptActionCount(raw) > 0
                or pdfium_c.FPDFDoc_GetAttachmentCount(raw) > 0
                or pdfium_c.FPDF_GetFormType(raw) != pdfium_c.FORMTYPE_NONE
            ):
                raise IngestRefused([f"{name}: {validators.MESSAGES['pdf_active']}"])
            pages = []
            for index in range(count):
                single = pdfium.PdfDocument.new()
                single.import_pages(document, [index])
                buffer = io.BytesIO()
                single.save(buffer)
                single.close()
                pages.append(buffer.getvalue())
    finally:
        document.close()
    for index, page in enumerate(pages, start=1):
        try:
            validators.validate_page_pdf(page)
        except ValidationError as exc:
            where = name if len(pages) == 1 else f"{name} p.{index}"
            raise IngestRefused([f"{where}: {m}" for m in exc.messages]) from None
    return pages


def read_page(data: bytes) -> PageContent:
    """The characters, rules, frames and images of a one-page PDF, read with PDFium."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise IngestRefused([_("This PDF cannot be opened: it is damaged.")]) from None
    try:
        page = document[0]
        try:
            return _content(page)
        finally:
            page.close()
    finally:
        document.close()


def _font(textpage, index: int, cache: dict) -> tuple[str, bool]:
    import pypdfium2.raw as pdfium_c

    obj = pdfium_c.FPDFText_GetTextObject(textpage, index)
    font = pdfium_c.FPDFTextObj_GetFont(obj) if obj else None
    key = ctypes.cast(font, ctypes.c_void_p).value if font else None
    if key in cache:
        return cache[key]
    name = ""
    if font:
        length = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
        if length > 1:
            buffer = ctypes.create_string_buffer(length)
            pdfium_c.FPDFFont_GetBaseFontName(font, buffer, length)
            name = buffer.value.decode("utf-8", "replace")
    weight = pdfium_c.FPDFText_GetFontWeight(textpage, index)
    cache[key] = (name, weight >= 600 or bool(_BOLD.search(name.split("+", 1)[-1])))
    return cache[key]


def _content(page) -> PageContent:
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()
    content = PageContent(width=width, height=height)
    textpage = page.get_textpage()
    raw = textpage.raw
    count = textpage.count_chars()
    if count > MAX_CHARS_PER_PAGE:
        raise IngestRefused([_("The page holds too many characters to be a newspaper page.")])
    fonts: dict = {}
    matrix = pdfium_c.FS_MATRIX()
    for index in range(count):
        code = pdfium_c.FPDFText_GetUnicode(raw, index)
        text = chr(code) if 0 < code < 0x110000 else ""
        if text in ("\r", "\n"):
            continue  # line ends PDFium adds of its own
        if text.isspace():
            text = " "  # an ideographic or no-break space separates like a space
        elif text and not text.isprintable() and not _unmapped(text):
            continue  # control characters
        generated = pdfium_c.FPDFText_IsGenerated(raw, index) == 1
        if generated and text != " ":
            continue
        # A space PDFium adds marks a gap as wide as a word space: kept, as it separates
        # the names of a byline; the layout drops it inside Chinese text, and between
        # Chinese and Latin text when PDFium made it up (the layout's CJK–Latin spacing).
        name, bold = _font(raw, index, fonts)
        if _unmapped(text) or pdfium_c.FPDFText_HasUnicodeMapError(raw, index) == 1:
            base = name.split("+", 1)[-1] or _("unnamed font")
            content.unmapped[base] = content.unmapped.get(base, 0) + 1
            continue
        left, bottom, right, top = textpage.get_charbox(index, loose=True)
        if text == " " and content.chars and top - bottom < 1:
            # A space PDFium made up has no height: it stands on its neighbour's line.
            prev = content.chars[-1]
            bottom, top = height - prev.bottom, height - prev.top
            left = right = prev.x1
        size = pdfium_c.FPDFText_GetFontSize(raw, index)
        if pdfium_c.FPDFText_GetMatrix(raw, index, ctypes.byref(matrix)):
            size *= abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
        content.chars.append(
            Char(
                text=_fix(text),
                x0=left,
                top=height - top,
                x1=right,
                bottom=height - bottom,
                size=round(size, 1),
                bold=bold,
                font=name,
                generated=generated,
            )
        )
    textpage.close()
    page_area = width * height
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    kinds = (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE)
    for obj in page.get_objects(filter=kinds, max_depth=4):
        left, bottom, right, top = obj.get_bounds()
        box = Box(
            max(0.0, left), max(0.0, height - top), min(width, right), min(height, height - bottom)
        )
        if box.width <= 0 and box.height <= 0:
            continue
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            if box.width > 4 and box.height > 4:
                content.images.append(box)
            continue
        if box.width * box.height > 0.8 * page_area:
            continue  # the paper itself
        if box.height <= 6 and box.width >= 20:
            content.hrules.append(box)
        elif box.width <= 6 and box.height >= 20:
            content.vrules.append(box)
        elif box.width > 20 and box.height > 20:
            pdfium_c.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill_mode), ctypes.byref(stroke))
            if fill_mode.value and not stroke.value:
                content.fills.append(box)
            else:
                content.frames.append(box)
                # A frame's edges separate what is in it from what is around it.
                content.hrules += [
                    Box(box.x0, box.top - 0.5, box.x1, box.top + 0.5),
                    Box(box.x0, box.bottom - 0.5, box.x1, box.bottom + 0.5),
                ]
                content.vrules += [
                    Box(box.x0 - 0.5, box.top, box.x0 + 0.5, box.bottom),
                    Box(box.x1 - 0.5, box.top, box.x1 + 0.5, box.bottom),
                ]
    return content
