"""Keeping the search documents in step with the articles: built from an article's copy,
written after every change (through ``articles/signals.py``), batched for imports, rebuilt
by ``manage.py rebuild_search_index``."""

import contextlib
import contextvars
from collections.abc import Iterable

from django.db import connections
from django.db.models import QuerySet
from django.dispatch import Signal

from ..models import COPY_FIELDS, Article, SearchDocument, credits_prefetch
from .backends import DOCUMENT_TABLE, FTS_TABLE, sqlite_schema
from .tokens import document_text

# The article's own fields a search document is made of; a save that touches none of them
# (a workflow step, say) leaves the document as it is.
INDEXED_FIELDS = frozenset(COPY_FIELDS)


def document_of(
    article, credits: Iterable[tuple[str, str]], images: Iterable[tuple[str, str]]
) -> tuple[str, str]:
    """(head, body): the stored tokens of ``article``'s copy with its credits as (role,
    name) in order and its images as (caption, credit) in order. Writers that hold these in
    memory (the archive generator) call it directly; the same text as ``article_document``."""
    head = document_text([article.kicker, article.title, article.subtitle])
    body = document_text(
        [
            article.highlights,
            article.byline,
            " ".join(f"{role} {name}" for role, name in credits),
            article.dateline,
            article.source,
            article.body_text,
            *(f"{caption} {credit}" for caption, credit in images),
        ]
    )
    return head, body


def article_document(article) -> tuple[str, str]:
    """(head, body): the stored tokens of an article loaded with ``documents_queryset()``."""
    return document_of(
        article,
        [(c.role, c.author.name) for c in article.credits_in_order()],
        [(image.caption, image.credit) for image in article.images.all()],
    )


def documents_queryset(ids: Iterable[int]) -> QuerySet:
    return Article.objects.filter(pk__in=list(ids)).prefetch_related(credits_prefetch(), "images")


def index_articles(ids: Iterable[int]) -> int:
    """Rebuild the search documents of the articles ``ids``; drop those of deleted ones.

    A fixed number of queries for any number of ids (callers chunk very long lists).
    Returns how many documents were written.
    """
    ids = sorted(set(ids))
    if not ids:
        return 0
    documents = [(article.pk, *article_document(article)) for article in documents_queryset(ids)]
    found = {article_id for article_id, _head, _body in documents}
    gone = [i for i in ids if i not in found]
    if gone:
        SearchDocument.objects.filter(article_id__in=gone).delete()
    return write_documents(documents)


# PostgreSQL: the rows and their vectors in one statement (no second UPDATE that would write
# every row, its toasted vector and the GIN entries twice). The vector is search_vector()'s.
_PG_UPSERT = f"""
INSERT INTO {DOCUMENT_TABLE} (article_id, head, body, vector)
SELECT id, head, body,
       setweight(to_tsvector('simple'::regconfig, COALESCE(head, '')), 'A')
       || setweight(to_tsvector('simple'::regconfig, COALESCE(body, '')), 'D')
FROM unnest(%s::integer[], %s::text[], %s::text[]) AS rows (id, head, body)
ON CONFLICT (article_id) DO UPDATE
SET head = EXCLUDED.head, body = EXCLUDED.body, vector = EXCLUDED.vector
"""


def write_documents(documents: list[tuple[int, str, str]], *, using: str | None = None) -> int:
    """Insert or replace the search documents (article id, head, body), with PostgreSQL's
    vector computed as they are written. Returns how many were written."""
    if not documents:
        return 0
    using = using or SearchDocument.objects.db
    connection = connections[using]
    if connection.vendor == "postgresql":
        ids, heads, bodies = (list(column) for column in zip(*documents, strict=True))
        with connection.cursor() as cursor:
            cursor.execute(_PG_UPSERT, [ids, heads, bodies])
        return len(documents)
    SearchDocument.objects.using(using).bulk_create(
        [SearchDocument(article_id=i, head=head, body=body) for i, head, body in documents],
        update_conflicts=True,
        unique_fields=["article"],
        update_fields=["head", "body"],
    )
    return len(documents)


# While a ``deferred_indexing()`` block runs, saves only note which articles changed.
_pending: contextvars.ContextVar[set[int] | None] = contextvars.ContextVar(
    "search_pending", default=None
)
# Articles being deleted: their credits and images go first, and must not re-index them.
_deleting: contextvars.ContextVar[frozenset[int]] = contextvars.ContextVar(
    "search_deleting", default=frozenset()
)


def article_changed(article_id: int) -> None:
    """Keep the index in step after a change to article ``article_id`` or its parts."""
    if article_id in _deleting.get():
        return
    pending = _pending.get()
    if pending is not None:
        pending.add(article_id)
    else:
        index_articles([article_id])


def article_saved(article_id: int, update_fields: Iterable[str] | None = None) -> None:
    """An article was saved: it is not being deleted (a deletion that failed may have left
    it marked), and its document follows, unless the save touched no indexed field."""
    article_deleted(article_id)
    if update_fields is not None and not INDEXED_FIELDS.intersection(update_fields):
        return
    article_changed(article_id)


def article_deleting(article_id: int) -> None:
    _deleting.set(_deleting.get() | {article_id})


def article_deleted(article_id: int) -> None:
    _deleting.set(_deleting.get() - {article_id})


@contextlib.contextmanager
def deferred_indexing():
    """Index every article changed inside the block once, when it ends without error.

    Imports write hundreds of rows per article; this makes the index follow them in one
    batch instead of one re-index per row.
    """
    if _pending.get() is not None:  # nested: the outer block indexes
        yield
        return
    pending: set[int] = set()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    index_in_chunks(sorted(pending))


def index_in_chunks(ids: list[int], *, chunk_size: int = 200, bar=None) -> int:
    """``index_articles`` over ``ids`` a chunk at a time, so memory stays bounded."""
    written = 0
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start : start + chunk_size]
        written += index_articles(chunk)
        if bar is not None:
            bar.update(len(chunk))
    return written


# Sent once a rebuild has finished: what readers find may have changed without a save of any
# article (a bulk change that sent no signals, a new tokeniser), so caches must follow.
index_rebuilt = Signal()


def rebuild_index(*, progress=None, chunk_size: int = 200) -> int:
    """Re-index every article in chunks, drop orphans, and rebuild SQLite's FTS table.

    ``progress(total=n)`` may give a bar (``tqdm``) that is advanced by each chunk's size.
    """
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    bar = progress(total=len(ids)) if progress else None
    written = index_in_chunks(ids, chunk_size=chunk_size, bar=bar)
    if bar is not None:
        bar.close()
    SearchDocument.objects.exclude(article_id__in=Article.objects.values("pk")).delete()
    connection = connections[SearchDocument.objects.db]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for statement in sqlite_schema():
                cursor.execute(statement)
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    index_rebuilt.send(sender=SearchDocument)
    return written
