"""Page images for the e-paper: a page PDF rendered to an image, and the sizes readers get.

PDFs are rendered with pypdfium2 (PDFium, the engine of Chromium's PDF viewer); images are
scaled with Pillow. Nothing here touches the database or storage: the functions take and
return bytes, so the service (``editions.services``) decides what is kept where.
"""

import io
import math
from dataclasses import dataclass

from django.conf import settings
from PIL import Image, ImageOps

# The page image rendered from a PDF: wide enough to zoom into a broadsheet page.
FULL_WIDTH = 2400
# What the page map shows: sharp on a phone and on a wide screen at twice the pixel density.
READING_WIDTH = 1600
# The strip of pages (版面导航).
THUMBNAIL_WIDTH = 240
JPEG_QUALITY = 82
# The most pixels a rendered page may have (NEWSPAPER_PAGE_RENDER_MAX_PIXELS): 2400 × 3400
# is 8 million; the cap keeps a page of absurd proportions from taking gigabytes.
RENDER_MAX_PIXELS = 20_000_000
# And the longest side, in pixels, whatever the page's proportions.
RENDER_MAX_SIDE = 10_000


def render_scale(page_width: float, page_height: float, width: int) -> float:
    """The scale that renders a page ``width`` pixels wide, lowered so the bitmap stays
    within the pixel and side caps; computed from the page's points before rendering."""
    max_pixels = getattr(settings, "NEWSPAPER_PAGE_RENDER_MAX_PIXELS", RENDER_MAX_PIXELS)
    page_width, page_height = max(page_width, 1.0), max(page_height, 1.0)
    scale = width / page_width
    scale = min(scale, math.sqrt(max_pixels / (page_width * page_height)))
    return min(scale, RENDER_MAX_SIDE / max(page_width, page_height))


@dataclass(frozen=True)
class RenderedImage:
    """A JPEG and its size in pixels."""

    data: bytes
    width: int
    height: int


def _jpeg(image: Image.Image, quality: int = JPEG_QUALITY) -> RenderedImage:
    if image.mode not in ("RGB", "L"):
        # Transparent parts of a PNG or WebP page become paper white, not black.
        background = Image.new("RGB", image.size, "white")
        background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        image = background
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return RenderedImage(buffer.getvalue(), image.width, image.height)


def render_pdf_page(
    source, *, width: int = FULL_WIDTH, quality: int = JPEG_QUALITY
) -> RenderedImage:
    """The first page of a PDF (bytes, a path or a binary file) as a JPEG ``width`` pixels wide,
    or narrower where the pixel caps demand (``render_scale``)."""
    import pypdfium2 as pdfium  # only uploads and imports render PDFs: not the web worker

    document = pdfium.PdfDocument(source)
    try:
        page = document[0]
        try:
            page_width, page_height = page.get_size()
            scale = render_scale(page_width, page_height, width)
            bitmap = page.render(scale=scale, may_draw_forms=False)
            image = bitmap.to_pil()
        finally:
            page.close()
    finally:
        document.close()
    return _jpeg(image, quality)


def image_size(source) -> tuple[int, int]:
    """(width, height) of an image file, read from its header only."""
    with Image.open(source) as image:
        return image.size


EXIF_ORIENTATION = 0x0112


def scaled(source, *, width: int) -> RenderedImage:
    """An image file scaled down to at most ``width`` pixels wide, as a JPEG; never enlarged.

    A JPEG that is already small enough and upright is kept byte for byte.
    """
    with Image.open(source) as image:
        if (
            image.format == "JPEG"
            and image.width <= width
            and image.mode in ("RGB", "L")
            and image.getexif().get(EXIF_ORIENTATION, 1) == 1
        ):
            source.seek(0)
            return RenderedImage(source.read(), image.width, image.height)
        if image.format == "JPEG" and image.width >= 2 * width:
            # Decode a large JPEG at a fraction of its size: much faster, same result.
            image.draft("RGB", (width, round(width * image.height / image.width)))
        image = ImageOps.exif_transpose(image)
        if image.width > width:
            height = max(1, round(image.height * width / image.width))
            image = image.resize((width, height), Image.Resampling.LANCZOS)
        return _jpeg(image)
