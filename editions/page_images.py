"""The sizes readers get of a page image, as django-imagekit specs (like article renditions).

A page image (uploaded, or rendered from the page PDF by ``editions.rendering``) is offered
in several widths, in WebP and in JPEG, for ``srcset``; the page strip gets thumbnails the
same way. Each rendition is an ``ImageCacheFile`` of ``PageRendition``: its name comes from
the page image's name and the spec alone, so a template can give its URL without touching
storage (the Optimistic strategy). The reading size and the thumbnail in JPEG are made when
the page image is saved (``editions.services.page_images_update``); every other rendition is
made the first time a browser asks for it (``newspaper.reader_views.page_rendition``) and
kept from then on.
"""

import hashlib
import logging

from django.utils.crypto import salted_hmac
from imagekit import ImageSpec
from imagekit.cachefiles import ImageCacheFile
from pilkit.processors import ResizeToFit, Transpose

logger = logging.getLogger(__name__)

# The page map's widths: a phone at 1× takes 480, a desktop column 800–1200, 2× screens 1600.
PAGE_WIDTHS = (480, 800, 1200, 1600)
# The strip of pages (版面导航) shows pages about 90–110 CSS px wide.
THUMBNAIL_WIDTHS = (120, 240)
READING_WIDTH = 1600
THUMBNAIL_WIDTH = 240
# Renditions a browser may ask for; anything else is a 404.
RENDITION_WIDTHS = frozenset(PAGE_WIDTHS + THUMBNAIL_WIDTHS)
FORMATS = {"webp": "WEBP", "jpg": "JPEG"}
QUALITY = {"WEBP": 72, "JPEG": 80}


class JpegDraft:
    """Let the JPEG decoder scale a page image down by 1/2, 1/4 or 1/8 as it reads it, when
    the rendition is at least that much narrower (Pillow's ``draft``): a 240-pixel thumbnail
    of a 2,400-pixel page decodes an eighth of the pixels; the resize after it still makes
    the exact width. Images with an EXIF rotation are read whole (their width is a height)."""

    def __init__(self, width: int):
        self.width = width

    def process(self, img):
        if getattr(img, "format", None) == "JPEG" and img.getexif().get(0x0112, 1) == 1:
            img.draft(img.mode, (self.width, 1))
        return img


class PageRendition(ImageSpec):
    """A page image at most ``width`` pixels wide (never enlarged), in ``format``."""

    cachefile_strategy = "imagekit.cachefiles.strategies.Optimistic"

    def __init__(self, source, width: int, format: str):
        self.processors = [JpegDraft(width), Transpose(), ResizeToFit(width=width, upscale=False)]
        self.format = format
        self.options = {"quality": QUALITY[format]}
        if format == "JPEG":
            self.options.update(optimize=True, progressive=True)
        super().__init__(source=source)


class RenditionFile(ImageCacheFile):
    """An imagekit cache file that, like Django's files, returns itself from ``open()``."""

    def open(self, mode="rb"):
        super().open(mode)
        return self


def rendition(field_file, width: int, extension: str = "jpg") -> RenditionFile:
    """The rendition of a page image ``width`` wide as ``extension`` (webp or jpg)."""
    return RenditionFile(PageRendition(source=field_file, width=width, format=FORMATS[extension]))


def rendition_widths(image_width: int | None, widths: tuple[int, ...]) -> list[tuple[int, int]]:
    """(asked width, real width) of each rendition worth offering for an image this wide.

    Widths at or above the image's own collapse into one rendition at its own width.
    """
    if not image_width:
        return []
    offered = [(w, w) for w in widths if w < image_width]
    largest = next((w for w in widths if w >= image_width), None)
    if largest is not None:
        offered.append((largest, image_width))
    return offered


def source_token(name: str) -> str:
    """A short, unguessable token for a page image's stored name.

    It changes whenever the image does, so a rendition's URL can be cached for good, and
    nobody can ask for the renditions of a page image they were not shown.
    """
    return salted_hmac("editions.page_images", name, algorithm="sha256").hexdigest()[:16]


def make_renditions(field_file, sizes: list[tuple[int, str]]) -> None:
    """Make (or remake) the given (width, extension) renditions of a page image now."""
    for width, extension in sizes:
        rendition(field_file, width, extension).generate(force=True)


def delete_renditions(storage, name: str) -> None:
    """Remove every rendition of the page image once stored as ``name``."""
    from django.core.files.storage import default_storage

    class _Named:  # the namer needs only the source's name
        def __init__(self, name):
            self.name = name

    for width in RENDITION_WIDTHS:
        for extension in FORMATS:
            cached = rendition(_Named(name), width, extension)
            try:
                if default_storage.exists(cached.name):
                    default_storage.delete(cached.name)
            except OSError:
                logger.warning("Could not delete the page rendition %s", cached.name)


def fingerprint(*parts) -> str:
    """A short hash of ``parts``: the key of something made from several files."""
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()[:20]
