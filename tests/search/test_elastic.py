"""ElasticSearchIndex against a real Elasticsearch (scripts/services/elasticsearch.sh).

The server is found at SCANSTATION_TEST_ES_URL (default http://127.0.0.1:59200).
When it is unreachable the tests skip locally and fail in CI
(tests.services.missing). Every test uses its own index (alias) and deletes it.
The outage test stops and restarts the server with the service script, so it
runs only against the script's server (the default URL).
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import elastic_transport
import pytest
from elasticsearch import ApiError, Elasticsearch

from search.base import IndexedDoc, SearchQuery
from search.elastic import ElasticSearchIndex, index_body, translate
from search.errors import QuerySyntaxError, SearchError, SearchUnavailableError
from tests.search.corpus import BY_ID, CORPUS
from tests.services import missing

DEFAULT_URL = "http://127.0.0.1:59200"
ES_URL = os.environ.get("SCANSTATION_TEST_ES_URL", DEFAULT_URL)
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "services" / "elasticsearch.sh"


def _reachable() -> bool:
    probe = ElasticSearchIndex(ES_URL, "probe", timeout=5.0)
    try:
        probe.client.cluster.health()
        return True
    except (ApiError, elastic_transport.TransportError):
        return False
    finally:
        probe.close()


def _drop(name: str) -> None:
    client = Elasticsearch(ES_URL, request_timeout=30)
    try:
        client.indices.delete(index=f"{name}-v*", ignore_unavailable=True, allow_no_indices=True)
    except (ApiError, elastic_transport.TransportError):
        pass  # the server may be down (outage test); a leftover test index is harmless
    finally:
        client.close()


@contextmanager
def elastic_index() -> Iterator[Callable[[], ElasticSearchIndex]]:
    """A factory of handles on one fresh, uniquely named index; dropped afterwards."""
    if not _reachable():
        missing("Elasticsearch")
    name = f"test-{uuid.uuid4().hex[:12]}"
    handles: list[ElasticSearchIndex] = []

    def make() -> ElasticSearchIndex:
        handles.append(ElasticSearchIndex(ES_URL, name))
        return handles[-1]

    try:
        yield make
    finally:
        _drop(name)
        for handle in handles:
            handle.close()


@pytest.fixture
def es() -> Iterator[ElasticSearchIndex]:
    with elastic_index() as make:
        idx = make()
        idx.check()
        idx.upsert(CORPUS)
        yield idx


def found(index: ElasticSearchIndex, text: str, **kwargs: object) -> list[str]:
    return [h.id for h in index.search(SearchQuery(text, limit=50, **kwargs)).hits]  # type: ignore[arg-type]


# -- error translation (no server needed) -------------------------------------


def _api_error(status: int) -> ApiError:
    meta = elastic_transport.ApiResponseMeta(
        status=status,
        http_version="1.1",
        headers=elastic_transport.HttpHeaders(),
        duration=0.0,
        node=elastic_transport.NodeConfig("http", "127.0.0.1", 1),
    )
    return ApiError(f"status {status}", meta=meta, body={"error": {"type": "x"}})


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_overload_and_server_errors_are_retryable(status: int) -> None:
    error = translate(_api_error(status), "index documents")
    assert isinstance(error, SearchUnavailableError) and error.retryable


def test_client_errors_are_permanent() -> None:
    assert not translate(_api_error(401), "connect").retryable
    assert "password" in str(translate(_api_error(403), "connect"))
    assert isinstance(translate(_api_error(400), "search"), QuerySyntaxError)
    assert type(translate(_api_error(400), "index documents")) is SearchError


def test_unreachable_server_is_retryable() -> None:
    idx = ElasticSearchIndex("http://127.0.0.1:1", "x", timeout=2.0)  # nothing listens there
    with pytest.raises(SearchUnavailableError, match="unreachable") as info:
        idx.check()
    assert info.value.retryable
    with pytest.raises(SearchUnavailableError):
        idx.upsert([CORPUS[0]])


def test_invalid_index_name() -> None:
    with pytest.raises(SearchError, match="invalid index name"):
        ElasticSearchIndex(ES_URL, "Upper/Case")


# -- against the server -------------------------------------------------------

pytest_integration = pytest.mark.integration


@pytest_integration
def test_index_is_behind_a_versioned_alias(es: ElasticSearchIndex) -> None:
    aliases = es.client.indices.get_alias(name=es.index).body
    assert list(aliases) == [f"{es.index}-v1"]
    assert aliases[f"{es.index}-v1"]["aliases"][es.index]["is_write_index"] is True


@pytest_integration
def test_reindex_switches_alias_while_searches_go_on(es: ElasticSearchIndex) -> None:
    errors: list[BaseException] = []
    counts: list[int] = []
    stop = threading.Event()

    def search_loop() -> None:
        reader = ElasticSearchIndex(ES_URL, es.index)
        try:
            while not stop.is_set():
                counts.append(len(found(reader, "Grundsteuerbescheid")))
        except BaseException as e:  # reported below
            errors.append(e)
        finally:
            reader.close()

    newer = dataclasses.replace(BY_ID["hundesteuer"], text="Abmeldung der Hundesteuer für Rex")
    extra = IndexedDoc(id="extra", text="Sperrmüll", received_at=datetime(2025, 5, 1, tzinfo=UTC))

    def source() -> Iterator[IndexedDoc]:
        for i, doc in enumerate(CORPUS):
            if i == 3:  # writes while the new index is built reach it too
                es.upsert([newer, extra])
            if doc.id != "bauantrag":
                yield doc  # the stale "hundesteuer" must not overwrite the newer one

    thread = threading.Thread(target=search_loop)
    thread.start()
    try:
        new = es.reindex_into_new(source(), batch_size=4)
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not errors, errors
    assert counts and min(counts) == 3  # every search during the switch found all three
    assert new == f"{es.index}-v2"
    assert list(es.client.indices.get_alias(name=es.index).body) == [new]
    assert not es.client.indices.exists(index=f"{es.index}-v1")
    assert es.ids() == (set(BY_ID) - {"bauantrag"}) | {"extra"}
    assert found(es, "Rex") == ["hundesteuer"]
    assert found(es, "Sperrmuell") == ["extra"]
    es.upsert([BY_ID["bauantrag"]])  # writes go to the new index
    assert found(es, "Carport") == ["bauantrag"]
    assert es.reindex_into_new(CORPUS) == f"{es.index}-v3"
    assert es.ids() == set(BY_ID)


@pytest_integration
def test_facets(es: ElasticSearchIndex) -> None:
    facets = es.facets(SearchQuery("Widerspruch"))
    assert facets == {"department": {"20.3": 1, "20": 1}, "year": {"2025": 2}}
    everything = es.facets(SearchQuery(""))
    assert sum(everything["department"].values()) == len(CORPUS)
    assert everything["department"][""] == 2  # unrouted
    assert es.facets(SearchQuery("", departments=frozenset({"51"})))["department"] == {"51": 2}


@pytest_integration
def test_ids_pages_beyond_one_request(es: ElasticSearchIndex) -> None:
    at = datetime(2025, 6, 1, tzinfo=UTC)
    many = [IndexedDoc(id=f"bulk-{i:04d}", text=f"Akte {i}", received_at=at) for i in range(2100)]
    es.upsert(many)
    assert es.ids() == set(BY_ID) | {d.id for d in many}


@pytest_integration
def test_exact_beats_fuzzy_by_a_constant(es: ElasticSearchIndex) -> None:
    hits = es.search(SearchQuery("Grundsteuerbescheid")).hits
    assert hits[-1].id == "ocr-grundsteuer" and hits[-1].score == pytest.approx(0.05)
    assert all(h.score > 1.0 for h in hits[:-1])


@pytest_integration
def test_check_rejects_index_of_other_analysis_version(es: ElasticSearchIndex) -> None:
    name = f"test-{uuid.uuid4().hex[:12]}"
    body = index_body()
    body["mappings"]["_meta"] = {"format": 1, "analysis": 0}
    es.client.indices.create(index=f"{name}-v1", aliases={name: {}}, **body)
    try:
        with pytest.raises(SearchError, match="scanstation reindex"):
            ElasticSearchIndex(ES_URL, name).check()
    finally:
        _drop(name)
    es.client.indices.create(index=f"{name}-plain")
    try:
        with pytest.raises(SearchError, match="not an alias"):
            ElasticSearchIndex(ES_URL, f"{name}-plain").check()
    finally:
        es.client.indices.delete(index=f"{name}-plain")


def _script(command: str) -> None:
    subprocess.run(["bash", str(SCRIPT), command], check=True, timeout=300)


@pytest_integration
@pytest.mark.slow
def test_outage_raises_retryable_error_and_recovers(es: ElasticSearchIndex) -> None:
    if ES_URL != DEFAULT_URL:
        pytest.skip("stops the server: only against the service script's own server")
    doc = IndexedDoc(id="during-outage", text="Eilt", received_at=datetime(2025, 5, 2, tzinfo=UTC))
    try:
        _script("stop")
        with pytest.raises(SearchUnavailableError) as info:
            es.upsert([doc])
        assert info.value.retryable
        with pytest.raises(SearchUnavailableError):
            es.search(SearchQuery("Eilt"))
    finally:
        _script("start")
    es.client.cluster.health(index=es.index, wait_for_status="yellow", timeout="60s")
    es.upsert([doc])  # the pipeline's retry
    es.upsert([doc])
    assert found(es, "Eilt", fuzzy=False) == ["during-outage"]
    assert es.ids() == set(BY_ID) | {"during-outage"}
