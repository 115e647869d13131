"""Media files no row refers to: what a crashed import or a deleted row left behind.

Scanned on the file system under ``MEDIA_ROOT``. Files of imports still running (their
staging folders) are left alone; an abandoned staging folder is reported as one item and
recovered (files its committed rows name go into place, the rest are removed). Renditions
django-imagekit keeps under ``IMAGEKIT_CACHEFILE_DIR`` are orphans when the image they were
made from is.
"""

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings

from .staging import STAGING_DIR, abandoned_folders, recover, referenced_names


@dataclass(frozen=True)
class Orphan:
    name: str  # relative to MEDIA_ROOT, with forward slashes
    size: int
    abandoned_import: Path | None = None


def _cache_dir() -> str:
    return getattr(settings, "IMAGEKIT_CACHEFILE_DIR", "CACHE/images").strip("/")


def _stem(name: str) -> str:
    return str(PurePosixPath(name).with_suffix(""))


def find_orphans() -> list[Orphan]:
    """Every file under MEDIA_ROOT that no row refers to, and every abandoned import."""
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    referenced = referenced_names()
    sources = {_stem(name) for name in referenced}
    cache_dir = _cache_dir() + "/"
    orphans = [
        Orphan(
            name=str(folder.relative_to(root).as_posix()) + "/",
            size=sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()),
            abandoned_import=folder,
        )
        for folder in abandoned_folders()
    ]
    for directory, subdirectories, files in os.walk(root):
        if Path(directory) == root and STAGING_DIR in subdirectories:
            subdirectories.remove(STAGING_DIR)
        for file_name in files:
            path = Path(directory) / file_name
            name = path.relative_to(root).as_posix()
            if name in referenced:
                continue
            if name.startswith(cache_dir):
                # CACHE/images/<source without its extension>/<hash>.<ext>
                if str(PurePosixPath(name[len(cache_dir) :]).parent) in sources:
                    continue
            orphans.append(Orphan(name=name, size=path.stat().st_size))
    return sorted(orphans, key=lambda o: o.name)


def remove_orphans(orphans: list[Orphan]) -> None:
    root = Path(settings.MEDIA_ROOT)
    for orphan in orphans:
        if orphan.abandoned_import is not None:
            recover(orphan.abandoned_import)
        else:
            (root / orphan.name).unlink(missing_ok=True)
