"""Marking a query's words in results: highlighted titles and snippets, escaped."""

import re
from collections.abc import Sequence

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString

from .tokens import ParsedQuery, normalise


class _FoldTable(dict):
    """A character's code -> the character as the tokeniser folds it, worked out the first
    time it is seen: the table ``str.translate`` folds a whole text with."""

    def __missing__(self, code: int) -> str:
        if len(self) >= _FOLD_TABLE_LIMIT:  # bounded, whatever texts come by
            self.clear()
            _UNEVEN.clear()
        fold = normalise(chr(code))
        self[code] = fold
        if len(fold) != 1:
            _UNEVEN.add(chr(code))
        return fold


_FOLD_TABLE_LIMIT = 50_000
_FOLDS = _FoldTable()
# The characters seen so far that fold to more or fewer than one (ﬁ -> fi, a combining mark).
_UNEVEN: set[str] = set()


def _folded(text: str) -> tuple[str, Sequence[int]]:
    """``text`` folded as the tokeniser folds it, and for each folded character the index
    of the original one, so matches found in the fold can be marked in the original
    (which keeps its full-width punctuation)."""
    folded = text.translate(_FOLDS)
    if _UNEVEN.isdisjoint(text):  # the usual case: one for one
        return folded, range(len(text))
    origin: list[int] = []
    for index, char in enumerate(text):
        origin.extend([index] * len(_FOLDS[ord(char)]))
    return folded, origin


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
    pieces: list[str] = []  # each escaped, or built by format_html
    last = start
    for span_start, span_end in spans:
        if span_start < last or span_end > end:
            continue
        pieces.append(escape(text[last:span_start]))
        pieces.append(format_html("<mark>{}</mark>", text[span_start:span_end]))
        last = span_end
    pieces.append(escape(text[last:end]))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


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
            return len({normalise(text[a:b]) for a, b in spans[first:] if b <= limit})

        best = max(range(len(spans)), key=lambda i: (distinct_words_after(i), -i))
        start = max(0, spans[best][0] - length // 4)
    end = min(len(text), start + length)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return format_html("{}{}{}", prefix, _marked(text, spans, start, end), suffix)
