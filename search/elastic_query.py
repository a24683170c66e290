"""Query building and result parsing of the Elasticsearch backend.

Scoring mirrors the embedded backend: BM25 per field, weighted (text > meta >
compound parts), plus a small constant for a fuzzy match. Filters (station,
time of receipt, ACL) do not score.
"""

from __future__ import annotations

from datetime import datetime

from search.analysis import AnalyzedQuery, QueryPhrase, QueryTerm
from search.base import Hit, SearchQuery
from search.elastic_mapping import Json, iso
from search.matching import (
    FUZZY_SCORE,
    WEIGHT_META,
    WEIGHT_PARTS,
    WEIGHT_TEXT,
    allowed_acl_terms,
    fuzzy_distance,
)
from search.snippets import make_snippet

# Fields of ``_source`` that search hits need.
HIT_SOURCE = ["id", "title", "station", "department", "received_at", "body"]
FACET_NAMES = ("department", "year")


def fuzzy_clause(term: str, form: str) -> Json | None:
    """Constant-score fuzzy match of the stem or the unstemmed form."""
    options = [
        {
            "fuzzy": {
                name: {
                    "value": value,
                    "fuzziness": fuzzy_distance(value),
                    "transpositions": True,
                    "prefix_length": 0,
                    "rewrite": "constant_score",
                }
            }
        }
        for name, value in (("text", term), ("forms", form))
        if fuzzy_distance(value) > 0
    ]
    if not options:
        return None
    return {
        "constant_score": {
            "filter": {"bool": {"should": options}},
            "boost": FUZZY_SCORE,
        }
    }


def term_clause(clause: QueryTerm, fuzzy: bool) -> Json:
    term = clause.term
    should: list[Json] = [
        {"term": {name: {"value": term, "boost": weight}}}
        for name, weight in (
            ("text", WEIGHT_TEXT),
            ("meta", WEIGHT_META),
            ("parts", WEIGHT_PARTS),
        )
    ]
    fuzzy_query = fuzzy_clause(term, clause.form or term) if fuzzy else None
    if fuzzy_query is not None:
        should.append(fuzzy_query)
    return {"bool": {"should": should}}


def phrase_clause(terms: tuple[str, ...]) -> Json:
    phrase = " ".join(terms)
    return {
        "bool": {
            "should": [
                {"match_phrase": {name: {"query": phrase, "boost": weight}}}
                for name, weight in (("text", WEIGHT_TEXT), ("meta", WEIGHT_META))
            ]
        }
    }


def filters(query: SearchQuery) -> list[Json]:
    found: list[Json] = []
    if query.station is not None:
        found.append({"term": {"station": query.station}})
    if query.received_from is not None or query.received_to is not None:
        bounds: Json = {}
        if query.received_from is not None:
            bounds["gte"] = iso(query.received_from)
        if query.received_to is not None:
            bounds["lt"] = iso(query.received_to)
        found.append({"range": {"received_at": bounds}})
    allowed = allowed_acl_terms(query)
    if allowed is not None:
        found.append({"terms": {"acl": sorted(allowed)}} if allowed else {"match_none": {}})
    return found


def build_query(analysed: AnalyzedQuery, query: SearchQuery) -> Json:
    """The ``query`` of a search request: every clause must match, filters apply."""
    must: list[Json] = []
    for clause in analysed.clauses:
        if isinstance(clause, QueryTerm):
            must.append(term_clause(clause, query.fuzzy))
        elif isinstance(clause, QueryPhrase):
            must.append(phrase_clause(clause.terms))
    return {"bool": {"must": must or [{"match_all": {}}], "filter": filters(query)}}


def sort_order(analysed: AnalyzedQuery) -> list[Json]:
    """By score for a query with clauses, else newest first; ties by id."""
    if analysed.clauses:
        return [{"_score": "desc"}, {"id": "asc"}]
    return [{"received_at": "desc"}, {"id": "desc"}]


def to_hit(raw: Json, analysed: AnalyzedQuery, fuzzy: bool) -> Hit:
    src: Json = raw.get("_source", {})
    received = src.get("received_at")
    score = raw.get("_score")
    return Hit(
        id=str(raw["_id"]),
        score=float(score) if analysed.clauses and score is not None else 0.0,
        snippet=make_snippet(str(src.get("body") or ""), analysed, fuzzy),
        title=str(src.get("title") or ""),
        station=str(src.get("station") or ""),
        department=src.get("department"),
        received_at=datetime.fromisoformat(received) if received else None,
    )


def facet_aggs() -> Json:
    """Aggregations counting per department (unrouted: key ``""``) and year of receipt."""
    return {
        "department": {"terms": {"field": "department", "size": 1000, "missing": ""}},
        "year": {
            "date_histogram": {
                "field": "received_at",
                "calendar_interval": "year",
                "format": "yyyy",
                "min_doc_count": 1,
            }
        },
    }


def parse_facets(aggregations: Json) -> dict[str, dict[str, int]]:
    return {
        name: {
            str(b.get("key_as_string", b["key"])): int(b["doc_count"])
            for b in aggregations[name]["buckets"]
        }
        for name in FACET_NAMES
    }
