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
queryset, which is ``Article.objects.on_site().public()`` on the site.

The package: ``tokens`` (the tokeniser and query parser), ``highlight`` (marking a
query's words in results), ``backends`` (the query and index structures of each database),
``index`` (keeping the stored documents in step), ``window`` (the bounded window of the
newest matches a search ranks, counts and pages through) and ``views`` (the search page and the
archive's filtered lists).

Index maintenance: ``index_articles(ids)`` rebuilds the documents of some articles (and
drops those of articles that are gone); the signals in ``articles/signals.py`` call it on
every save, ``deferred_indexing()`` batches it for imports, and
``manage.py rebuild_search_index`` rebuilds everything.
"""

from .backends import (
    DOCUMENT_TABLE,
    FTS_TABLE,
    POSTGRESQL_INDEX,
    search,
    sqlite_drop_schema,
    sqlite_schema,
)
from .highlight import highlight, snippet
from .index import (
    INDEXED_FIELDS,
    article_changed,
    article_deleted,
    article_deleting,
    article_saved,
    deferred_indexing,
    index_articles,
    rebuild_index,
)
from .tokens import MAX_CLAUSES, ParsedQuery, QueryTooComplex, parse_query, tokenize
from .window import Window, newest_matches, window_results, window_size

__all__ = [
    "DOCUMENT_TABLE",
    "FTS_TABLE",
    "INDEXED_FIELDS",
    "MAX_CLAUSES",
    "POSTGRESQL_INDEX",
    "ParsedQuery",
    "Window",
    "QueryTooComplex",
    "article_changed",
    "article_deleted",
    "article_deleting",
    "article_saved",
    "deferred_indexing",
    "highlight",
    "index_articles",
    "newest_matches",
    "parse_query",
    "rebuild_index",
    "search",
    "snippet",
    "sqlite_drop_schema",
    "sqlite_schema",
    "tokenize",
    "window_results",
    "window_size",
]
