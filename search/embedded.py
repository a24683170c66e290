"""TantivySearchIndex: the embedded on-disk backend (tantivy).

- Documents are indexed as pre-analysed tokens (search.analysis), so the
  analysis is exactly the one every backend uses.
- upsert()/delete() take the writer lock, delete by id term, add, commit and
  release the lock before returning: durable when they return, idempotent by
  id, and another process can write next. A writer lock held by another live
  process makes them wait up to ``lock_timeout`` seconds and then raise
  SearchUnavailableError (retryable).
- tantivy keeps the last commit after a crash. Its writer lock is an OS file
  lock, released by the kernel when the holder dies, so a lock file left by a
  killed process does not block the next writer.
- Searching never takes the writer lock; each search reloads to the newest
  commit, so a reader process sees what a writer process committed.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import tantivy

from search.analysis import (
    ANALYSIS_VERSION,
    AnalyzedQuery,
    QueryPhrase,
    QueryTerm,
    Token,
    analyze_query,
)
from search.base import Hit, IndexedDoc, SearchQuery, SearchResult
from search.document import analyse_doc
from search.errors import SearchError, SearchUnavailableError
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
)
from search.snippets import make_snippet

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
MARKER = "scanstation-index.json"
_LOCK_POLL_SECONDS = 0.05
Q = tantivy.Query
Occur = tantivy.Occur


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    for name in ("id", "station", "department"):
        sb.add_text_field(name, stored=True, fast=True, tokenizer_name="raw", index_option="basic")
    for name in ("title", "source", "sender", "letter_date", "references"):
        sb.add_text_field(name, stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("acl", tokenizer_name="raw", index_option="basic")
    sb.add_text_field("text", tokenizer_name="raw", index_option="position")  # pre-analysed
    sb.add_text_field("meta", tokenizer_name="raw", index_option="position")  # pre-analysed
    sb.add_text_field("parts", tokenizer_name="raw", index_option="freq")  # pre-analysed
    sb.add_text_field("forms", tokenizer_name="raw", index_option="basic")  # pre-analysed
    sb.add_bytes_field("body", stored=True)  # original text, UTF-8, for snippets
    sb.add_boolean_field("restricted", stored=True, indexed=True)
    sb.add_date_field("received_at", stored=True, indexed=True, fast=True)
    # Microseconds since the epoch: tantivy dates are second-precision, ranges must not be.
    sb.add_integer_field("received_us", indexed=True, fast=True)
    return sb.build()


def _micros(value: datetime) -> int:
    delta = value - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _pretokenized(text: str, tokens: Sequence[Token]) -> tantivy.PreTokenizedString:
    return tantivy.PreTokenizedString(
        text, [tantivy.Token(t.term, t.position, t.start, t.end) for t in tokens]
    )


def _pretokenized_terms(terms: Sequence[str]) -> tantivy.PreTokenizedString:
    joined = " ".join(terms)
    out: list[tantivy.Token] = []
    offset = 0
    for i, term in enumerate(terms):
        out.append(tantivy.Token(term, i, offset, offset + len(term)))
        offset += len(term) + 1
    return tantivy.PreTokenizedString(joined, out)


def to_tantivy_document(doc: IndexedDoc) -> tantivy.Document:
    check_document(doc)
    analysed = analyse_doc(doc)
    out = tantivy.Document()
    out.add_text("id", doc.id)
    for name in ("station", "title", "source", "sender"):
        out.add_text(name, getattr(doc, name))
    if doc.department is not None:
        out.add_text("department", doc.department)
    if doc.letter_date is not None:
        out.add_text("letter_date", doc.letter_date)
    for ref in doc.references:
        out.add_text("references", ref)
    out.add_text("acl", acl_term(doc))
    out.add_pre_tokenized_text("text", _pretokenized(doc.text, analysed.text))
    if analysed.meta:
        out.add_pre_tokenized_text("meta", _pretokenized_terms([t.term for t in analysed.meta]))
    if analysed.parts:
        out.add_pre_tokenized_text("parts", _pretokenized_terms(analysed.parts))
    if analysed.forms:
        out.add_pre_tokenized_text("forms", _pretokenized_terms(analysed.forms))
    out.add_bytes("body", doc.text.encode("utf-8"))
    out.add_boolean("restricted", doc.restricted)
    out.add_date("received_at", doc.received_at.astimezone(UTC))
    out.add_integer("received_us", _micros(doc.received_at))
    return out


class TantivySearchIndex:
    """An on-disk index in ``path`` (created if missing)."""

    def __init__(
        self, path: Path, *, lock_timeout: float = 2.0, writer_heap_bytes: int = 50_000_000
    ) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self.writer_heap_bytes = writer_heap_bytes
        self._schema = build_schema()
        self._index: tantivy.Index | None = None
        self._open_lock = threading.Lock()
        self._write_lock = threading.Lock()

    # -- opening -----------------------------------------------------------

    def _open(self) -> tantivy.Index:
        with self._open_lock:
            if self._index is None:
                self._index = self._open_index()
            return self._index

    def _open_index(self) -> tantivy.Index:
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise SearchError(f"cannot create index directory {self.path}: {e}") from e
        is_new = not (self.path / "meta.json").exists()
        if is_new:
            self._write_marker()
        else:
            self._check_marker()
        try:
            return tantivy.Index(self._schema, path=str(self.path), reuse=True)
        except ValueError as e:
            raise SearchError(f"cannot open search index in {self.path}: {e}") from e

    def _write_marker(self) -> None:
        data = json.dumps({"format": FORMAT_VERSION, "analysis": ANALYSIS_VERSION}).encode()
        try:
            fd, tmp = tempfile.mkstemp(dir=self.path, prefix=".marker-")
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path / MARKER)
        except OSError as e:
            raise SearchError(f"index directory {self.path} is not writable: {e}") from e

    def _check_marker(self) -> None:
        marker = self.path / MARKER
        try:
            found = json.loads(marker.read_text("utf-8"))
        except (OSError, ValueError) as e:
            raise SearchError(
                f"{self.path} holds an index this version did not create ({marker}: {e})"
            ) from e
        wanted = {"format": FORMAT_VERSION, "analysis": ANALYSIS_VERSION}
        if found != wanted:
            raise SearchError(
                f"index in {self.path} has versions {found}, need {wanted}: rebuild it"
            )

    # -- writing -----------------------------------------------------------

    def _acquire(self, index: tantivy.Index) -> tantivy.IndexWriter:
        deadline = time.monotonic() + self.lock_timeout
        while True:
            try:
                return index.writer(heap_size=self.writer_heap_bytes, num_threads=1)
            except ValueError as e:
                if "LockBusy" not in str(e):
                    raise SearchError(f"cannot open a writer on {self.path}: {e}") from e
                if time.monotonic() >= deadline:
                    raise SearchUnavailableError(
                        f"index {self.path} is being written by another process "
                        f"(writer lock still held after {self.lock_timeout:.1f}s)"
                    ) from e
                time.sleep(_LOCK_POLL_SECONDS)

    @contextmanager
    def _writer(self) -> Iterator[tantivy.IndexWriter]:
        index = self._open()
        with self._write_lock:
            writer = self._acquire(index)
            try:
                yield writer
            except ValueError as e:
                writer.rollback()
                raise SearchError(f"writing to {self.path} failed: {e}") from e
            finally:
                writer.wait_merging_threads()  # also releases the writer lock

    def upsert(self, docs: Sequence[IndexedDoc]) -> None:
        if not docs:
            return
        prepared = [(doc.id, to_tantivy_document(doc)) for doc in docs]
        with self._writer() as writer:
            for doc_id, document in prepared:
                writer.delete_documents_by_term("id", doc_id)
                writer.add_document(document)
            writer.commit()
        log.debug("indexed %d documents in %s", len(prepared), self.path)

    def delete(self, ids: Sequence[str]) -> None:
        if not ids:
            return
        with self._writer() as writer:
            for doc_id in ids:
                writer.delete_documents_by_term("id", doc_id)
            writer.commit()

    # -- reading -----------------------------------------------------------

    def _searcher(self) -> tantivy.Searcher:
        index = self._open()
        try:
            index.reload()
            return index.searcher()
        except ValueError as e:
            raise SearchUnavailableError(f"cannot read index {self.path}: {e}") from e

    def ids(self) -> set[str]:
        searcher = self._searcher()
        if searcher.num_docs == 0:
            return set()
        result = searcher.search(Q.all_query(), searcher.num_docs, count=False)
        return {str(searcher.doc(addr)["id"][0]) for _, addr in result.hits}

    def check(self) -> None:
        self._open()
        try:
            fd, probe = tempfile.mkstemp(dir=self.path, prefix=".probe-")
            os.close(fd)
            os.unlink(probe)
        except OSError as e:
            raise SearchError(f"index directory {self.path} is not writable: {e}") from e
        _ = self._searcher().num_docs

    def search(self, query: SearchQuery) -> SearchResult:
        analysed = analyze_query(query.text)
        validate(query, len(analysed.clauses))
        if not analysed.clauses and not analysed.blank:
            return SearchResult(total=0)
        searcher = self._searcher()
        tq = self._build_query(analysed, query)
        limit = max(query.limit, 1)
        try:
            if analysed.clauses:
                result = searcher.search(tq, limit, count=True, offset=query.offset)
            else:
                result = searcher.search(
                    tq, limit, count=True, order_by_field="received_us", offset=query.offset
                )
        except ValueError as e:
            raise SearchUnavailableError(f"search in {self.path} failed: {e}") from e
        hits = tuple(
            self._hit(
                searcher.doc(addr), float(score) if analysed.clauses else 0.0, analysed, query.fuzzy
            )
            for score, addr in result.hits[: query.limit]
        )
        total: int = getattr(result, "count", None) or 0
        return SearchResult(total=total, hits=hits)

    def _fuzzy(self, term: str, form: str) -> tantivy.Query | None:
        """Constant-score fuzzy match of the stem or the unstemmed form."""
        s = self._schema
        options: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for field_name, value in (("text", term), ("forms", form)):
            distance = fuzzy_distance(value)
            if distance > 0:
                fq = Q.fuzzy_term_query(s, field_name, value, distance, True, False)
                options.append((Occur.Should, fq))
        return Q.const_score_query(Q.boolean_query(options), FUZZY_SCORE) if options else None

    def _term_clause(self, clause: QueryTerm, fuzzy: bool) -> tantivy.Query:
        s, term = self._schema, clause.term
        options: list[tuple[tantivy.Occur, tantivy.Query]] = [
            (Occur.Should, Q.boost_query(Q.term_query(s, "text", term), WEIGHT_TEXT)),
            (Occur.Should, Q.boost_query(Q.term_query(s, "meta", term), WEIGHT_META)),
            (Occur.Should, Q.boost_query(Q.term_query(s, "parts", term), WEIGHT_PARTS)),
        ]
        fuzzy_query = self._fuzzy(term, clause.form or term) if fuzzy else None
        if fuzzy_query is not None:
            options.append((Occur.Should, fuzzy_query))
        return Q.boolean_query(options)

    def _phrase_clause(self, terms: tuple[str, ...]) -> tantivy.Query:
        s = self._schema
        words: list[str | tuple[int, str]] = list(terms)
        return Q.boolean_query(
            [
                (Occur.Should, Q.boost_query(Q.phrase_query(s, "text", words), WEIGHT_TEXT)),
                (Occur.Should, Q.boost_query(Q.phrase_query(s, "meta", words), WEIGHT_META)),
            ]
        )

    def _filters(self, query: SearchQuery) -> list[tantivy.Query]:
        s = self._schema
        filters: list[tantivy.Query] = []
        if query.station is not None:
            filters.append(Q.term_query(s, "station", query.station))
        if query.received_from is not None or query.received_to is not None:
            lower = _micros(query.received_from) if query.received_from else None
            upper = _micros(query.received_to) if query.received_to else None
            filters.append(
                Q.range_query(
                    s, "received_us", tantivy.FieldType.Integer, lower, upper, True, upper is None
                )
            )
        allowed = allowed_acl_terms(query)
        if allowed is not None:
            filters.append(
                Q.term_set_query(s, "acl", sorted(allowed)) if allowed else Q.empty_query()
            )
        return filters

    def _build_query(self, analysed: AnalyzedQuery, query: SearchQuery) -> tantivy.Query:
        parts: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for clause in analysed.clauses:
            if isinstance(clause, QueryTerm):
                parts.append((Occur.Must, self._term_clause(clause, query.fuzzy)))
            elif isinstance(clause, QueryPhrase):
                parts.append((Occur.Must, self._phrase_clause(clause.terms)))
        if not parts:
            parts.append((Occur.Must, Q.all_query()))
        parts.extend((Occur.Must, Q.const_score_query(f, 0.0)) for f in self._filters(query))
        return Q.boolean_query(parts)

    @staticmethod
    def _hit(stored: Any, score: float, analysed: AnalyzedQuery, fuzzy: bool) -> Hit:
        fields: dict[str, list[Any]] = stored.to_dict()

        def first(name: str) -> Any:
            values = fields.get(name) or [None]
            return values[0]

        text = bytes(first("body") or b"").decode("utf-8")
        received = first("received_at")
        return Hit(
            id=str(first("id")),
            score=score,
            snippet=make_snippet(text, analysed, fuzzy),
            title=str(first("title") or ""),
            station=str(first("station") or ""),
            department=first("department"),
            received_at=received if isinstance(received, datetime) else None,
        )
