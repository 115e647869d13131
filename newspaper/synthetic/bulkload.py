"""A large load into PostgreSQL without the cost of its secondary indexes.

Every insert into a table updates each of its indexes, and the GIN index of the search
documents is the dearest of all: a generated archive spends most of its time there. For a
large load ``fast_load()`` drops the secondary indexes of the tables the generator fills
(not primary keys or the indexes behind unique constraints), lets the load run, and creates
them again from their saved definitions at the end, each built once from sorted data, which
is many times cheaper than maintaining them row by row.

Robust to interruption: the whole load is one transaction, and PostgreSQL's DDL is
transactional. When the load fails or is interrupted (an exception, Ctrl-C, a SIGTERM,
which is turned into an exception while the load runs, or the process killed outright), the
transaction is rolled back: the rows are gone and the indexes were never dropped. When it
succeeds, the indexes are created again (in the ``try/finally``) before the commit, so no
path commits the data without its indexes. The session also turns ``synchronous_commit``
off and gives the index builds more ``maintenance_work_mem``.

SQLite and small loads need none of this: ``fast_load()`` then only yields.
"""

import contextlib
import signal

from django.db import connections, transaction

# The tables generate_archive writes, whose secondary indexes are dropped during a load.
LOAD_TABLES = (
    "articles_article",
    "articles_articleauthor",
    "articles_placement",
    "articles_correction",
    "articles_searchdocument",
    "editions_page",
)

_SECONDARY_INDEXES = """
SELECT i.indexname, i.indexdef
FROM pg_indexes i
WHERE i.schemaname = current_schema()
  AND i.tablename = ANY(%s)
  AND NOT EXISTS (
      SELECT 1 FROM pg_constraint c
      WHERE c.conname = i.indexname AND c.connamespace = to_regnamespace(i.schemaname)
  )
ORDER BY i.tablename, i.indexname
"""


def secondary_indexes(connection, tables=LOAD_TABLES) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of the tables' indexes that back no constraint."""
    with connection.cursor() as cursor:
        cursor.execute(_SECONDARY_INDEXES, [list(tables)])
        return cursor.fetchall()


class _Terminated(Exception):
    """SIGTERM during a load: unwinds like Ctrl-C, so the transaction is rolled back."""


def _raise_terminated(signum, frame):
    raise _Terminated("terminated by SIGTERM")


@contextlib.contextmanager
def fast_load(using: str = "default", *, enabled: bool = True, progress=None):
    """Run the block as one PostgreSQL transaction with the secondary indexes of
    ``LOAD_TABLES`` dropped, and create them again before it commits.

    ``progress(message)`` is told what happens (dropping, rebuilding). Yields the list of
    (name, definition) of the indexes it dropped (empty when it did nothing).
    """
    connection = connections[using]
    if not enabled or connection.vendor != "postgresql":
        yield []
        return
    say = progress or (lambda message: None)
    previous = signal.getsignal(signal.SIGTERM)
    try:
        signal.signal(signal.SIGTERM, _raise_terminated)
    except ValueError:  # not the main thread: leave SIGTERM as it is
        previous = None
    try:
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
                # Foreign keys checked per statement, not queued to the commit: a queue of
                # millions of checks would grow without bound, and an index cannot be built
                # on a table with checks pending.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
                # The site's statement timeout is for requests; rebuilding a GIN index over a
                # large archive takes minutes (and hitting it rolls the whole load back).
                cursor.execute("SET LOCAL statement_timeout = 0")
            dropped = secondary_indexes(connection)
            say(f"dropping {len(dropped)} secondary indexes for the load")
            with connection.cursor() as cursor:
                for name, _definition in dropped:
                    cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
            completed = False
            try:
                yield dropped
                completed = True
            finally:
                # After an error the transaction is aborted and its rollback brings the
                # indexes back; after success they are built here, before the commit.
                if completed:
                    say(f"creating {len(dropped)} indexes again")
                    with connection.cursor() as cursor:
                        for _name, definition in dropped:
                            cursor.execute(definition)
                        cursor.execute("ANALYZE " + ", ".join(LOAD_TABLES))
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
