"""Contract suite of the two enaio clients over real HTTP sockets against the
enaio simulator (``dms_connector.simulator``): the same tests for the DMS
service client and the appconnector client.

Every test id contains "simulator" (``-k "not simulator"`` leaves them out).
One simulator serves the module; faults are reset after each test."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
from pydantic import SecretStr

from dms_connector.appconnector import AppConnectorClient
from dms_connector.base import DmsClient, NewDocument
from dms_connector.config import DmsConfig
from dms_connector.dms_service import DmsServiceClient
from dms_connector.errors import DmsAuthError, DmsRejected, DmsUnavailable
from dms_connector.http import make_http_client
from dms_connector.mapping import LetterRecord, TargetResolver, build_document, validate_mapping
from dms_connector.simulator import Faults, SimSettings, start_simulator

USER = "scanstation"
PASSWORD = "pw-Ä1"
CONTENT = b"%PDF-1.7\r\n\x00\xff binary \r\n%%EOF\n"
CONTENT_PATHS = {
    "dms": "/api/dms/objects/{id}/contents/file",
    "osrest": "/osrest/api/documentfiles/{id}/1",
}


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    settings = SimSettings(
        data_dir=tmp_path_factory.mktemp("enaio-sim"),
        users={USER: PASSWORD},
        folders=[
            ("Fachbereich", {"Kennung": "66", "Bezeichnung": "Tiefbau"}),
            ("Fachbereich", {"Kennung": "32", "Bezeichnung": "Ordnungsamt"}),
        ],
    )
    running = start_simulator(settings, port=0)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(params=["dms", "osrest"], ids=["dms-simulator", "osrest-simulator"])
def api(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def make_config(sim: Any, api: str, **changes: Any) -> DmsConfig:
    values: dict[str, Any] = {
        "target": "enaio",
        "api": api,
        "base_url": sim.url,
        "username": USER,
        "password": SecretStr(PASSWORD),
        "read_timeout_seconds": 20.0,
    }
    return DmsConfig(**(values | changes))


def make_client(config: DmsConfig) -> DmsClient:
    http = make_http_client(config)
    if config.api == "dms":
        return DmsServiceClient(http, config)
    return AppConnectorClient(http, config)


@pytest.fixture
def config(sim: Any, api: str) -> DmsConfig:
    return make_config(sim, api)


@pytest.fixture
def client(sim: Any, config: DmsConfig) -> Iterator[DmsClient]:
    made = make_client(config)
    try:
        yield made
    finally:
        made.close()
        sim.set_faults(Faults())


def folder_id(sim: Any, kennung: str) -> str:
    [found] = [
        o["id"]
        for o in sim.objects()
        if o["type"] == "Fachbereich" and o["fields"].get("Kennung") == kennung
    ]
    return str(found)


def letter(**changes: Any) -> LetterRecord:
    values: dict[str, Any] = {
        "document_id": f"SCAN-{uuid.uuid4().hex[:16]}",
        "department": "66",
        "received_at": datetime(2024, 5, 16, 22, 30, tzinfo=UTC),  # 17.05. in Berlin
        "sender": "Muster GmbH, Straße 1",
        "subject": "Widerspruch gegen den Bescheid vom 02.05.2024 " * 8,  # > 255: truncated
        "letter_date": date(2024, 5, 14),
        "references": (("kassenzeichen", "K-1"), ("aktenzeichen", "66.1-2024/17")),
        "content": CONTENT,
        "file_name": "Eingang Müller.pdf",
    }
    return LetterRecord(**(values | changes))


def new_document(client: DmsClient, config: DmsConfig, **changes: Any) -> NewDocument:
    parent = TargetResolver(client, config).resolve("66")
    return build_document(letter(**changes), config, parent, client.object_definition())


def stored(sim: Any, object_id: str) -> dict[str, Any]:
    [found] = [o for o in sim.objects() if o["id"] == object_id]
    return dict(found)


def test_check(client: DmsClient) -> None:
    client.check()


def test_object_definition_fits_the_default_mapping(client: DmsClient, config: DmsConfig) -> None:
    objdef = client.object_definition()
    assert objdef is not None
    assert objdef.types["Eingangspost"].type_id == "262210"
    assert validate_mapping(objdef, config, ["66", "32"]) == []


def test_resolve_target(sim: Any, client: DmsClient, config: DmsConfig) -> None:
    resolver = TargetResolver(client, config)
    assert resolver.resolve("66") == folder_id(sim, "66")
    assert resolver.resolve("32") == folder_id(sim, "32")


def test_insert_find_get(sim: Any, client: DmsClient, config: DmsConfig, api: str) -> None:
    document = new_document(client, config)
    assert len(document.fields["Betreff"]) == 255
    object_id = client.insert(document)
    assert object_id.isdigit()

    found = client.find_by_field("Eingangspost", "ExterneId", document.fields["ExterneId"])
    assert [o.object_id for o in found] == [object_id]

    read = client.get(object_id)
    assert read is not None
    assert read.object_type == "Eingangspost"
    assert read.parent_id == folder_id(sim, "66")
    assert {name: read.fields.get(name) for name in document.fields} == dict(document.fields)

    row = stored(sim, object_id)
    assert (row["type"], row["parent_id"], row["api"]) == ("Eingangspost", read.parent_id, api)
    assert row["fields"]["Eingangsdatum"] == "2024-05-17"
    assert row["fields"]["Aktenzeichen"] == "66.1-2024/17"


def test_content_arrives_unchanged(sim: Any, client: DmsClient, config: DmsConfig) -> None:
    object_id = client.insert(new_document(client, config))
    row = stored(sim, object_id)
    assert row["sha256"] == hashlib.sha256(CONTENT).hexdigest()
    assert row["file_name"] == "Eingang Müller.pdf"
    with make_http_client(config) as http:
        response = http.get(CONTENT_PATHS[config.api].format(id=object_id))
    assert response.status_code == 200
    assert response.content == CONTENT


def test_find_unknown_id_is_empty(client: DmsClient) -> None:
    assert client.find_by_field("Eingangspost", "ExterneId", f"none-{uuid.uuid4()}") == []
    assert client.get("999999999") is None


def test_validation_refusal_carries_the_server_message(
    sim: Any, client: DmsClient, config: DmsConfig
) -> None:
    document = new_document(client, config)
    fields = {k: v for k, v in document.fields.items() if k != "Eingangsdatum"}
    before = len(sim.objects())
    with pytest.raises(DmsRejected, match="Eingangsdatum") as info:
        client.insert(replace(document, fields=fields))
    assert info.value.status is not None and 400 <= info.value.status < 500
    assert len(sim.objects()) == before


def test_unknown_parent_is_refused(client: DmsClient, config: DmsConfig) -> None:
    document = new_document(client, config)
    with pytest.raises(DmsRejected):
        client.insert(replace(document, parent_id="999999999"))


def test_wrong_password(sim: Any, api: str) -> None:
    wrong = make_client(make_config(sim, api, password=SecretStr("wrong")))
    try:
        with pytest.raises(DmsAuthError) as info:
            wrong.check()
        assert info.value.status == 401
        assert "wrong" not in str(info.value)
        with pytest.raises(DmsAuthError):
            wrong.find_by_field("Eingangspost", "ExterneId", "x")
    finally:
        wrong.close()


def test_503_is_unavailable(sim: Any, client: DmsClient, config: DmsConfig) -> None:
    document = new_document(client, config)
    before = len(sim.objects())
    sim.set_faults(Faults(p_error_503=1.0))
    with pytest.raises(DmsUnavailable) as info:
        client.insert(document)
    assert info.value.status == 503
    with pytest.raises(DmsUnavailable):
        client.check()
    sim.set_faults(Faults())
    assert len(sim.objects()) == before


def test_timeout_is_unavailable(sim: Any, api: str) -> None:
    impatient = make_client(make_config(sim, api, read_timeout_seconds=0.3))
    try:
        sim.set_faults(Faults(p_timeout=1.0, hang_seconds=1.0))
        with pytest.raises(DmsUnavailable, match="in time"):
            impatient.check()
    finally:
        sim.set_faults(Faults())
        impatient.close()


def test_answer_dropped_after_store_then_found(
    sim: Any, client: DmsClient, config: DmsConfig
) -> None:
    """The basis of exactly-once delivery: an insert whose answer was lost is found
    by its external id, so the retry adopts it instead of inserting again."""
    document = new_document(client, config)
    sim.set_faults(Faults(p_drop_after_store=1.0))
    with pytest.raises(DmsUnavailable):
        client.insert(document)
    sim.set_faults(Faults())
    external_id = document.fields["ExterneId"]
    found = client.find_by_field("Eingangspost", "ExterneId", external_id)
    rows = [o for o in sim.objects() if o["fields"].get("ExterneId") == external_id]
    assert len(rows) == 1
    assert [o.object_id for o in found] == [rows[0]["id"]]


def test_session_cookie_auth(sim: Any, api: str) -> None:
    basic = make_config(sim, api)
    with make_http_client(basic) as http:
        response = http.get("/osrest/api/session")
        assert response.status_code == 200
        assert response.json()["username"] == USER
        cookie = response.cookies["JSESSIONID"]
    session = make_client(make_config(sim, api, password=None, session_cookie=SecretStr(cookie)))
    try:
        session.check()
        assert session.find_by_field("Eingangspost", "ExterneId", "nothing-like-this") == []
    finally:
        session.close()
    stale = make_client(make_config(sim, api, password=None, session_cookie=SecretStr("STALE")))
    try:
        with pytest.raises(DmsAuthError):
            stale.check()
    finally:
        stale.close()
