"""MemorySearchIndex: the pure-Python reference backend for unit tests.

Same analysis, clauses, fuzzy rule, visibility and snippets as the embedded
backend; scores use the same BM25 formula and weights, so rankings agree in
intent (exact above compound part above fuzzy) though not to the last digit.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from search.analysis import AnalyzedQuery, QueryPhrase, QueryTerm, Token, analyze_query
from search.base import Hit, IndexedDoc, SearchQuery, SearchResult
from search.document import analyse_doc
from search.matching import (
    FUZZY_SCORE,
    WEIGHT_META,
    WEIGHT_PARTS,
    WEIGHT_TEXT,
    acl_term,
    allowed_acl_terms,
    check_document,
    fuzzy_distance,
    validate,
    within_one_edit,
)
from search.snippets import make_snippet

K1, B = 1.2, 0.75
FIELDS = ("text", "meta", "parts", "forms")


@dataclass(frozen=True, slots=True)
class _Field:
    tf: Counter[str]
    positions: dict[str, tuple[int, ...]]
    length: int

    @staticmethod
    def of(terms: Sequence[str]) -> _Field:
        positions: dict[str, list[int]] = defaultdict(list)
        for i, term in enumerate(terms):
            positions[term].append(i)
        return _Field(Counter(terms), {t: tuple(p) for t, p in positions.items()}, len(terms))


@dataclass(frozen=True, slots=True)
class _Entry:
    doc: IndexedDoc
    acl: str
    text_tokens: tuple[Token, ...]
    fields: dict[str, _Field] = field(default_factory=dict)


def _entry(doc: IndexedDoc) -> _Entry:
    analysed = analyse_doc(doc)
    return _Entry(
        doc=doc,
        acl=acl_term(doc),
        text_tokens=analysed.text,
        fields={
            "text": _Field.of([t.term for t in analysed.text]),
            "meta": _Field.of([t.term for t in analysed.meta]),
            "parts": _Field.of(list(analysed.parts)),
            "forms": _Field.of(list(analysed.forms)),
        },
    )


def _has_phrase(f: _Field, terms: tuple[str, ...]) -> bool:
    starts = f.positions.get(terms[0], ())
    return any(all(s + i in f.positions.get(t, ()) for i, t in enumerate(terms)) for s in starts)


class MemorySearchIndex:
    """An in-process index; nothing is persisted."""

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._df: dict[str, Counter[str]] = {f: Counter() for f in FIELDS}
        self._total_len: Counter[str] = Counter()

    def upsert(self, docs: Sequence[IndexedDoc]) -> None:
        for doc in docs:
            check_document(doc)
        for doc in docs:
            self._remove(doc.id)
            entry = _entry(doc)
            self._entries[doc.id] = entry
            for name, f in entry.fields.items():
                self._df[name].update(f.tf.keys())
                self._total_len[name] += f.length

    def delete(self, ids: Sequence[str]) -> None:
        for doc_id in ids:
            self._remove(doc_id)

    def ids(self) -> set[str]:
        return set(self._entries)

    def check(self) -> None:
        return None

    def search(self, query: SearchQuery) -> SearchResult:
        analysed = analyze_query(query.text)
        validate(query, len(analysed.clauses))
        if not analysed.clauses and not analysed.blank:
            return SearchResult(total=0)
        scored: list[tuple[float, _Entry]] = []
        for entry in self._entries.values():
            if not self._visible(entry, query):
                continue
            score = self._score(entry, analysed, query.fuzzy) if analysed.clauses else 0.0
            if score is not None:
                scored.append((score, entry))
        if analysed.clauses:
            scored.sort(key=lambda se: (-se[0], se[1].doc.id))
        else:
            scored.sort(key=lambda se: (se[1].doc.received_at, se[1].doc.id), reverse=True)
        page = scored[query.offset : query.offset + query.limit]
        hits = tuple(self._hit(score, entry, analysed, query.fuzzy) for score, entry in page)
        return SearchResult(total=len(scored), hits=hits)

    def _remove(self, doc_id: str) -> None:
        old = self._entries.pop(doc_id, None)
        if old is None:
            return
        for name, f in old.fields.items():
            self._df[name].subtract(f.tf.keys())
            self._total_len[name] -= f.length

    @staticmethod
    def _visible(entry: _Entry, query: SearchQuery) -> bool:
        doc = entry.doc
        if query.station is not None and doc.station != query.station:
            return False
        if query.received_from is not None and doc.received_at < query.received_from:
            return False
        if query.received_to is not None and doc.received_at >= query.received_to:
            return False
        allowed = allowed_acl_terms(query)
        return allowed is None or entry.acl in allowed

    def _bm25(self, entry: _Entry, name: str, term: str) -> float:
        f = entry.fields[name]
        tf = f.tf.get(term, 0)
        if tf == 0:
            return 0.0
        n_docs = len(self._entries)
        df = self._df[name][term]
        idf = math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))
        avg = self._total_len[name] / n_docs if n_docs else 1.0
        norm = K1 * (1.0 - B + B * f.length / (avg or 1.0))
        return idf * tf * (K1 + 1.0) / (tf + norm)

    def _score(self, entry: _Entry, analysed: AnalyzedQuery, fuzzy: bool) -> float | None:
        """Sum of clause scores, or None when a clause does not match."""
        total = 0.0
        for clause in analysed.clauses:
            score = self._clause_score(entry, clause, fuzzy)
            if score <= 0.0:
                return None
            total += score
        return total

    def _clause_score(self, entry: _Entry, clause: QueryTerm | QueryPhrase, fuzzy: bool) -> float:
        if isinstance(clause, QueryPhrase):
            score = 0.0
            for name, weight in (("text", WEIGHT_TEXT), ("meta", WEIGHT_META)):
                if _has_phrase(entry.fields[name], clause.terms):
                    score += weight * sum(self._bm25(entry, name, t) for t in clause.terms)
            return score
        term = clause.term
        score = (
            WEIGHT_TEXT * self._bm25(entry, "text", term)
            + WEIGHT_META * self._bm25(entry, "meta", term)
            + WEIGHT_PARTS * self._bm25(entry, "parts", term)
        )
        if fuzzy and self._fuzzy_hit(entry, term, clause.form or term):
            score += FUZZY_SCORE
        return score

    @staticmethod
    def _fuzzy_hit(entry: _Entry, term: str, form: str) -> bool:
        if fuzzy_distance(term) > 0 and any(
            within_one_edit(term, t) for t in entry.fields["text"].tf
        ):
            return True
        forms = entry.fields["forms"].tf
        return fuzzy_distance(form) > 0 and any(within_one_edit(form, f) for f in forms)

    @staticmethod
    def _hit(score: float, entry: _Entry, analysed: AnalyzedQuery, fuzzy: bool) -> Hit:
        doc = entry.doc
        return Hit(
            id=doc.id,
            score=score,
            snippet=make_snippet(doc.text, analysed, fuzzy, entry.text_tokens),
            title=doc.title,
            station=doc.station,
            department=doc.department,
            received_at=doc.received_at,
        )
