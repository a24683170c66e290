"""Rules every backend applies the same way: query validation, fuzzy matching
and visibility (who may see which document)."""

from __future__ import annotations

from datetime import datetime

from search.base import IndexedDoc, SearchQuery
from search.errors import QuerySyntaxError, SearchError

MAX_CLAUSES = 32
FUZZY_MIN_LENGTH = 4  # shorter terms match exactly only
FUZZY_DISTANCE = 1  # one OCR error per term; a transposition counts as one

# Scoring weights shared by the backends: an exact match of a word outranks a
# match of a compound part, which outranks a fuzzy match (a small constant).
WEIGHT_TEXT = 1.0
WEIGHT_META = 1.5  # title, sender, file name, references
WEIGHT_PARTS = 0.5
FUZZY_SCORE = 0.05

# Visibility terms ("acl"): every document has exactly one.
UNROUTED = "unrouted"
UNROUTED_RESTRICTED = "unrouted-restricted"


def fuzzy_distance(term: str) -> int:
    """How many edits a term tolerates: none for short terms and for terms
    with digits (reference numbers and dates must match exactly)."""
    if len(term) < FUZZY_MIN_LENGTH or not term.isalpha():
        return 0
    return FUZZY_DISTANCE


def within_one_edit(a: str, b: str) -> bool:
    """True if a and b differ by at most one insertion, deletion, substitution
    or transposition of adjacent characters (what tantivy's distance-1 fuzzy
    query with transposition cost one accepts)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1 :] == b[i + 1 :]:
            return True
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    if la > lb:
        return a[i + 1 :] == b[i:]
    return a[i:] == b[i + 1 :]


def fuzzy_match(query_term: str, term: str) -> bool:
    """Whether an indexed term matches a query term under the fuzzy rule."""
    if fuzzy_distance(query_term) == 0:
        return query_term == term
    return within_one_edit(query_term, term)


def department_term(department: str) -> str:
    return f"dept:{department}"


def acl_term(doc: IndexedDoc) -> str:
    """The one visibility term a document is indexed with."""
    if doc.department is not None:
        return department_term(doc.department)
    return UNROUTED_RESTRICTED if doc.restricted else UNROUTED


def allowed_acl_terms(query: SearchQuery) -> frozenset[str] | None:
    """Visibility terms a query may see; None = everything (admin, post room).

    A user sees the documents of their departments (restricted ones included,
    since restricted means "only for its own department"); unrouted documents
    only with include_unrouted, and restricted unrouted ones never.
    """
    if query.departments is None:
        return None
    allowed = {department_term(d) for d in query.departments}
    if query.include_unrouted:
        allowed.add(UNROUTED)
    return frozenset(allowed)


def _check_aware(name: str, value: datetime | None) -> None:
    if value is not None and value.utcoffset() is None:
        raise QuerySyntaxError(f"{name} must be timezone-aware, got {value.isoformat()}")


def check_document(doc: IndexedDoc) -> None:
    """Raise SearchError for a document no backend should index."""
    if doc.received_at.utcoffset() is None:
        raise SearchError(f"document {doc.id}: received_at must be timezone-aware")
    if not doc.id:
        raise SearchError("document id must not be empty")


def validate(query: SearchQuery, clause_count: int) -> None:
    """Raise QuerySyntaxError for a query no backend should run."""
    if query.limit < 0 or query.offset < 0:
        raise QuerySyntaxError(f"limit and offset must be >= 0 (got {query.limit}, {query.offset})")
    if clause_count > MAX_CLAUSES:
        raise QuerySyntaxError(f"query has {clause_count} terms; at most {MAX_CLAUSES} are allowed")
    _check_aware("received_from", query.received_from)
    _check_aware("received_to", query.received_to)
