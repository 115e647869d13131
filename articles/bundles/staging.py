"""Files an import writes, held in a staging folder until its transaction commits.

An import writes every file (the bundle's, and the images made from them) under
``MEDIA_ROOT/.staging/<host>__<pid>__<id>/``, gives each its final name, and links them into
place only in ``transaction.on_commit``. Killed before the commit, it leaves a staging
folder and no rows: the next import (or ``manage.py orphaned_media``) removes the folder.
Killed during the links after the commit, the folder's ``manifest.json`` says where each
file goes, and the clean-up finishes the job for the files rows refer to.
"""

import json
import logging
import os
import shutil
import socket
import time
import uuid
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import models, transaction

logger = logging.getLogger(__name__)

STAGING_DIR = ".staging"
MANIFEST = "manifest.json"
# A staging folder of another host is judged by its age alone.
STALE_AFTER_SECONDS = 24 * 3600


def staging_root() -> Path:
    return Path(settings.MEDIA_ROOT) / STAGING_DIR


class Staging:
    """One import's staged files: ``stage`` bytes, ``place`` them under a final name."""

    def __init__(self, storage=default_storage):
        self.storage = storage
        self.root = staging_root() / f"{socket.gethostname()}__{os.getpid()}__{uuid.uuid4().hex}"
        self.placed: list[tuple[str, str]] = []  # (staged file, final name)
        self._count = 0

    def stage(self, data: bytes, extension: str) -> Path:
        """Keep ``data`` in the staging folder; the file's name is ours, never the bundle's."""
        self._count += 1
        path = self.root / "in" / f"{self._count}{extension}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def place(self, staged: Path, name: str) -> str:
        """The final storage name ``staged`` will have once the transaction commits."""
        taken = {final for _, final in self.placed}
        name = self.storage.get_available_name(name)
        base, dot, extension = name.rpartition(".")
        n = 1
        while name in taken:
            n += 1
            name = self.storage.get_available_name(f"{base}_{n}{dot}{extension}")
        self.placed.append((str(staged.relative_to(self.root)), name))
        return name

    def commit_on_success(self, *, outermost: bool) -> None:
        """Write the manifest, then move the files into place when the transaction commits.

        Inside a caller's transaction (``outermost`` false) the commit is the caller's; the
        files then go into place as soon as the import's own block has succeeded, and the
        caller's rollback, if any, leaves files that ``orphaned_media`` lists.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / MANIFEST).write_text(json.dumps(self.placed), "utf-8")
        if outermost:
            transaction.on_commit(self.commit)

    def commit(self) -> None:
        _link_into_place(self.root, self.placed, self.storage)
        self.discard()

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def _link_into_place(root: Path, placed: list, storage, only: set[str] | None = None) -> None:
    for staged, name in placed:
        if only is not None and name not in only:
            continue
        source = root / staged
        if isinstance(storage, FileSystemStorage):
            target = Path(storage.path(name))
            if target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
        else:
            with source.open("rb") as handle:
                saved = storage.save(name, File(handle))
            if saved != name:
                logger.error("Imported file %s was stored as %s", name, saved)


def _owner_alive(folder: Path) -> bool:
    host, _, rest = folder.name.partition("__")
    pid = rest.split("__", 1)[0]
    if host != socket.gethostname():
        return time.time() - folder.stat().st_mtime < STALE_AFTER_SECONDS
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def abandoned_folders() -> list[Path]:
    """Staging folders whose import is no longer running."""
    root = staging_root()
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and not _owner_alive(p))


def referenced_names(names: set[str] | None = None) -> set[str]:
    """The storage names that rows refer to (among ``names``, when given)."""
    found: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not isinstance(field, models.FileField):
                continue
            rows = model._default_manager.exclude(**{field.name: ""}).exclude(
                **{f"{field.name}__isnull": True}
            )
            if names is not None:
                rows = rows.filter(**{f"{field.name}__in": names})
            found.update(rows.values_list(field.name, flat=True).iterator())
    return found


def recover(folder: Path, storage=default_storage) -> None:
    """Finish or undo an abandoned import: files its committed rows name go into place."""
    manifest = folder / MANIFEST
    if manifest.is_file():
        try:
            placed = json.loads(manifest.read_text("utf-8"))
        except (OSError, ValueError):
            placed = []
        wanted = referenced_names({name for _, name in placed})
        if wanted:
            _link_into_place(folder, placed, storage, only=wanted)
    shutil.rmtree(folder, ignore_errors=True)


def recover_abandoned(storage=default_storage) -> list[Path]:
    """Clean up after every import that was killed; the folders handled."""
    folders = abandoned_folders()
    for folder in folders:
        recover(folder, storage)
    return folders
