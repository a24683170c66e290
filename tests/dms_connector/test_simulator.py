"""The enaio SIMULATOR over real HTTP: auth, the DMS service API (insert,
validation, read, search), object definitions, persistence and seeding.

OSRest, faults and the web page are in ``test_simulator_osrest.py`` and
``test_simulator_faults.py``; they reuse the helpers defined here."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import httpx
import pytest

from dms_connector.simulator import Faults, RunningSimulator, SimSettings, start_simulator

USER, PASSWORD = "scanstation", "geheim"
PDF = b"%PDF-1.7\n% enaio simulator test\n" + bytes(range(256))
SEED = (("Fachbereich", {"Kennung": "66", "Bezeichnung": "Tiefbauamt"}),)


def settings(data_dir: Path, **kw: Any) -> SimSettings:
    kw.setdefault("folders", SEED)
    return SimSettings(data_dir=data_dir, users={USER: PASSWORD}, **kw)


def client(sim: RunningSimulator, **kw: Any) -> httpx.Client:
    kw.setdefault("auth", (USER, PASSWORD))
    kw.setdefault("timeout", 5.0)
    return httpx.Client(base_url=sim.url, **kw)


def seed_folder_id(sim: RunningSimulator) -> str:
    return str(next(o["id"] for o in sim.objects() if o["api"] == "seed"))


def props(**fields: Any) -> dict[str, Any]:
    return {k.replace("__", ":"): {"value": v} for k, v in fields.items()}


def doc_properties(parent: str, ext_id: str = "SCAN-1", **extra: Any) -> dict[str, Any]:
    return props(
        system__objectTypeId="Eingangspost",
        system__parentId=parent,
        ExterneId=ext_id,
        Eingangsdatum="2024-05-17",
        **extra,
    )


def dms_insert(
    c: httpx.Client,
    properties: Mapping[str, Any],
    content: bytes | None = PDF,
    cid: str = "cid_doc",
    part_name: str | None = None,
) -> httpx.Response:
    """POST /api/dms/objects as multipart; the file part is named ``part_name`` (default: cid)."""
    obj: dict[str, Any] = {"properties": dict(properties)}
    if content is not None:
        obj["contentStreams"] = [{"mimeType": "application/pdf", "fileName": "s.pdf", "cid": cid}]
    files: list[tuple[str, Any]] = [
        ("data", (None, json.dumps({"objects": [obj]}), "application/json"))
    ]
    if content is not None:
        files.append((part_name or cid, ("s.pdf", content, "application/pdf")))
    return c.post("/api/dms/objects", files=files)


def new_id(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    value: str = response.json()["objects"][0]["properties"]["system:objectId"]["value"]
    return value


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSimulator]:
    running = start_simulator(settings(tmp_path_factory.mktemp("enaio-sim")))
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def _clean(request: pytest.FixtureRequest) -> None:
    if "sim" in request.fixturenames:
        running: RunningSimulator = request.getfixturevalue("sim")
        running.set_faults(Faults())
        with client(running) as c:
            c.post("/_sim/reset").raise_for_status()


@pytest.fixture
def c(sim: RunningSimulator) -> Iterator[httpx.Client]:
    with client(sim) as cl:
        yield cl


# --- auth -----------------------------------------------------------------------------------


@pytest.mark.parametrize("auth", [None, (USER, "falsch"), ("niemand", PASSWORD)])
def test_missing_or_wrong_credentials_get_401(sim: RunningSimulator, auth: Any) -> None:
    with httpx.Client(base_url=sim.url, auth=auth) as anon:
        for path in ("/api/dms/objects/100001", "/osrest/api/serviceinfo", "/", "/_sim/objects"):
            r = anon.get(path)
            assert r.status_code == 401, path
            assert r.headers["www-authenticate"] == 'Basic realm="enaio"'
            assert r.json()["status"] == 401


def test_session_cookie_and_guid_authenticate(sim: RunningSimulator, c: httpx.Client) -> None:
    r = c.get("/osrest/api/session")
    assert r.status_code == 200
    session = r.json()
    assert session["username"] == USER and session["sessionGuid"]
    cookie = r.cookies["JSESSIONID"]
    folder = seed_folder_id(sim)
    with httpx.Client(base_url=sim.url, cookies={"JSESSIONID": cookie}) as by_cookie:
        assert by_cookie.get(f"/api/dms/objects/{folder}").status_code == 200
        assert by_cookie.get("/osrest/api/session").json()["sessionGuid"] == session["sessionGuid"]
    with httpx.Client(base_url=sim.url) as by_guid:
        url = f"/osrest/api/serviceinfo?sessionguid={session['sessionGuid']}"
        assert by_guid.get(url).status_code == 200
    with httpx.Client(base_url=sim.url, cookies={"JSESSIONID": cookie}) as by_cookie:
        assert by_cookie.get("/osrest/api/session/logout").status_code == 204
        assert by_cookie.get(f"/api/dms/objects/{folder}").status_code == 401
    with httpx.Client(base_url=sim.url, cookies={"JSESSIONID": "ERFUNDEN"}) as bogus:
        assert bogus.get(f"/api/dms/objects/{folder}").status_code == 401


# --- DMS insert and read ----------------------------------------------------------------------


def test_insert_with_part_named_after_cid_and_read_back(
    sim: RunningSimulator, c: httpx.Client
) -> None:
    folder = seed_folder_id(sim)
    r = dms_insert(c, doc_properties(folder, Betreff="Antrag", Briefdatum="03.05.2024"))
    object_id = new_id(r)
    p = r.json()["objects"][0]["properties"]
    assert p["system:objectTypeId"] == {"value": "262210", "localName": "Eingangspost"}
    assert p["system:parentId"]["value"] == folder
    assert p["Briefdatum"]["value"] == "2024-05-03"  # stored as ISO
    assert int(object_id) > int(folder) >= 100001

    got = c.get(f"/api/dms/objects/{object_id}")
    assert got.status_code == 200
    [obj] = got.json()["objects"]
    assert obj["properties"]["Betreff"]["value"] == "Antrag"
    assert obj["contentStreams"][0]["fileName"] == "s.pdf"
    content = c.get(f"/api/dms/objects/{object_id}/contents/file")
    assert content.status_code == 200
    assert content.content == PDF
    assert content.headers["content-type"] == "application/pdf"
    [stored] = [o for o in sim.objects() if o["id"] == object_id]
    assert stored["api"] == "dms" and stored["file_name"] == "s.pdf"
    assert stored["fields"]["Eingangsdatum"] == "2024-05-17"


def test_insert_matches_file_part_by_content_id(sim: RunningSimulator, c: httpx.Client) -> None:
    data = {
        "objects": [
            {
                "properties": doc_properties(seed_folder_id(sim), "SCAN-CID"),
                "contentStreams": [{"mimeType": "application/pdf", "cid": "cid_63apple"}],
            }
        ]
    }
    boundary = "SimBoundary42"
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="data"\r\n'
            "Content-Type: application/json;charset=UTF-8\r\n\r\n"
            f"{json.dumps(data)}\r\n"
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="brief.pdf"\r\n'
            "Content-Type: application/pdf\r\n"
            "Content-ID: <cid_63apple>\r\n\r\n"
        ).encode()
        + PDF
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    object_id = new_id(c.post("/api/dms/objects", content=body, headers=headers))
    assert c.get(f"/api/dms/objects/{object_id}/contents/file").content == PDF
    [stored] = [o for o in sim.objects() if o["id"] == object_id]
    assert stored["file_name"] == "brief.pdf"


def test_metadata_only_json_insert_of_folder_and_register(c: httpx.Client) -> None:
    folder = {"properties": props(system__objectTypeId="7", Kennung="32", Bezeichnung="Ordnung")}
    r = c.post("/api/dms/objects", json={"objects": [folder]})
    folder_id = new_id(r)
    assert r.json()["objects"][0]["contentStreams"] == []
    register = props(system__objectTypeId="Vorgang", system__parentId=folder_id)
    register["Vorgangsnummer"] = {"value": "V-2024-1"}
    register_id = new_id(c.post("/api/dms/objects", json={"objects": [{"properties": register}]}))
    doc = dms_insert(c, doc_properties(register_id, "IN-REGISTER"))
    assert doc.json()["objects"][0]["properties"]["system:parentId"]["value"] == register_id


def test_update_by_object_id_changes_fields(sim: RunningSimulator, c: httpx.Client) -> None:
    object_id = new_id(dms_insert(c, doc_properties(seed_folder_id(sim), Betreff="alt")))
    update = {"properties": props(system__objectId=object_id, Betreff="neu", Absender=None)}
    r = c.post("/api/dms/objects", json={"objects": [update]})
    assert r.status_code == 200, r.text
    fields = c.get(f"/api/dms/objects/{object_id}").json()["objects"][0]["properties"]
    assert fields["Betreff"]["value"] == "neu"
    assert c.get(f"/api/dms/objects/{object_id}/contents/file").content == PDF


def _failed(r: httpx.Response) -> dict[str, Any]:
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["objects"] == []
    first: dict[str, Any] = body["failed"][0]
    assert first["message"] and isinstance(first["errorCode"], int) and first["innerError"]
    return first


@pytest.mark.parametrize(
    ("change", "code", "needle"),
    [
        ({"Farbe": {"value": "rot"}}, "UNKNOWN_FIELD", "Farbe"),
        ({"system:objectTypeId": {"value": "Rechnung"}}, "UNKNOWN_TYPE", "Rechnung"),
        ({"system:objectTypeId": {"value": "999999"}}, "UNKNOWN_TYPE", "999999"),
        ({"ExterneId": {"value": None}}, "MISSING_REQUIRED", "ExterneId"),
        ({"system:parentId": {"value": "999999"}}, "PARENT_NOT_FOUND", "999999"),
        ({"system:parentId": {"value": None}}, "PARENT_REQUIRED", "parent"),
        ({"Aktenzeichen": {"value": "x" * 61}}, "BAD_VALUE", "60"),
        ({"Eingangsdatum": {"value": "17/05/2024"}}, "BAD_VALUE", "Eingangsdatum"),
        ({"Eingangsdatum": {"value": "2024-02-30"}}, "BAD_VALUE", "Eingangsdatum"),
        ({"Betreff": "ohne value-Hülle"}, "BAD_REQUEST", "Betreff"),
    ],
)
def test_insert_validation_errors_are_422(
    sim: RunningSimulator, c: httpx.Client, change: dict[str, Any], code: str, needle: str
) -> None:
    properties = {**doc_properties(seed_folder_id(sim)), **change}
    failure = _failed(dms_insert(c, properties))
    assert failure["innerError"]["code"] == code
    assert needle in failure["message"]
    assert [o for o in sim.objects() if o["api"] == "dms"] == []


def test_type_not_allowed_under_parent_is_422(sim: RunningSimulator, c: httpx.Client) -> None:
    doc_id = new_id(dms_insert(c, doc_properties(seed_folder_id(sim))))
    failure = _failed(dms_insert(c, doc_properties(doc_id, "UNTER-DOKUMENT")))
    assert failure["innerError"]["code"] == "PARENT_NOT_ALLOWED"
    folder_in_folder = props(system__objectTypeId="Fachbereich", Kennung="1")
    folder_in_folder["system:parentId"] = {"value": seed_folder_id(sim)}
    r = c.post("/api/dms/objects", json={"objects": [{"properties": folder_in_folder}]})
    assert _failed(r)["innerError"]["code"] == "PARENT_NOT_ALLOWED"


def test_missing_cid_part_and_refused_options_are_422(
    sim: RunningSimulator, c: httpx.Client
) -> None:
    r = dms_insert(c, doc_properties(seed_folder_id(sim)), cid="cid_doc", part_name="anders")
    failure = _failed(r)
    assert failure["innerError"]["code"] == "CONTENT_MISSING" and "cid_doc" in failure["message"]
    obj = {"properties": doc_properties(seed_folder_id(sim)), "options": {"CHECKACCESS": 1}}
    assert _failed(c.post("/api/dms/objects", json={"objects": [obj]}))["message"]
    unknown_update = {"properties": props(system__objectId="999999", Betreff="x")}
    r = c.post("/api/dms/objects", json={"objects": [unknown_update]})
    assert _failed(r)["innerError"]["code"] == "OBJECT_NOT_FOUND"


def test_batch_is_all_or_nothing(sim: RunningSimulator, c: httpx.Client) -> None:
    good = {"properties": doc_properties(seed_folder_id(sim), "GUT")}
    bad = {"properties": {**doc_properties(seed_folder_id(sim), "SCHLECHT"), "X": {"value": 1}}}
    r = c.post("/api/dms/objects", json={"objects": [good, bad]})
    assert _failed(r)["innerError"]["objectIndex"] == 1
    assert [o for o in sim.objects() if o["api"] == "dms"] == []
    r = c.post("/api/dms/objects", json={"objects": [good, good]})
    assert len(r.json()["objects"]) == 2


def test_unreadable_insert_requests_are_400(c: httpx.Client) -> None:
    assert (
        c.post(
            "/api/dms/objects", content=b"{kaputt", headers={"Content-Type": "application/json"}
        ).status_code
        == 400
    )
    assert c.post("/api/dms/objects", json={"objects": []}).status_code == 400
    r = c.post("/api/dms/objects", files={"datei": ("a.pdf", PDF, "application/pdf")})
    assert r.status_code == 400 and "data" in r.json()["message"]


def test_unknown_object_is_404(c: httpx.Client) -> None:
    for path in (
        "/api/dms/objects/999999",
        "/api/dms/objects/abc",
        "/api/dms/objects/999999/contents/file",
    ):
        r = c.get(path)
        assert r.status_code == 404
        assert r.json() == {"errorCode": 1001, "message": r.json()["message"], "status": 404}


# --- DMS search -----------------------------------------------------------------------------


def search(c: httpx.Client, statement: str, **query: Any) -> httpx.Response:
    return c.post("/api/dms/objects/search", json={"query": {"statement": statement, **query}})


def _ids(r: httpx.Response) -> list[str]:
    assert r.status_code == 200, r.text
    return [o["properties"]["system:objectId"]["value"] for o in r.json()["objects"]]


@pytest.fixture
def three_docs(sim: RunningSimulator, c: httpx.Client) -> list[str]:
    folder = seed_folder_id(sim)
    return [
        new_id(dms_insert(c, doc_properties(folder, f"SCAN-{n}", Betreff=betreff), content=None))
        for n, betreff in ((1, "Antrag"), (2, "Widerspruch"), (3, None))
    ]


def test_search_with_parameters(three_docs: list[str], c: httpx.Client) -> None:
    statement = (
        "SELECT system:objectId, system:parentId, ExterneId FROM Eingangspost WHERE ExterneId=@ext"
    )
    r = search(c, statement, parameters={"ext": "SCAN-2"})
    assert _ids(r) == [three_docs[1]]
    body = r.json()
    assert (body["numItems"], body["totalNumItems"], body["hasMoreItems"]) == (1, 1, False)
    p = body["objects"][0]["properties"]
    assert set(p) == {
        "system:objectId",
        "system:objectTypeId",
        "system:baseTypeId",
        "system:parentId",
        "ExterneId",
    }
    assert p["system:objectTypeId"]["localName"] == "Eingangspost"
    missing = search(c, statement, parameters={"ext": "GIBT-ES-NICHT"})
    assert _ids(missing) == [] and missing.json()["totalNumItems"] == 0


def test_search_in_null_literal_date_and_order(three_docs: list[str], c: httpx.Client) -> None:
    r = search(
        c,
        "select ExterneId from Eingangspost "
        "where ExterneId in (@a, 'SCAN-3') order by ExterneId desc",
        parameters={"a": "SCAN-1"},
    )
    assert _ids(r) == [three_docs[2], three_docs[0]]
    assert _ids(search(c, "SELECT * FROM Eingangspost WHERE Betreff IS NULL")) == [three_docs[2]]
    r = search(
        c, "SELECT * FROM Eingangspost WHERE Eingangsdatum = @d", parameters={"d": "17.05.2024"}
    )
    assert len(_ids(r)) == 3
    r = search(
        c,
        "SELECT * FROM Eingangspost WHERE system:objectId IN (@ids)",
        parameters={"ids": three_docs[:2]},
    )
    assert _ids(r) == three_docs[:2]


def test_search_paging(three_docs: list[str], c: httpx.Client) -> None:
    statement = "SELECT ExterneId FROM Eingangspost ORDER BY system:objectId"
    first = search(c, statement, skipCount=0, maxItems=2)
    assert _ids(first) == three_docs[:2]
    assert first.json()["hasMoreItems"] is True and first.json()["totalNumItems"] == 3
    second = search(c, statement, skipCount=2, maxItems=2)
    assert _ids(second) == three_docs[2:]
    assert second.json()["hasMoreItems"] is False and second.json()["numItems"] == 1


@pytest.mark.parametrize(
    ("statement", "params", "needle"),
    [
        ("SELECT FROM Eingangspost", {}, "syntax"),
        ("SELECT * FROM Eingangspost WHERE ExterneId = @x OR Betreff = 'a'", {"x": "1"}, "OR"),
        ("SELECT * FROM Eingangspost WHERE ExterneId = 'offen", {}, "syntax"),
        ("SELECT * FROM Rechnung", {}, "Rechnung"),
        ("SELECT Farbe FROM Eingangspost", {}, "Farbe"),
        ("SELECT * FROM Eingangspost WHERE ExterneId = @fehlt", {}, "@fehlt"),
    ],
)
def test_search_errors_are_400(
    c: httpx.Client, statement: str, params: dict[str, str], needle: str
) -> None:
    r = search(c, statement, parameters=params)
    assert r.status_code == 400
    assert needle in r.json()["message"]
    assert search(c, "SELECT * FROM Eingangspost", maxItems=-1).status_code == 400


# --- object definition --------------------------------------------------------------------


def test_objdef_endpoints_and_conditional_requests(c: httpx.Client) -> None:
    for path in ("/osrest/api/objdef/global", "/osrest/api/objdef/full"):
        r = c.get(path)
        assert r.status_code == 200
        [cabinet] = r.json()["asobjdef"]["cabinet"]
        assert cabinet["internal"] == "Posteingang"
        types = {o["internal"]: o for o in cabinet["object"]}
        assert types["Eingangspost"]["ids"]["oid"] == 262210
        again = c.get(path, headers={"If-Modified-Since": r.headers["last-modified"]})
        assert again.status_code == 304
        older = c.get(path, headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
        assert older.status_code == 200
    r = c.get("/api/dms/schema/native")
    assert r.status_code == 200 and "asobjdef" in r.json()
    assert (
        c.get("/api/dms/schema/native", headers={"If-None-Match": r.headers["etag"]}).status_code
        == 304
    )
    assert c.get("/api/dms/schema/native", headers={"If-None-Match": '"alt"'}).status_code == 200


def test_custom_objdef_and_prefix(tmp_path: Path) -> None:
    objdef = json.loads(
        (Path(__file__).parents[2] / "dms_connector/simulator/objdef.json").read_text()
    )
    objdef["asobjdef"]["cabinet"][0]["object"][0]["internal"] = "Amt"
    for obj in objdef["asobjdef"]["cabinet"][0]["object"]:
        for child in obj.get("children", {}).get("child", []):
            child["internal"] = child["internal"].replace("Fachbereich", "Amt")
    sim = start_simulator(
        settings(tmp_path, objdef=objdef, dms_prefix="/dms", folders=[("Amt", {"Kennung": "1"})])
    )
    try:
        with client(sim) as c:
            folder = seed_folder_id(sim)
            assert (
                c.get(f"/dms/objects/{folder}").json()["objects"][0]["properties"][
                    "system:objectTypeId"
                ]["localName"]
                == "Amt"
            )
            assert c.get(f"/api/dms/objects/{folder}").status_code == 404
    finally:
        sim.stop()


# --- persistence and seeding ----------------------------------------------------------------


def test_persistence_across_restart(tmp_path: Path) -> None:
    first = start_simulator(settings(tmp_path))
    try:
        with client(first) as c:
            doc = new_id(dms_insert(c, doc_properties(seed_folder_id(first))))
            modified = c.get("/osrest/api/objdef/global").headers["last-modified"]
            c.post("/_sim/reset").raise_for_status()
            removed = new_id(dms_insert(c, doc_properties(seed_folder_id(first), "WEG")))
        before = first.objects()
    finally:
        first.stop()
    second = start_simulator(settings(tmp_path))
    try:
        assert second.objects() == before
        with client(second) as c:
            assert c.get(f"/api/dms/objects/{removed}/contents/file").content == PDF
            assert c.get(f"/api/dms/objects/{doc}").status_code == 404  # reset before restart
            assert c.get("/osrest/api/objdef/global").headers["last-modified"] == modified
            later = new_id(dms_insert(c, doc_properties(seed_folder_id(second), "NEU")))
        assert int(later) > int(removed) > int(doc)  # ids are never reused
    finally:
        second.stop()


def test_seeded_folders_are_idempotent(tmp_path: Path) -> None:
    folders = (*SEED, ("Fachbereich", {"Kennung": "32"}), *SEED)
    for _ in range(2):
        sim = start_simulator(settings(tmp_path, folders=folders))
        try:
            seeds = [o for o in sim.objects() if o["api"] == "seed"]
            assert sorted(o["fields"]["Kennung"] for o in seeds) == ["32", "66"]
            assert all(o["main_type"] == "folder" and o["parent_id"] is None for o in seeds)
        finally:
            sim.stop()


def test_bad_seed_folder_fails_at_start(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Kennung"):
        start_simulator(settings(tmp_path, folders=[("Fachbereich", {"Bezeichnung": "x"})]))
    with pytest.raises(ValueError, match="Eingangspost"):
        start_simulator(settings(tmp_path, folders=[("Eingangspost", {"ExterneId": "x"})]))
