"""The files of a bundle, from a folder or a zip, read once each and never past a limit.

A folder's files must be regular files inside the folder: a symbolic link or a path that
leads out of it is refused. A zip is refused whole when it has too many entries or declares
more bytes than the limit; each entry is read through a bounded reader, so an entry whose
declared size lies (or that inflates past the limit) is refused after at most the limit's
bytes, never loaded whole.
"""

import posixpath
import zipfile
import zlib
from pathlib import Path

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from . import limits
from .errors import BundleError

CHUNK = 1024 * 1024


class BundleSource:
    """A bundle's files by their names in edition.json; each is read at most once."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.limits = limits.current()
        self._zip: zipfile.ZipFile | None = None
        self._prefix = ""
        self._read: dict[str, bytes] = {}
        if self.path.is_dir():
            self._root = self.path.resolve()
            return
        if not self.path.exists():
            raise BundleError([f"{self.path}: no such file or folder"])
        try:
            self._zip = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise BundleError([f"{self.path}: not a folder or a zip file ({exc})"]) from None
        self._check_zip()
        self._names = {info.filename: info for info in self._zip.infolist()}
        self._prefix = self._zip_prefix()

    def _check_zip(self) -> None:
        infos = self._zip.infolist()
        name = self.path.name
        if len(infos) > self.limits.entries:
            self.close()
            raise BundleError(
                [
                    _("%(name)s: the zip holds %(count)d entries; at most %(limit)d are accepted")
                    % {"name": name, "count": len(infos), "limit": self.limits.entries}
                ]
            )
        total = sum(info.file_size for info in infos)
        if total > self.limits.total_bytes:
            self.close()
            raise BundleError(
                [
                    _("%(name)s: the zip unpacks to %(size)s; at most %(limit)s are accepted")
                    % {
                        "name": name,
                        "size": filesizeformat(total),
                        "limit": filesizeformat(self.limits.total_bytes),
                    }
                ]
            )

    def _zip_prefix(self) -> str:
        """A zip may hold the bundle at its root or inside one top folder."""
        if "edition.json" in self._names:
            return ""
        candidates = [n for n in self._names if posixpath.basename(n) == "edition.json"]
        if len(candidates) == 1 and candidates[0].count("/") == 1:
            return candidates[0].rsplit("edition.json", 1)[0]
        return ""

    def close(self):
        if self._zip is not None:
            self._zip.close()
        self._read.clear()

    @staticmethod
    def safe_name(name: str) -> bool:
        """Relative, inside the bundle, no back-references: ``pages/01.jpg``."""
        if not isinstance(name, str) or not name or "\\" in name or "\x00" in name:
            return False
        normal = posixpath.normpath(name)
        return not (normal.startswith(("/", "../")) or normal == ".." or normal != name)

    def _local(self, name: str) -> Path | None:
        """The folder bundle's file ``name``, or None when it is a link or leads outside."""
        path = self.path / name
        current = self.path
        for part in Path(name).parts:
            current = current / part
            if current.is_symlink():
                return None
        try:
            path.resolve().relative_to(self._root)
        except ValueError:
            return None
        return path

    def exists(self, name: str) -> bool:
        if self._zip is not None:
            return (self._prefix + name) in self._names
        path = self.path / name
        return path.is_file() or path.is_symlink()

    def problem(self, name: str, limit: int) -> str | None:
        """Why ``name`` cannot be read within ``limit`` bytes, or None."""
        if self._zip is not None:
            size = self._names[self._prefix + name].file_size
        else:
            path = self._local(name)
            if path is None:
                return _("%(name)s is a symbolic link or leads outside the bundle") % {"name": name}
            if not path.is_file():
                return f"{name} is not in the bundle"
            size = path.stat().st_size
        if size > limit:
            return _too_large(name, size, limit)
        return None

    def read(self, name: str, limit: int | None = None) -> bytes:
        """The bytes of ``name``, read once; refused past ``limit`` bytes, whatever it declares."""
        if name in self._read:
            return self._read[name]
        limit = limit or self.limits.file_bytes
        problem = self.problem(name, limit)
        if problem:
            raise BundleError([problem])
        if self._zip is not None:
            data = self._read_zip_entry(name, limit)
        else:
            with self._local(name).open("rb") as handle:
                data = handle.read(limit + 1)
            if len(data) > limit:
                raise BundleError([_too_large(name, len(data), limit)])
        self._read[name] = data
        return data

    def _read_zip_entry(self, name: str, limit: int) -> bytes:
        info = self._names[self._prefix + name]
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as handle:
                while chunk := handle.read(CHUNK):
                    size += len(chunk)
                    if size > limit:
                        raise BundleError([_too_large(name, size, limit)])
                    chunks.append(chunk)
        except (zipfile.BadZipFile, EOFError, zlib.error, OSError, NotImplementedError):
            raise BundleError(
                [
                    _("%(name)s: the zip entry is damaged or its declared size (%(size)s) is false")
                    % {"name": name, "size": filesizeformat(info.file_size)}
                ]
            ) from None
        return b"".join(chunks)

    def forget(self, name: str) -> None:
        """Drop a file's bytes once they are no longer needed."""
        self._read.pop(name, None)


def _too_large(name: str, size: int, limit: int) -> str:
    return _("%(name)s is %(size)s; files up to %(limit)s are accepted") % {
        "name": name,
        "size": filesizeformat(size),
        "limit": filesizeformat(limit),
    }
