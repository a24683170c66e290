"""Search parity: the same German queries over the fixture corpus give the same
top results in the embedded index (tantivy) and in Elasticsearch.

Compared: the total, the top 3 ids in order (documents with tied scores may
swap places among themselves), and the snippets of the compared hits, which
both backends cut from the original text with the same function.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from search.base import Hit, SearchIndex, SearchQuery
from search.elastic import ElasticSearchIndex
from search.embedded import TantivySearchIndex
from tests.search.corpus import CORPUS
from tests.search.test_elastic import elastic_index

pytestmark = pytest.mark.integration

TOP = 3
# Relative score difference below which two hits count as tied. The backends'
# BM25 statistics differ slightly (Lucene counts a field's documents among those
# that have the field, tantivy among all), so scores differ by a few percent.
TIE = 0.03

QUERIES: list[SearchQuery] = [
    SearchQuery(text)
    for text in (
        "Grundsteuerbescheid",
        "Grundsteuerbescheide",
        "Bescheid",
        "Bescheides",
        "Widerspruch",
        "Widersprüche",
        "Parkverstoß",
        "Parkverstöße",
        "Steuerbescheid",
        "Hund",
        "Kita-Platz",
        "Kitaplatz",
        "Beleuchtung",
        "Straßenbeleuchtung",
        "Strasse",
        "Müller",
        "Mueller",
        "Schäfer",
        "Antrag",
        "Damen Herren",
        "Eltern",
        "Rechnung",
        "Ratenzahlung",
        "Grundsteuerbescheld",
        "Widerspruch Grundsteuerbescheid",
        '"Antrag auf Baugenehmigung"',
        '"Sehr geehrte Damen und Herren"',
        "20.3-GrSt/4711",
        "2025",
        "",
    )
] + [
    SearchQuery("Grundsteuerbescheid", fuzzy=False),
    SearchQuery("Antrag", departments=frozenset({"51", "60"})),
    SearchQuery("Beleuchtung", departments=frozenset({"66"}), include_unrouted=True),
    SearchQuery("Widerspruch", received_from=datetime(2025, 3, 1, tzinfo=UTC)),
    SearchQuery("Bescheid", station="post-2"),
]


@pytest.fixture(scope="module")
def backends(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SearchIndex, SearchIndex]]:
    embedded = TantivySearchIndex(Path(tmp_path_factory.mktemp("parity")) / "index")
    embedded.upsert(CORPUS)
    with elastic_index() as make:
        elastic = make()
        elastic.upsert(CORPUS)
        yield embedded, elastic


def _groups(hits: tuple[Hit, ...]) -> list[set[str]]:
    """The ids of the top hits in groups of tied scores, covering at least TOP hits."""
    groups: list[set[str]] = []
    last: float | None = None
    for i, hit in enumerate(hits):
        tied = last is not None and abs(hit.score - last) <= TIE * max(abs(last), 1e-9)
        if i >= TOP and not tied:
            break
        if tied:
            groups[-1].add(hit.id)
        else:
            groups.append({hit.id})
        last = hit.score
    return groups


def _label(query: SearchQuery) -> str:
    return repr(query.text) + ("" if query.fuzzy else " exact")


@pytest.mark.parametrize("query", QUERIES, ids=_label)
def test_same_top_results(backends: tuple[SearchIndex, SearchIndex], query: SearchQuery) -> None:
    embedded, elastic = backends
    want = embedded.search(dataclasses_replace_limit(query))
    got = elastic.search(dataclasses_replace_limit(query))
    assert got.total == want.total
    want_groups = _groups(want.hits)
    got_ids = [h.id for h in got.hits]
    start = 0
    for group in want_groups:
        assert set(got_ids[start : start + len(group)]) == group, (
            f"embedded {[(h.id, round(h.score, 3)) for h in want.hits[:5]]} "
            f"elasticsearch {[(h.id, round(h.score, 3)) for h in got.hits[:5]]}"
        )
        start += len(group)
    snippets = {h.id: h.snippet for h in want.hits}
    for hit in got.hits[:start]:
        assert hit.snippet == snippets[hit.id]


def dataclasses_replace_limit(query: SearchQuery) -> SearchQuery:
    return SearchQuery(
        query.text,
        station=query.station,
        received_from=query.received_from,
        received_to=query.received_to,
        departments=query.departments,
        include_unrouted=query.include_unrouted,
        fuzzy=query.fuzzy,
        limit=20,
    )


def test_scores_agree_roughly(backends: tuple[SearchIndex, SearchIndex]) -> None:
    """Same BM25 and weights: scores differ only by Lucene's and tantivy's statistics."""
    embedded, elastic = backends
    for text in ("Grundsteuerbescheid", "Widerspruch", "Carport"):
        want = {h.id: h.score for h in embedded.search(SearchQuery(text)).hits}
        got = {h.id: h.score for h in elastic.search(SearchQuery(text)).hits}
        assert got.keys() == want.keys()
        for doc_id, score in want.items():
            assert got[doc_id] == pytest.approx(score, rel=0.05), (text, doc_id)


def test_print_query_latency(backends: tuple[SearchIndex, SearchIndex]) -> None:
    """Prints median/max latency over the parity queries (run with -s); no assertion."""
    for name, index in zip(("embedded", "elasticsearch"), backends, strict=True):
        timings: list[float] = []
        for _ in range(5):
            for query in QUERIES:
                start = time.perf_counter()
                index.search(query)
                timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        print(
            f"\n{name}: {len(timings)} queries over {len(CORPUS)} documents: "
            f"median {statistics.median(timings):.2f} ms, "
            f"p95 {timings[int(len(timings) * 0.95)]:.2f} ms, max {timings[-1]:.2f} ms"
        )
    assert isinstance(backends[1], ElasticSearchIndex)
