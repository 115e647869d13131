"""The tokeniser: text to the tokens stored and searched, a reader's query to clauses.

Every run of Chinese (Japanese, Korean) characters becomes its overlapping bigrams plus its
single characters, the rest lower-cased words and numbers, after NFKC folding; see the
package's docstring.
"""

import operator
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

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


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def _runs(text: str) -> Iterator[tuple[str, str]]:
    """("cjk", 吉林省) and ("word", t800) in reading order."""
    for match in _TOKEN.finditer(normalise(text)):
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
    runs of several fields may simply follow one another. (``_runs`` and ``bigrams``
    inlined: every article's save and the archive generator index whole bodies.)
    """
    stream: list[str] = []
    singles: list[str] = []
    for match in _TOKEN.finditer(normalise(text)):
        run = match.group()
        if match.lastgroup == "cjk":
            if len(run) == 1:
                stream.append(run)
            else:
                stream.extend(map(operator.add, run[:-1], run[1:]))
                singles.extend(run)
        elif len(run) <= MAX_WORD_LENGTH:
            stream.append(run)
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
