"""Chinese full-text search on PostgreSQL and SQLite, with no database extension.

Text is tokenised here, in Python, the way Lucene's CJK analyser does it: every run of
Chinese (Japanese, Korean) characters becomes its overlapping bigrams (吉林省 -> 吉林 林省)
plus its single characters, and the rest becomes lower-cased words and numbers
(T800 -> t800, 2024年 -> 2024 年). Full-width forms are folded first (NFKC), so ＴＶ is tv.

The tokens are stored beside each article in ``SearchDocument`` as two space-separated
strings: ``head`` (kicker, title, subtitle) and ``body`` (highlights, byline, dateline,
source, body, captions). Each string is the bigram stream in reading order, so that the
bigrams of one run sit at consecutive positions and a phrase query finds the run as
written, followed by the single characters, which only single-character queries use.

The databases index those strings with what they ship:

- PostgreSQL: ``SearchDocument.vector``, a ``simple`` tsvector (head weighted A, body D)
  written with the tokens, under a GIN index. The ``simple`` configuration only lower-cases,
  so the lexemes are exactly our tokens.
- SQLite: an FTS5 external-content table over ``articles_searchdocument``, which triggers
  keep in step with every insert, update and delete of that table; ranked with bm25,
  the head weighted ten times the body.

A query becomes one clause per Chinese run or word, all required: a run of two or more
characters is the phrase of its bigrams (a word in the middle of a sentence is found, and
吉林 never matches 吉 … 林 far apart), a single character is itself, a word is itself.
Only public articles are ever searched: the query always starts from the caller's
queryset, which is ``public_articles()`` on the site.

Index maintenance: ``index_articles(ids)`` rebuilds the documents of some articles (and
drops those of articles that are gone); the signals in ``articles/signals.py`` call it on
every save, ``deferred_indexing()`` batches it for imports, and
``manage.py rebuild_search_index`` rebuilds everything.
"""

import contextlib
import contextvars
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import F, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# Han ideographs (with 〇 and the extensions), kana and Hangul syllables: the scripts
# written without spaces, which Lucene's CJK analyser cuts into bigrams.
_CJK_RANGES = (
    "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\u3040-\u30ff\u31f0-\u31ff\uac00-\ud7af"
    "\U00020000-\U0003134f"
)
_TOKEN = re.compile(rf"(?P<cjk>[{_CJK_RANGES}]+)|(?P<word>[^\W_{_CJK_RANGES}]+)")
# Longer "words" are noise (hashes, runs of digits) and PostgreSQL refuses lexemes > 2 KB.
MAX_WORD_LENGTH = 60
# A query may ask for this many clauses at most; more is refused as malformed.
MAX_CLAUSES = 16

FTS_TABLE = "articles_searchdocument_fts"
DOCUMENT_TABLE = "articles_searchdocument"
# bm25 column weights for (head, body) on SQLite; PostgreSQL uses ts_rank's A and D.
FTS_HEAD_WEIGHT = 10.0
FTS_BODY_WEIGHT = 1.0


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def _runs(text: str) -> Iterator[tuple[str, str]]:
    """("cjk", 吉林省) and ("word", t800) in reading order."""
    for match in _TOKEN.finditer(_normalise(text)):
        if match.lastgroup == "cjk":
            yield "cjk", match.group()
        elif len(match.group()) <= MAX_WORD_LENGTH:
            yield "word", match.group()


def bigrams(run: str) -> list[str]:
    """吉林省 -> [吉林, 林省]; a single character stands for itself."""
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def tokenize(text: str) -> list[str]:
    """The tokens of ``text`` as indexed: the bigram stream in reading order, then the
    single characters of the longer runs (a one-character run is already in the stream).

    A phrase of overlapping bigrams can never bridge two runs (吉林，省 has no 林省), so the
    runs of several fields may simply follow one another.
    """
    stream: list[str] = []
    singles: list[str] = []
    for kind, run in _runs(text):
        if kind == "word":
            stream.append(run)
            continue
        stream.extend(bigrams(run))
        if len(run) > 1:
            singles.extend(run)
    return stream + singles


def document_text(parts: Iterable[str]) -> str:
    """The stored form of some fields: their tokens, space-separated."""
    return " ".join(tokenize("\n".join(part for part in parts if part)))


@dataclass(frozen=True)
class ParsedQuery:
    """A reader's query as clauses (each a phrase of tokens, all required) and the words to
    highlight in results."""

    clauses: tuple[tuple[str, ...], ...]
    terms: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.clauses)


class QueryTooComplex(ValueError):
    """More clauses than ``MAX_CLAUSES``."""


def parse_query(text: str) -> ParsedQuery:
    """The clauses of a query: 吉林 -> (吉林); 新质生产力 -> (新质 质生 生产 产力), one phrase;
    T800 2024年 -> (t800) (2024) (年)."""
    clauses: list[tuple[str, ...]] = []
    terms: list[str] = []
    for kind, run in _runs(text):
        clause = tuple(bigrams(run)) if kind == "cjk" else (run,)
        if clause not in clauses:
            clauses.append(clause)
            terms.append(run)
    if len(clauses) > MAX_CLAUSES:
        raise QueryTooComplex(f"at most {MAX_CLAUSES} words or runs of characters")
    return ParsedQuery(tuple(clauses), tuple(terms))


# ---------------------------------------------------------------------------------------
# Querying


def _vendor(queryset: QuerySet) -> str:
    return connections[queryset.db].vendor


def tsquery_text(query: ParsedQuery) -> str:
    """PostgreSQL: '吉林' & ( '新质' <-> '质生' ) & 't800'."""

    def lexeme(token: str) -> str:
        return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"

    return " & ".join("( " + " <-> ".join(lexeme(t) for t in c) + " )" for c in query.clauses)


def fts5_match_text(query: ParsedQuery) -> str:
    """SQLite FTS5: "吉林" AND "新质 质生" AND "t800"."""
    return " AND ".join('"' + " ".join(c).replace('"', '""') + '"' for c in query.clauses)


def search(queryset: QuerySet, query: ParsedQuery) -> QuerySet:
    """Articles of ``queryset`` that match every clause of ``query``, annotated with
    ``rank`` (higher is better). ``queryset`` decides what may be found: on the site it is
    always ``public_articles()``."""
    if not query:
        return queryset.none()
    vendor = _vendor(queryset)
    if vendor == "postgresql":
        tsquery = SearchQuery(tsquery_text(query), search_type="raw", config="simple")
        return queryset.filter(search_document__vector=tsquery).annotate(
            rank=SearchRank(F("search_document__vector"), tsquery, normalization=Value(1))
        )
    if vendor == "sqlite":
        match = fts5_match_text(query)
        table = queryset.model._meta.db_table
        return queryset.filter(
            pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])
        ).annotate(
            rank=RawSQL(
                f"SELECT -bm25({FTS_TABLE}, {FTS_HEAD_WEIGHT}, {FTS_BODY_WEIGHT}) "
                f'FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid = "{table}"."id"',
                [match],
            )
        )
    raise NotImplementedError(f"full-text search is not implemented for {vendor}")


# ---------------------------------------------------------------------------------------
# Highlighting


def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` folded as the tokeniser folds it, and for each folded character the index
    of the original one, so matches found in the fold can be marked in the original
    (which keeps its full-width punctuation)."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        fold = _normalise(char)
        folded.append(fold)
        origin.extend([index] * len(fold))
    return "".join(folded), origin


def _highlight_pattern(query: ParsedQuery, folded: str) -> re.Pattern | None:
    """The query's runs and words; when a Chinese run is not in the text as written (its
    bigrams matched apart), its bigrams, which are its clause. A Latin word or a number is
    indexed whole, so it is only ever marked whole."""
    terms: list[str] = []
    for term, clause in zip(query.terms, query.clauses, strict=True):
        if term in folded or len(clause) <= 1:
            terms.append(term)
        else:
            terms.extend(clause)
    if not terms:
        return None
    alternatives = sorted(set(terms), key=len, reverse=True)
    # A lookahead finds a match at every position, so overlapping bigrams (生产, 产力) all
    # count; _spans merges them.
    return re.compile("(?=(" + "|".join(re.escape(t) for t in alternatives) + "))")


def _spans(text: str, query: ParsedQuery) -> list[tuple[int, int]]:
    """(start, end) in ``text`` of every match of the query's words, overlaps merged."""
    folded, origin = _folded(text)
    pattern = _highlight_pattern(query, folded)
    if pattern is None:
        return []
    spans: list[tuple[int, int]] = []
    for match in pattern.finditer(folded):
        term = match.group(1)
        if not term:
            continue
        start = origin[match.start()]
        end = origin[match.start() + len(term) - 1] + 1
        if spans and start < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def _marked(text: str, spans: list[tuple[int, int]], start: int, end: int) -> SafeString:
    pieces: list[str] = []
    last = start
    for span_start, span_end in spans:
        if span_start < last or span_end > end:
            continue
        pieces.append(escape(text[last:span_start]))
        pieces.append(format_html("<mark>{}</mark>", text[span_start:span_end]))
        last = span_end
    pieces.append(escape(text[last:end]))
    # Every piece was escaped or built with format_html above.
    return mark_safe("".join(pieces))


def highlight(text: str, query: ParsedQuery) -> SafeString:
    """``text`` escaped, with the query's words in ``<mark>``."""
    text = text or ""
    return _marked(text, _spans(text, query), 0, len(text))


def snippet(text: str, query: ParsedQuery, length: int = 120) -> SafeString:
    """About ``length`` characters of ``text`` around the first match, highlighted."""
    text = " ".join((text or "").split())
    spans = _spans(text, query)
    start = 0
    if spans:
        # The window that shows the most different words of the query, the earliest such.
        def distinct_words_after(first: int) -> int:
            limit = spans[first][0] + length * 3 // 4
            return len({_normalise(text[a:b]) for a, b in spans[first:] if b <= limit})

        best = max(range(len(spans)), key=lambda i: (distinct_words_after(i), -i))
        start = max(0, spans[best][0] - length // 4)
    end = min(len(text), start + length)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return format_html("{}{}{}", prefix, _marked(text, spans, start, end), suffix)


# ---------------------------------------------------------------------------------------
# Index maintenance


# The article's own fields a search document is made of; a save that touches none of them
# (a workflow step, say) leaves the document as it is.
INDEXED_FIELDS = frozenset(
    ["kicker", "title", "subtitle", "highlights", "byline", "dateline", "source", "body"]
)


def article_document(article) -> tuple[str, str]:
    """(head, body): the stored tokens of an article loaded with ``documents_queryset()``."""
    head = document_text([article.kicker, article.title, article.subtitle])
    body = document_text(
        [
            article.highlights,
            article.byline,
            " ".join(f"{c.role} {c.author.name}" for c in article.credits_in_order()),
            article.dateline,
            article.source,
            article.body_text,
            *(f"{image.caption} {image.credit}" for image in article.images.all()),
        ]
    )
    return head, body


def documents_queryset(ids: Iterable[int]) -> QuerySet:
    from .models import Article, print_prefetches

    credits = print_prefetches()[1]
    return Article.objects.filter(pk__in=list(ids)).prefetch_related(credits, "images")


def index_articles(ids: Iterable[int]) -> int:
    """Rebuild the search documents of the articles ``ids``; drop those of deleted ones.

    A fixed number of queries for any number of ids (callers chunk very long lists).
    Returns how many documents were written.
    """
    from .models import SearchDocument

    ids = sorted(set(ids))
    if not ids:
        return 0
    documents = []
    for article in documents_queryset(ids):
        head, body = article_document(article)
        documents.append(SearchDocument(article_id=article.pk, head=head, body=body))
    found = {d.article_id for d in documents}
    gone = [i for i in ids if i not in found]
    if gone:
        SearchDocument.objects.filter(article_id__in=gone).delete()
    if documents:
        SearchDocument.objects.bulk_create(
            documents,
            update_conflicts=True,
            unique_fields=["article"],
            update_fields=["head", "body"],
        )
        if connections[SearchDocument.objects.db].vendor == "postgresql":
            SearchDocument.objects.filter(article_id__in=found).update(vector=search_vector())
    return len(documents)


def search_vector() -> SearchVector:
    """PostgreSQL: the stored tsvector, head weighted A above body D."""
    return SearchVector("head", config="simple", weight="A") + SearchVector(
        "body", config="simple", weight="D"
    )


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


def rebuild_index(*, progress=None, chunk_size: int = 200) -> int:
    """Re-index every article in chunks, drop orphans, and rebuild SQLite's FTS table.

    ``progress(total=n)`` may give a bar (``tqdm``) that is advanced by each chunk's size.
    """
    from .models import Article, SearchDocument

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
    return written


# ---------------------------------------------------------------------------------------
# The backends' index structures, created by migration 0004_search (and re-created, if
# missing, by rebuild_index). Django knows nothing of them: a later migration that makes
# SQLite rebuild articles_searchdocument (most ALTERs do) drops the triggers, and must
# run ``sqlite_schema()`` again; tests/test_search.py checks they exist.


def sqlite_schema() -> list[str]:
    """The FTS5 table over the documents and the triggers that keep it in step."""
    fts, doc = FTS_TABLE, DOCUMENT_TABLE
    columns = "rowid, head, body"
    old = "old.article_id, old.head, old.body"
    delete = f"INSERT INTO {fts}({fts}, {columns}) VALUES ('delete', {old});"
    insert = f"INSERT INTO {fts}({columns}) VALUES (new.article_id, new.head, new.body);"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(head, body, content='{doc}', "
        "content_rowid='article_id', tokenize='unicode61 remove_diacritics 0')",
        f"CREATE TRIGGER IF NOT EXISTS {doc}_ai AFTER INSERT ON {doc} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {doc}_ad AFTER DELETE ON {doc} BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {doc}_au AFTER UPDATE ON {doc} BEGIN {delete} {insert} END",
    ]


def sqlite_drop_schema() -> list[str]:
    doc = DOCUMENT_TABLE
    return [
        f"DROP TRIGGER IF EXISTS {doc}_ai",
        f"DROP TRIGGER IF EXISTS {doc}_ad",
        f"DROP TRIGGER IF EXISTS {doc}_au",
        f"DROP TABLE IF EXISTS {FTS_TABLE}",
    ]


POSTGRESQL_INDEX = "articles_searchdocument_vector_gin"
