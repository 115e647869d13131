"""The databases' side of search: a parsed query as each one's full-text match, and the
index structures they need (an FTS5 table on SQLite, a GIN index on PostgreSQL)."""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from .tokens import ParsedQuery

FTS_TABLE = "articles_searchdocument_fts"
DOCUMENT_TABLE = "articles_searchdocument"


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


def head_rank(query: ParsedQuery) -> RawSQL:
    """How many of the query's clauses are in the headline, from the small ``head`` column:
    ``ts_rank`` (PostgreSQL) would read every match's stored vector, tens of kilobytes each,
    and a ``bm25`` per match (SQLite) probe the FTS index again, for all matches of a common
    word, only to order one page."""
    head = f'"{DOCUMENT_TABLE}"."head"'
    cases = " + ".join(
        f"(CASE WHEN (' ' || {head} || ' ') LIKE %s ESCAPE '\\' THEN 1 ELSE 0 END)"
        for _ in query.clauses
    )
    params = []
    for clause in query.clauses:
        words = " ".join(clause).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params.append(f"% {words} %")
    return RawSQL(cases, params)


def search(queryset: QuerySet, query: ParsedQuery) -> QuerySet:
    """Articles of ``queryset`` that match every clause of ``query``, unordered and unranked.
    ``queryset`` decides what may be found: on the site it is always
    ``Article.objects.on_site().public()``.

    Both databases find the matches through their full-text index (PostgreSQL's GIN index,
    SQLite's FTS5 table, read once). Ranking is ``window.window_results``'s, over a bounded
    window of the newest matches: ranking every match of a common word would read them all.
    """
    if not query:
        return queryset.none()
    vendor = _vendor(queryset)
    if vendor == "postgresql":
        tsquery = SearchQuery(tsquery_text(query), search_type="raw", config="simple")
        return queryset.filter(search_document__vector=tsquery)
    if vendor == "sqlite":
        match = fts5_match_text(query)
        # The FTS5 table finds the matches once (an IN list, not a probe per article).
        return queryset.filter(
            pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match]),
        )
    raise NotImplementedError(f"full-text search is not implemented for {vendor}")


def search_vector() -> SearchVector:
    """PostgreSQL: the stored tsvector, head weighted A above body D."""
    return SearchVector("head", config="simple", weight="A") + SearchVector(
        "body", config="simple", weight="D"
    )


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
