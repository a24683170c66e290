"""The SearchIndex contract, run against every backend: memory, embedded
(tantivy) and a real Elasticsearch server (fixture in tests/search/test_elastic.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from search.base import IndexedDoc, SearchIndex, SearchQuery
from search.embedded import TantivySearchIndex
from search.errors import QuerySyntaxError, SearchError
from search.memory import MemorySearchIndex
from tests.search.corpus import BY_ID, CORPUS
from tests.search.test_elastic import elastic_index

Factory = Callable[[], SearchIndex]


@pytest.fixture(
    params=["memory", "embedded", pytest.param("elasticsearch", marks=pytest.mark.integration)]
)
def make_index(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Factory]:
    """A factory: calling it again opens the same index anew (for reopening)."""
    if request.param == "memory":
        shared = MemorySearchIndex()
        yield lambda: shared
    elif request.param == "embedded":
        yield lambda: TantivySearchIndex(tmp_path / "index")
    else:
        with elastic_index() as factory:
            yield factory


@pytest.fixture
def index(make_index: Factory) -> SearchIndex:
    idx = make_index()
    idx.check()
    idx.upsert(CORPUS)
    return idx


def found(index: SearchIndex, text: str, **kwargs: object) -> list[str]:
    result = index.search(SearchQuery(text, limit=50, **kwargs))  # type: ignore[arg-type]
    assert result.total == len(result.hits)
    return [hit.id for hit in result.hits]


def test_implements_protocol(index: SearchIndex) -> None:
    assert isinstance(index, SearchIndex)


def test_ids(index: SearchIndex) -> None:
    assert index.ids() == set(BY_ID)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Grundsteuerbescheide", "grundsteuer-widerspruch"),  # plural finds singular
        ("Grundsteuerbescheid", "grundsteuer-mehrere"),  # singular finds plural
        ("Bescheides", "kita-beitrag"),  # genitive finds "Bescheid"
        ("Parkverstoß", "parkverstoesse"),
        ("Parkverstöße", "parkverstoss"),
        ("Widersprüche", "april-widerspruch"),
    ],
)
def test_german_stemming(index: SearchIndex, query: str, expected: str) -> None:
    assert expected in found(index, query)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Ahornstrasse", "beleuchtung"),  # text has "Ahornstraße"
        ("Mueller", "grundsteuer-widerspruch"),  # text has "Müller"
        ("Muller", "grundsteuer-widerspruch"),
        ("Müller", "parkverstoss"),  # text has "Mueller"
        ("Schaefer", "beleuchtung"),  # sender "Erika Schäfer"
        ("Weiss", "april-widerspruch"),  # sender "Jürgen Weiß"
    ],
)
def test_umlaut_and_sharp_s_folding(index: SearchIndex, query: str, expected: str) -> None:
    assert expected in found(index, query)


def test_compound_parts(index: SearchIndex) -> None:
    assert {"grundsteuer-widerspruch", "grundsteuer-mehrere"} <= set(found(index, "Steuerbescheid"))
    assert "hundesteuer" in found(index, "Hund")
    assert "kita-beitrag" in found(index, "Kita-Platz")  # text has "Kitaplatz"
    assert "kita-platz" in found(index, "Kitaplatz")  # text has "Kita-Platz"


def test_reference_numbers(index: SearchIndex) -> None:
    assert found(index, "20.3-GrSt/4711") == ["grundsteuer-widerspruch"]
    assert found(index, "60-BA-2025-0193") == ["bauantrag"]
    assert "parkverstoss" in found(index, "889912")


def test_fuzzy_ocr_errors(index: SearchIndex) -> None:
    # the document says "Grundsteuerbeschcid"
    assert "ocr-grundsteuer" in found(index, "Grundsteuerbescheid")
    assert "ocr-grundsteuer" in found(index, "Grundsteuerbescheide")
    # a query with an OCR-like error finds the correct spelling
    assert "grundsteuer-widerspruch" in found(index, "Grundsteuerbescheld")
    # the document says "Strassenbeleuchtunq": the error is in the ending
    assert "ocr-beleuchtung" in found(index, "Straßenbeleuchtung")
    assert "ocr-grundsteuer" not in found(index, "Grundsteuerbescheid", fuzzy=False)


def test_exact_ranks_above_fuzzy(index: SearchIndex) -> None:
    hits = found(index, "Grundsteuerbescheid")
    assert hits.index("grundsteuer-widerspruch") < hits.index("ocr-grundsteuer")
    assert hits.index("grundsteuer-mehrere") < hits.index("ocr-grundsteuer")
    assert hits[-1] == "ocr-grundsteuer"


def test_all_terms_must_match(index: SearchIndex) -> None:
    assert found(index, "Widerspruch Grundsteuerbescheid") == ["grundsteuer-widerspruch"]
    assert found(index, "Widerspruch Carport") == []


def test_phrase_search(index: SearchIndex) -> None:
    assert found(index, '"Antrag auf Baugenehmigung"') == ["bauantrag"]
    assert found(index, '"Baugenehmigung Antrag"') == []
    assert found(index, '"Hund Bello"') == ["hundesteuer"]


def test_stop_words_only_finds_nothing_and_blank_lists_all(index: SearchIndex) -> None:
    assert found(index, "die und der") == []
    listed = found(index, "")
    assert set(listed) == set(BY_ID)
    assert listed[0] == "april-widerspruch"  # newest first


def test_snippet_marks_original_words(index: SearchIndex) -> None:
    hit = next(h for h in index.search(SearchQuery("Bescheides")).hits if h.id == "kita-beitrag")
    assert "«Bescheid»" in hit.snippet
    hit = next(h for h in index.search(SearchQuery("Strasse")).hits if h.id == "beleuchtung")
    assert "«Straßenbeleuchtung»" in hit.snippet or "«Ahornstraße»" in hit.snippet
    hit = next(
        h
        for h in index.search(SearchQuery("Grundsteuerbescheid")).hits
        if h.id == "ocr-grundsteuer"
    )
    assert "«Grundsteuerbeschcid»" in hit.snippet
    assert "\n" not in hit.snippet and "\f" not in hit.snippet


def test_snippet_is_a_window_of_long_texts(index: SearchIndex) -> None:
    filler = "Dies ist ein langer Absatz ohne besonderen Inhalt. " * 40
    doc = dataclasses.replace(
        BY_ID["bauantrag"], id="long", text=filler + "Der Carport steht." + filler
    )
    index.upsert([doc])
    hit = next(h for h in index.search(SearchQuery("Carport")).hits if h.id == "long")
    assert "«Carport»" in hit.snippet
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert len(hit.snippet) < 400


def test_hit_fields(index: SearchIndex) -> None:
    (hit,) = index.search(SearchQuery("20.3-GrSt/4711")).hits
    doc = BY_ID["grundsteuer-widerspruch"]
    assert (hit.title, hit.station, hit.department) == (doc.title, doc.station, doc.department)
    assert hit.received_at == doc.received_at
    assert hit.score > 0


def test_station_filter(index: SearchIndex) -> None:
    assert set(found(index, "Grundsteuerbescheid", station="post-2")) == {"ocr-grundsteuer"}
    assert found(index, "Grundsteuerbescheid", station="nowhere") == []


def test_received_at_range_filter(index: SearchIndex) -> None:
    march = {
        "received_from": datetime(2025, 3, 1, tzinfo=UTC),
        "received_to": datetime(2025, 4, 1, tzinfo=UTC),
    }
    assert "april-widerspruch" not in found(index, "Widerspruch", **march)
    assert "grundsteuer-widerspruch" in found(index, "Widerspruch", **march)
    assert found(index, "Widerspruch", received_from=datetime(2025, 4, 1, tzinfo=UTC)) == [
        "april-widerspruch"
    ]
    exact = BY_ID["april-widerspruch"].received_at
    assert found(index, "Widerspruch", received_from=exact) == ["april-widerspruch"]  # inclusive
    assert "april-widerspruch" not in found(index, "Widerspruch", received_to=exact)  # exclusive


def test_naive_datetimes_are_rejected(index: SearchIndex) -> None:
    with pytest.raises(QuerySyntaxError):
        index.search(SearchQuery("Bescheid", received_from=datetime(2025, 3, 1)))


def test_naive_received_at_is_rejected(index: SearchIndex) -> None:
    doc = IndexedDoc(id="naive", text="Bescheid", received_at=datetime(2025, 3, 1))
    with pytest.raises(SearchError, match="timezone"):
        index.upsert([doc])
    assert "naive" not in index.ids()


def test_visibility(index: SearchIndex) -> None:
    everything = set(found(index, ""))
    assert everything == set(BY_ID)
    kita = set(found(index, "", departments=frozenset({"51"})))
    assert kita == {"kita-platz", "kita-beitrag"}  # restricted doc of own department included
    taxes = set(found(index, "", departments=frozenset({"20.3"})))
    assert taxes == {
        "grundsteuer-widerspruch",
        "grundsteuer-mehrere",
        "ocr-grundsteuer",
        "hundesteuer",
    }
    assert found(index, "Schwerbehinderung", departments=frozenset({"51", "20.3"})) == []
    assert found(index, "Schwerbehinderung", departments=frozenset({"50"})) == ["gesundheit"]
    assert found(index, "", departments=frozenset()) == []


def test_unrouted_visibility(index: SearchIndex) -> None:
    assert found(index, "Rechnung", departments=frozenset({"66"})) == []
    with_unrouted = found(index, "", departments=frozenset({"66"}), include_unrouted=True)
    assert set(with_unrouted) == {"beleuchtung", "ocr-beleuchtung", "unrouted-rechnung"}
    # restricted unrouted letters stay hidden from departments
    assert "unrouted-vertraulich" not in with_unrouted
    assert found(index, "Pflegeheim") == ["unrouted-vertraulich"]  # admin sees it


def test_upsert_is_idempotent_and_replaces(index: SearchIndex) -> None:
    doc = BY_ID["bauantrag"]
    index.upsert([doc])
    index.upsert([doc, doc])
    assert found(index, "Carport") == ["bauantrag"]
    index.upsert([dataclasses.replace(doc, title="Abriss", text="Antrag auf Abriss einer Garage")])
    assert found(index, "Carport") == []
    assert found(index, "Garage") == ["bauantrag"]
    assert index.ids() == set(BY_ID)


def test_delete(index: SearchIndex) -> None:
    index.delete(["bauantrag", "does-not-exist"])
    assert found(index, "Carport") == []
    assert index.ids() == set(BY_ID) - {"bauantrag"}
    index.delete([])


def test_paging(index: SearchIndex) -> None:
    all_hits = found(index, "Damen Herren")
    page = index.search(SearchQuery("Damen Herren", limit=2, offset=1))
    assert page.total == len(all_hits)
    assert [h.id for h in page.hits] == all_hits[1:3]
    assert index.search(SearchQuery("Damen Herren", limit=0)).hits == ()


def test_survives_reopening(make_index: Factory) -> None:
    first = make_index()
    first.upsert(CORPUS)
    first.delete(["bauantrag"])
    reopened = make_index()
    assert reopened.ids() == set(BY_ID) - {"bauantrag"}
    assert "grundsteuer-widerspruch" in found(reopened, "Grundsteuerbescheide")
    reopened.upsert([BY_ID["bauantrag"]])
    assert found(first, "Carport") == ["bauantrag"]  # the first handle sees the new commit


def test_empty_upsert_and_new_document(make_index: Factory) -> None:
    idx = make_index()
    idx.upsert([])
    assert idx.ids() == set()
    doc = IndexedDoc(
        id="x", text="Sperrmüll Abholung", received_at=datetime(2025, 1, 1, tzinfo=UTC)
    )
    idx.upsert([doc])
    assert found(idx, "Sperrmuell") == ["x"]
