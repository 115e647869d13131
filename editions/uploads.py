"""File fields that name a stored file after what it is, never after what it was called.

Whatever saves a file into one of these fields (an admin upload, a bundle import, a
service, code), the file's first bytes are sniffed when it is stored: markup or a type the
field does not take is refused with a ``ValidationError``, and the stored name's extension
comes from the sniffed type (``.pdf``, ``.jpg``, ``.png``, ``.webp``), so no upload can land
on the site's origin as ``.html`` or ``.svg``. The field's validators (``default_validators``)
check new uploads in forms and ``full_clean``; a file already stored is not read again.

The fields deconstruct as Django's own ``FileField``/``ImageField``: migrations need no
application code, and swapping these in needed no migration.
"""

import posixpath
from collections.abc import Callable

from django.db import models
from django.db.models.fields.files import FieldFile, ImageFieldFile

from .validators import SNIFF_BYTES, refuse, sniff, validate_article_image, validate_page_pdf

EXTENSIONS = {"pdf": "pdf", "jpeg": "jpg", "png": "png", "webp": "webp", "gif": "gif"}
PDF = frozenset({"pdf"})
RASTER = frozenset({"jpeg", "png", "webp"})


def _head(content) -> bytes:
    content.seek(0)
    head = content.read(SNIFF_BYTES)
    content.seek(0)
    return head if isinstance(head, bytes) else head.encode()


def sniffed_name(name: str, content, kinds: frozenset[str]) -> str:
    """``name`` with the extension of what ``content`` is; refused unless it is one of
    ``kinds``."""
    kind = sniff(_head(content))
    if kind == "markup":
        raise refuse("active_content")
    if kind not in kinds:
        raise refuse("not_pdf" if kinds == PDF else "not_image")
    folder, base = posixpath.split(name or "")
    stem = base.split(".", 1)[0] or "file"
    return posixpath.join(folder, f"{stem}.{EXTENSIONS[kind]}")


class _SniffedSave:
    def save(self, name, content, save=True):
        name = sniffed_name(name, content, self.field.kinds)
        super().save(name, content, save)


class SniffedFieldFile(_SniffedSave, FieldFile):
    pass


class SniffedImageFieldFile(_SniffedSave, ImageFieldFile):
    pass


class PdfFileField(models.FileField):
    """A PDF file, checked by ``validate_page_pdf`` and stored as ``.pdf``."""

    attr_class = SniffedFieldFile
    default_validators = [validate_page_pdf]
    kinds = PDF

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.FileField", args, kwargs


class RasterImageField(models.ImageField):
    """A JPEG, PNG or WebP image, stored under the extension of what it is.

    ``check`` is the validator of new uploads (``validate_article_image`` or
    ``validate_page_image``); ``kinds`` widens what storage takes (an article's GIF saved
    by code), while the forms take only what ``check`` accepts.
    """

    attr_class = SniffedImageFieldFile

    def __init__(
        self,
        *args,
        check: Callable = validate_article_image,
        kinds: frozenset[str] = RASTER,
        **kwargs,
    ):
        self.default_validators = [check]
        self.kinds = frozenset(kinds)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs
