"""The enaio SIMULATOR's appconnector (OSRest) API over real HTTP: insert with
a bare-integer answer, query by example, search by id and file download."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from dms_connector.simulator import Faults, RunningSimulator, start_simulator
from tests.dms_connector.test_simulator import PDF, client, seed_folder_id, settings


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSimulator]:
    running = start_simulator(settings(tmp_path_factory.mktemp("enaio-sim-osrest")))
    yield running
    running.stop()


@pytest.fixture
def c(sim: RunningSimulator) -> Iterator[httpx.Client]:
    sim.set_faults(Faults())
    with client(sim) as cl:
        cl.post("/_sim/reset").raise_for_status()
        yield cl


def insert(
    c: httpx.Client,
    location: str | None,
    fields: dict[str, Any],
    type_id: Any = "262210",
    content: bytes | None = PDF,
    query: str = "",
    file_name: str = "scan.pdf",
) -> httpx.Response:
    data: dict[str, Any] = {"fields": {k: {"value": v} for k, v in fields.items()}}
    if type_id is not None:
        data["objectTypeId"] = type_id
    files: list[tuple[str, Any]] = [("data", (None, json.dumps(data, indent=2)))]
    if content is not None:
        files.append(("file", (file_name, content, "application/pdf")))
    path = "/osrest/api/documents/insert" + ("" if location is None else f"/{location}")
    return c.post(path + query, files=files)


def doc_fields(ext_id: str = "SCAN-9", **extra: Any) -> dict[str, Any]:
    return {"ExterneId": ext_id, "Eingangsdatum": "17.05.2024", **extra}


def search(c: httpx.Client, query: dict[str, Any], **kw: Any) -> httpx.Response:
    return c.post("/osrest/api/documents/search", json={"query": query, **kw})


def test_serviceinfo_and_ping(c: httpx.Client) -> None:
    info = c.get("/osrest/api/serviceinfo")
    assert info.status_code == 200 and info.json()["simulator"] is True
    assert info.headers["x-enaio-simulator"] == "true"
    ping = c.get("/osrest/api/serviceinfo/ping")
    assert ping.status_code == 200 and int(ping.text) > 1_600_000_000_000


def test_insert_answers_bare_integer_and_is_readable(
    sim: RunningSimulator, c: httpx.Client
) -> None:
    folder = seed_folder_id(sim)
    r = insert(c, folder, doc_fields(Betreff="Bauantrag"))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/plain")
    osid = int(r.text)
    [stored] = [o for o in sim.objects() if o["id"] == str(osid)]
    assert stored["api"] == "osrest" and stored["parent_id"] == folder
    assert stored["fields"]["Eingangsdatum"] == "2024-05-17"
    assert stored["file_name"] == "scan.pdf"

    hit = c.get(f"/osrest/api/documents/search/{osid}").json()
    assert hit["osid"] == str(osid) and hit["objectType"] == "DOCUMENT"
    fields = {f["internalName"]: f for f in hit["ecmSimpleFields"]}
    assert fields["Betreff"]["value"] == "Bauantrag"
    assert fields["Eingangsdatum"]["value"] == "17.05.2024"
    assert set(fields["Betreff"]) == {
        "value",
        "displayName",
        "internalName",
        "dbName",
        "visible",
        "type",
    }
    file = c.get(f"/osrest/api/documentfiles/{osid}/1")
    assert file.status_code == 200 and file.content == PDF


def test_insert_folder_without_location_and_with_query_type(c: httpx.Client) -> None:
    for location in (None, "0"):
        r = insert(c, location, {"Kennung": f"K{location}"}, type_id=7, content=None)
        assert r.status_code == 200, r.text
    r = insert(c, None, {"Kennung": "Q"}, type_id=None, content=None, query="?objecttypeid=7")
    assert r.status_code == 200, r.text
    data = {"internalName": "Fachbereich", "fields": {"Kennung": {"value": "N"}}}
    r = c.post("/osrest/api/documents/insert/0", files={"data": (None, json.dumps(data))})
    assert r.status_code == 200, r.text


@pytest.mark.parametrize(
    ("location", "fields", "type_id", "status", "needle"),
    [
        ("seed", {**doc_fields(), "Farbe": "rot"}, "262210", 400, "Farbe"),
        ("seed", {"ExterneId": "X"}, "262210", 400, "Eingangsdatum"),
        ("seed", doc_fields(), "424242", 400, "424242"),
        ("seed", doc_fields(Absender="x" * 121), "262210", 400, "120"),
        ("999999", doc_fields(), "262210", 404, "999999"),
        (None, doc_fields(), "262210", 400, "parent"),
        ("seed", {"Kennung": "1"}, "7", 400, "parent"),
    ],
)
def test_insert_errors(
    sim: RunningSimulator,
    c: httpx.Client,
    location: str | None,
    fields: dict[str, Any],
    type_id: str,
    status: int,
    needle: str,
) -> None:
    where = seed_folder_id(sim) if location == "seed" else location
    r = insert(c, where, fields, type_id=type_id, content=None if type_id == "7" else PDF)
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) >= {"ErrorType", "ErrorCode", "HttpStatusCode", "DefaultMessage"}
    assert f"[{status}]" in body["HttpStatusCode"] and needle in body["DefaultMessage"]
    assert [o for o in sim.objects() if o["api"] == "osrest"] == []


def test_insert_rejects_mismatched_or_malformed_requests(
    sim: RunningSimulator, c: httpx.Client
) -> None:
    folder = seed_folder_id(sim)
    r = insert(c, folder, doc_fields(), query="?objecttypeid=7")
    assert r.status_code == 400
    r = insert(c, folder, doc_fields(), type_id="Eingangspost")
    assert r.status_code == 400 and "numeric" in r.json()["DefaultMessage"]
    r = c.post(f"/osrest/api/documents/insert/{folder}", json={"objectTypeId": "262210"})
    assert r.status_code == 400
    data = {"objectTypeId": "262210", "fields": {"ExterneId": "ohne Hülle"}}
    r = c.post(f"/osrest/api/documents/insert/{folder}", files={"data": (None, json.dumps(data))})
    assert r.status_code == 400 and "ExterneId" in r.json()["DefaultMessage"]


@pytest.fixture
def docs(sim: RunningSimulator, c: httpx.Client) -> list[str]:
    folder = seed_folder_id(sim)
    return [
        insert(c, folder, doc_fields(f"SCAN-{n}", Betreff=f"Brief {n}")).text for n in (1, 2, 3)
    ]


def test_search_by_example_hit_miss_wildcard(docs: list[str], c: httpx.Client) -> None:
    hit = search(c, {"objectTypeId": "262210", "fields": {"ExterneId": {"value": "SCAN-2"}}})
    assert hit.status_code == 200
    assert [h["osid"] for h in hit.json()] == [docs[1]]
    assert hit.json()[0]["internalName"] == "Eingangspost"
    miss = search(c, {"internalName": "Eingangspost", "fields": {"ExterneId": {"value": "NEIN"}}})
    assert miss.status_code == 200 and miss.json() == []
    wild = search(
        c,
        {
            "name": "Eingangspost",
            "cabinet": "Posteingang",
            "fields": {"Betreff": {"value": "Brief *"}},
        },
    )
    assert [h["osid"] for h in wild.json()] == docs
    by_date = search(
        c, {"objectTypeId": 262210, "fields": {"Eingangsdatum": {"value": "2024-05-17"}}}
    )
    assert len(by_date.json()) == 3
    case = search(c, {"objectTypeId": "262210", "fields": {"ExterneId": {"value": "scan-1"}}})
    assert case.json() == []


def test_search_paging_and_additional_queries(
    sim: RunningSimulator, docs: list[str], c: httpx.Client
) -> None:
    query = {"objectTypeId": "262210", "result_config": {"pagesize": 2, "offset": 0}}
    assert [h["osid"] for h in search(c, query).json()] == docs[:2]
    r = c.post("/osrest/api/documents/search?pagesize=2&offset=2", json={"query": query})
    assert [h["osid"] for h in r.json()] == docs[2:]
    in_folder = [{"objectTypeId": "7", "fields": {"Kennung": {"value": "66"}}}]
    assert len(search(c, {"objectTypeId": "262210"}, additionalQueries=in_folder).json()) == 3
    other = [{"objectTypeId": "7", "fields": {"Kennung": {"value": "99"}}}]
    assert search(c, {"objectTypeId": "262210"}, additionalQueries=other).json() == []


def test_search_errors(docs: list[str], c: httpx.Client) -> None:
    assert search(c, {"objectTypeId": "4711"}).status_code == 400
    assert search(c, {"internalName": "Eingangspost", "cabinet": "Andere"}).status_code == 400
    assert (
        search(c, {"objectTypeId": "262210", "fields": {"Farbe": {"value": "x"}}}).status_code
        == 400
    )
    schema = {"fieldsschema": [{"internalName": "Betreff"}, {"internalName": ""}]}
    r = search(c, {"objectTypeId": "262210", "result_config": schema})
    assert r.status_code == 500 and r.json()["DefaultMessage"] == "Search by example failed"
    assert "java." in r.json()["StackTrace"]
    only = search(
        c,
        {
            "objectTypeId": "262210",
            "result_config": {"fieldsschema": [{"internalName": "Betreff"}]},
        },
    )
    assert [f["internalName"] for f in only.json()[0]["ecmSimpleFields"]] == ["Betreff"]


def test_search_by_id_and_files_404(docs: list[str], c: httpx.Client) -> None:
    assert c.get("/osrest/api/documents/search/999999").status_code == 404
    assert c.get(f"/osrest/api/documents/search/{docs[0]}?objecttypeid=7").status_code == 404
    assert c.get(f"/osrest/api/documents/search/{docs[0]}?objecttypeid=262210").status_code == 200
    assert c.get("/osrest/api/documentfiles/999999/1").status_code == 404
    assert c.get(f"/osrest/api/documentfiles/{docs[0]}/2").status_code == 404
    assert c.get(f"/osrest/api/documentfiles/{docs[0]}/scan.pdf").content == PDF


def test_insert_keeps_utf8_file_names(sim: RunningSimulator, c: httpx.Client) -> None:
    r = insert(c, seed_folder_id(sim), doc_fields(), file_name="Eingang Müller.pdf")
    [stored] = [o for o in sim.objects() if o["id"] == r.text]
    assert stored["file_name"] == "Eingang Müller.pdf"
    hit = c.get(f"/osrest/api/documents/search/{r.text}").json()
    assert {"type": "EXTENSION", "value": "pdf"} in hit["fileProperties"]


def test_parents_lists_the_location_chain_root_first(
    sim: RunningSimulator, c: httpx.Client
) -> None:
    folder = seed_folder_id(sim)
    register = insert(c, folder, {"Vorgangsnummer": "V-1"}, type_id="6488101", content=None).text
    doc = insert(c, register, doc_fields()).text
    chain = c.get(f"/osrest/api/documents/parents/{doc}").json()["documents"]
    assert [(e["id"], e["type"]) for e in chain] == [(folder, "FOLDER"), (register, "REGISTER")]
    assert c.get(f"/osrest/api/documents/parents/{folder}").json() == {"documents": []}
    assert c.get("/osrest/api/documents/parents/999999").status_code == 404
