"""The demo edition, imported once per test session and put back per test in milliseconds.

Importing the demo bundle checks and renders four page PDFs (most of a second of CPU); about
150 tests ask for it. ``DemoSnapshot.take`` imports it once inside a transaction it rolls back,
keeping the rows the import added (per table, as the database returns them) and the media
files it wrote. ``restore`` inserts those rows again inside the current test's transaction
(committed at once under ``transactional_db``) and links its files into the test's
MEDIA_ROOT, so each test starts from what a fresh import leaves: same rows, same files,
same primary keys.

Only what the import adds is replayed; if it changed or deleted a row that was there before
(a masthead the test made, say), or if any table the import writes already has rows when a
test asks for the demo, ``restore`` says so and the fixture imports the bundle for real.
"""

import os
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def _media_files(root: Path) -> dict[str, tuple[int, int]]:
    if not root.exists():
        return {}
    found = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            stat = path.stat()
            found[str(path.relative_to(root))] = (stat.st_size, stat.st_mtime_ns)
    return found


class DemoSnapshot:
    """The rows and files one import of ``bundle`` adds to an empty database."""

    def __init__(self, bundle: Path, keep_dir: Path):
        self.bundle = bundle
        self.keep_dir = keep_dir  # where the import's media files are kept
        self.tables: list[tuple[str, list[str], list]] = []  # (table, columns, rows)
        self.sequences: list[tuple[str, str, str]] = []  # (sequence, table, column)
        self.files: dict[str, Path] = {}  # media name -> kept copy
        self.stamps: dict[str, tuple[int, int]] = {}  # media name -> (size, mtime)
        self.reference: dict[str, frozenset] = {}  # rows there before (content types, …)
        self.usable = True
        self.vendor = connection.vendor
        self.media_root = settings.MEDIA_ROOT  # the session's; a demo test gets its own

    # -- reading the database -------------------------------------------------------------
    def _tables(self, cursor) -> list[str]:
        names = connection.introspection.table_names(cursor)
        if self.vendor != "sqlite":
            return names
        # An FTS5 table and its shadow tables follow their content table through its
        # triggers: the rows go in, the index follows.
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"
        )
        virtual = [row[0] for row in cursor.fetchall()]
        return [n for n in names if not any(n.startswith(v) for v in virtual)]

    def _rows(self, cursor, table: str) -> tuple[list[str], list]:
        quoted = connection.ops.quote_name(table)
        if self.vendor == "postgresql":
            # One JSON text per row: hashable, and json_populate_recordset turns it back
            # into the row, whatever the column types (jsonb, tsvector, arrays).
            cursor.execute(f"SELECT row_to_json(t)::text FROM {quoted} t")
            return [], [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT * FROM {quoted}")
        columns = [c[0] for c in cursor.description]
        return columns, [tuple(row) for row in cursor.fetchall()]

    def _state(self) -> dict[str, tuple[list[str], list]]:
        with connection.cursor() as cursor:
            return {t: self._rows(cursor, t) for t in self._tables(cursor)}

    # -- taking and restoring -------------------------------------------------------------
    def take(self) -> None:
        """Import the bundle once in a transaction that is rolled back; keep what it added."""
        media = Path(settings.MEDIA_ROOT)
        files_before = _media_files(media)
        with transaction.atomic():
            before = self._state()
            call_command("import_edition", str(self.bundle), verbosity=0)
            after = self._state()
            transaction.set_rollback(True)
        shutil.rmtree(self.keep_dir, ignore_errors=True)
        self.tables, self.sequences, self.files, self.stamps = [], [], {}, {}
        self.usable = True
        self.reference = {t: frozenset(rows) for t, (_, rows) in before.items() if rows}
        for table, (columns, rows) in after.items():
            old = set(before.get(table, ([], []))[1])
            if old - set(rows):
                self.usable = False  # the import changed a row it did not make
            added = [row for row in rows if row not in old]
            if added:
                self.tables.append((table, columns, added))
        if self.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table, _, _ in self.tables:
                    for seq in connection.introspection.get_sequences(cursor, table):
                        self.sequences.append((seq["name"], table, seq["column"]))
        for name, stamp in _media_files(media).items():
            if files_before.get(name) == stamp:
                continue
            kept = self.keep_dir / name
            kept.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(media / name, kept)
            self.files[name] = kept
            self.stamps[name] = _stamp(kept)

    def _empty(self, cursor) -> bool:
        """Whether every table the import writes is still empty."""
        quote = connection.ops.quote_name
        probes = " UNION ALL ".join(
            f"SELECT 1 FROM (SELECT 1 FROM {quote(t)} LIMIT 1) AS p{i}"
            for i, (t, _, _) in enumerate(self.tables)
        )
        cursor.execute(f"SELECT COUNT(*) FROM ({probes}) AS probes")
        return cursor.fetchone()[0] == 0

    def _same_reference(self, cursor) -> bool:
        """Whether the rows the demo's rows point at but did not make (content types, say)
        are still the ones of the snapshot: a transactional test's flush makes them again
        under new keys."""
        return all(
            frozenset(self._rows(cursor, table)[1]) == rows
            for table, rows in self.reference.items()
        )

    def restore(self) -> bool:
        """Put the demo's rows and files back; False (nothing done) if it cannot."""
        if not self.usable or not self.tables:
            return False
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            if not self._empty(cursor):
                return False
            if not self._same_reference(cursor):
                self.take()
                if not self.usable or not self.tables:
                    return False
            for table, columns, rows in self.tables:
                if self.vendor == "postgresql":
                    cursor.execute(
                        f"INSERT INTO {quote(table)} SELECT * FROM "
                        f"json_populate_recordset(NULL::{quote(table)}, %s::json)",
                        ["[" + ",".join(rows) + "]"],
                    )
                else:
                    marks = ", ".join(["%s"] * len(columns))
                    names = ", ".join(quote(c) for c in columns)
                    cursor.executemany(
                        f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows
                    )
            for sequence, table, column in self.sequences:
                # What loaddata does: the next row a test makes gets the next free key.
                cursor.execute(
                    f"SELECT setval(%s, (SELECT COALESCE(MAX({quote(column)}), 1) "
                    f"FROM {quote(table)}), true)",
                    [sequence],
                )
        self._restore_files()
        return True

    def _restore_files(self) -> None:
        """The demo's files in the current MEDIA_ROOT (the test's own, see conftest.py),
        linked to the kept copies: no bytes are copied."""
        media = Path(settings.MEDIA_ROOT)
        for name, kept in self.files.items():
            if _stamp(kept) != self.stamps[name]:
                raise RuntimeError(
                    f"A test wrote into the demo's {name} in place; storage writes new files."
                )
            target = media / name
            if target.exists():
                target.unlink()
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(kept, target)
            except OSError:
                shutil.copy2(kept, target)
