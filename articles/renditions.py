"""Responsive renditions of article images: made once, kept in storage, offered as srcset.

django-imagekit generates each width (``Rendition``) into the default storage, under
``CACHE/images/`` beside nothing else, and never again once it exists; the original upload
is left as it is and offered as the largest candidate. What a page needs to show an image
(its candidates and size) is remembered in the cache, so a page view reads no files.
"""

import logging
from dataclasses import asdict, dataclass

from django.core.cache import cache
from imagekit import ImageSpec
from imagekit.cachefiles import ImageCacheFile
from PIL import Image, UnidentifiedImageError
from pilkit.processors import ResizeToFit, Transpose

logger = logging.getLogger(__name__)

WIDTHS = (480, 800, 1200)
# The candidate browsers without srcset, and feed readers, get.
DEFAULT_WIDTH = 800
CACHE_PREFIX = "renditions:"


class Rendition(ImageSpec):
    """An image at most ``width`` pixels wide, turned upright, in its own format."""

    options = {"quality": 82}

    def __init__(self, source, width: int):
        self.processors = [Transpose(), ResizeToFit(width=width, upscale=False)]
        super().__init__(source=source)


@dataclass(frozen=True)
class ResponsiveImage:
    src: str
    srcset: str
    width: int | None
    height: int | None


def _cache_key(name: str) -> str:
    return CACHE_PREFIX + name


def _renditions(field_file, width: int) -> list[tuple[int, ImageCacheFile]]:
    """(width, file) of each rendition narrower than the original."""
    return [(w, ImageCacheFile(Rendition(source=field_file, width=w))) for w in WIDTHS if w < width]


def responsive_image(field_file) -> ResponsiveImage:
    """The candidates of an image for ``srcset``, its renditions made if they are missing."""
    cached = cache.get(_cache_key(field_file.name))
    if cached:
        return ResponsiveImage(**cached)
    try:
        with field_file.open("rb") as handle, Image.open(handle) as image:
            width, height = image.size
        candidates = []
        for rendition_width, rendition in _renditions(field_file, width):
            rendition.generate()  # a no-op once the file exists
            candidates.append((rendition_width, rendition.url))
        candidates.append((width, field_file.url))
    except (OSError, ValueError, UnidentifiedImageError, Image.DecompressionBombError):
        # A missing or broken file: show the original as it is, and try again next time.
        logger.warning("No renditions for %s", field_file.name, exc_info=True)
        return ResponsiveImage(field_file.url, "", None, None)
    src = next((url for w, url in candidates if w >= DEFAULT_WIDTH), candidates[-1][1])
    result = ResponsiveImage(
        src=src,
        srcset=", ".join(f"{url} {w}w" for w, url in candidates),
        width=width,
        height=height,
    )
    cache.set(_cache_key(field_file.name), asdict(result), None)
    return result


def delete_renditions(field_file) -> None:
    """Remove an image's renditions from storage and forget them."""
    cache.delete(_cache_key(field_file.name))
    try:
        with field_file.open("rb") as handle, Image.open(handle) as image:
            width = image.width
    except (OSError, ValueError, UnidentifiedImageError):
        width = max(WIDTHS) + 1
    for _, rendition in _renditions(field_file, width):
        if rendition.storage.exists(rendition.name):
            rendition.storage.delete(rendition.name)
