"""The SearchIndex protocol and its value types."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class IndexedDoc:
    """What the index stores of one document. ``id`` is the idempotency key:
    indexing the same id again replaces the entry, never duplicates it."""

    id: str
    text: str  # full text, pages separated by form feeds ("\f")
    received_at: datetime  # timezone-aware
    station: str = ""
    source: str = ""  # original file name
    title: str = ""  # subject or file name, shown in hit lists
    department: str | None = None
    restricted: bool = False
    sender: str = ""
    letter_date: str | None = None  # ISO date
    references: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchQuery:
    text: str
    station: str | None = None
    received_from: datetime | None = None  # inclusive
    received_to: datetime | None = None  # exclusive
    # Visibility: None = no restriction (admin / post room). Otherwise only
    # documents of these departments; restricted documents only when their
    # department is in this set. Unrouted documents (department None) are
    # visible only when include_unrouted is set.
    departments: frozenset[str] | None = None
    include_unrouted: bool = False
    fuzzy: bool = True
    limit: int = 20
    offset: int = 0


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    score: float
    snippet: str  # plain text with matches wrapped in « and »
    title: str = ""
    station: str = ""
    department: str | None = None
    received_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class SearchResult:
    total: int
    hits: tuple[Hit, ...] = field(default=())


@runtime_checkable
class SearchIndex(Protocol):
    def upsert(self, docs: Sequence[IndexedDoc]) -> None:
        """Add or replace documents by id; durable when this returns."""
        ...

    def delete(self, ids: Sequence[str]) -> None: ...

    def search(self, query: SearchQuery) -> SearchResult: ...

    def ids(self) -> set[str]:
        """Every document id in the index (for verification and repair)."""
        ...

    def check(self) -> None:
        """Raise SearchError with a clear message when the index is unusable."""
        ...
