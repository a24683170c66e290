"""German text analysis shared by every search backend.

Pipeline for documents (``analyze``):

1. Tokenise: runs of letters/digits, joined by ``. / - , :`` into one run
   ("66.3-12/2025", "Kita-Platz"); a hyphen at a line break followed by a
   lower-case letter joins a word split by hyphenation ("Grund-\\nsteuer").
2. Runs containing a digit stay one token (reference numbers, dates); their
   alphanumeric pieces become *parts* so "2025" finds "66.3-12/2025".
   Runs without digits become one token per piece ("kita", "platz"), with the
   joined word as a part ("kitaplatz").
3. Each word is lower-cased and folded (normalize.fold: ä→a, ß→ss, ue→u ...),
   German stop words are dropped, and the rest is Snowball-German stemmed.
   Words with digits are not stemmed.
4. Long words are split by the Decompounder; the stems of their parts are
   kept on the token ("grundsteuerbescheid" → grund, steu, bescheid, ...).

Each Token carries character offsets into the original text (for snippets)
and a position; positions count emitted tokens without gaps, so a backend that
indexes the terms joined by spaces (e.g. Elasticsearch with a whitespace
analyser) gets the same positions. Backends index ``term`` with positions in
one field and ``parts`` in another.

Queries (``analyze_query``): text in double quotes is a phrase, everything
else single terms; all clauses must match. An unbalanced quote runs to the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.compounds import Decompounder, LexiconDecompounder
from search.normalize import fold, is_stop, stem

# Bump when analysis output changes: indexes built with another version must be rebuilt.
ANALYSIS_VERSION = 1

_CHAR = r"[^\W_][\u0300-\u036f\u00ad]*"
_WORD = rf"(?:{_CHAR})+"
_LINEBREAK_HYPHEN = r"-[ \t]*\r?\n[ \t]*"
_JOIN = rf"(?:[./,:\-\u2010\u2011\u2013]|{_LINEBREAK_HYPHEN})"
_RUN_RE = re.compile(rf"{_WORD}(?:{_JOIN}{_WORD})*")
_WORD_RE = re.compile(_WORD)
_LINEBREAK_RE = re.compile(rf"^{_LINEBREAK_HYPHEN}$")
_SPACE_RE = re.compile(r"\s+")
_WORD_CACHE_SIZE = 200_000


@dataclass(frozen=True, slots=True)
class Token:
    """One indexed word: its analysed term (stemmed), its folded form before
    stemming (for fuzzy matching of OCR errors in word endings), where it
    stands in the original text (``text[start:end]``), its position, and the
    analysed terms of its parts."""

    term: str
    form: str
    start: int
    end: int
    position: int
    parts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QueryTerm:
    term: str
    form: str = ""  # folded, unstemmed; "" = same as term


@dataclass(frozen=True, slots=True)
class QueryPhrase:
    terms: tuple[str, ...]


Clause = QueryTerm | QueryPhrase


@dataclass(frozen=True, slots=True)
class AnalyzedQuery:
    """Clauses that must all match. ``blank`` is True when the query text had no
    content at all (then backends list every visible document)."""

    clauses: tuple[Clause, ...]
    blank: bool

    @property
    def terms(self) -> frozenset[str]:
        """Every term of every clause (for highlighting)."""
        out: set[str] = set()
        for clause in self.clauses:
            out.update((clause.term,) if isinstance(clause, QueryTerm) else clause.terms)
        return frozenset(out)

    @property
    def forms(self) -> frozenset[str]:
        """The unstemmed forms of the single-term clauses (for fuzzy highlighting)."""
        return frozenset(c.form or c.term for c in self.clauses if isinstance(c, QueryTerm))


@dataclass(frozen=True, slots=True)
class _Piece:
    surface: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Draft:
    term: str
    form: str
    start: int
    end: int
    parts: tuple[str, ...]


class GermanAnalyzer:
    """The analysis pipeline; the decompounder is pluggable."""

    def __init__(self, decompounder: Decompounder | None = None) -> None:
        self._decompounder: Decompounder = decompounder or LexiconDecompounder()
        # plain word → (term, form, parts), or None for a stop word
        self._words: dict[str, tuple[str, str, tuple[str, ...]] | None] = {}

    def analyze(self, text: str) -> list[Token]:
        tokens: list[Token] = []
        for run in _RUN_RE.finditer(text):
            surface = run.group()
            if surface.isalpha():  # fast path: one plain word
                word = self._word(surface)
                if word is not None:
                    term, form, parts = word
                    tokens.append(Token(term, form, run.start(), run.end(), len(tokens), parts))
                continue
            for d in self._analyze_run(surface, run.start()):
                tokens.append(Token(d.term, d.form, d.start, d.end, len(tokens), _clean(d)))
        return tokens

    def _word(self, surface: str) -> tuple[str, str, tuple[str, ...]] | None:
        if surface in self._words:
            return self._words[surface]
        drafts = self._analyze_run(surface, 0)
        result = (drafts[0].term, drafts[0].form, _clean(drafts[0])) if drafts else None
        if len(self._words) >= _WORD_CACHE_SIZE:
            self._words.clear()
        self._words[surface] = result
        return result

    def analyze_query(self, text: str) -> AnalyzedQuery:
        clauses: list[Clause] = []
        for i, segment in enumerate(text.split('"')):
            tokens = self.analyze(segment)
            if i % 2 == 1 and len(tokens) > 1:
                clauses.append(QueryPhrase(tuple(t.term for t in tokens)))
            else:
                clauses.extend(QueryTerm(t.term, t.form) for t in tokens)
        unique = tuple(dict.fromkeys(clauses))
        return AnalyzedQuery(unique, blank=not _WORD_RE.search(text))

    def _analyze_run(self, run: str, offset: int) -> list[_Draft]:
        pieces = [
            _Piece(m.group(), offset + m.start(), offset + m.end()) for m in _WORD_RE.finditer(run)
        ]
        if any(ch.isdigit() for ch in run):
            term = _SPACE_RE.sub("", fold(run))
            parts = tuple(stem(fold(p.surface)) for p in pieces) if len(pieces) > 1 else ()
            return [_Draft(term, term, offset, offset + len(run), parts)]
        words = _merge_hyphenated(pieces, run, offset)
        out: list[_Draft] = []
        for word in words:
            folded = fold(word.surface)
            if not folded or is_stop(folded):
                continue
            parts = tuple(stem(p) for p in self._decompounder.split(folded))
            out.append(_Draft(stem(folded), folded, word.start, word.end, parts))
        if len(words) > 1 and out:
            joined = stem(fold("".join(w.surface for w in words)))
            last = out[-1]
            out[-1] = _Draft(last.term, last.form, last.start, last.end, (*last.parts, joined))
        return out


def _clean(draft: _Draft) -> tuple[str, ...]:
    """Parts without empties, duplicates and the term itself."""
    return tuple(dict.fromkeys(p for p in draft.parts if p and p != draft.term))


def _merge_hyphenated(pieces: list[_Piece], run: str, offset: int) -> list[_Piece]:
    """Join pieces split by end-of-line hyphenation ("Grund-\\nsteuer")."""
    merged: list[_Piece] = []
    for piece in pieces:
        if merged:
            prev = merged[-1]
            gap = run[prev.end - offset : piece.start - offset]
            if _LINEBREAK_RE.match(gap) and piece.surface[:1].islower():
                merged[-1] = _Piece(prev.surface + piece.surface, prev.start, piece.end)
                continue
        merged.append(piece)
    return merged


_DEFAULT = GermanAnalyzer()


def analyze(text: str) -> list[Token]:
    """Analyse document text with the default German analyzer."""
    return _DEFAULT.analyze(text)


def analyze_query(text: str) -> AnalyzedQuery:
    """Analyse a query with the default German analyzer."""
    return _DEFAULT.analyze_query(text)
