"""Unit tests of the enaio clients over ``httpx.MockTransport``: exact request
shapes, error mapping, answer parsing, the object definition parser and the
in-memory fake's failure injection."""

from __future__ import annotations

import json
from collections.abc import Callable
from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from dms_connector.appconnector import AppConnectorClient
from dms_connector.base import MainType, NewDocument
from dms_connector.config import DmsConfig
from dms_connector.dms_service import DmsServiceClient
from dms_connector.errors import (
    DmsAuthError,
    DmsConfigError,
    DmsError,
    DmsProtocolError,
    DmsRejected,
    DmsUnavailable,
    MappingError,
)
from dms_connector.http import error_message, make_http_client
from dms_connector.memory import MemoryDmsClient, default_object_definition
from dms_connector.objdef import parse_object_definition

PASSWORD = "s3cret-Passw0rd"
Handler = Callable[[httpx.Request], httpx.Response]

OBJDEF: dict[str, Any] = {
    "asobjdef": {
        "cabinet": [
            {
                "internal": "Posteingang",
                "object": [
                    {
                        "internal": "Fachbereich",
                        "ids": {"oid": 7},
                        "maintype": 0,
                        "fields": {"field": [{"internal": "Kennung", "type": "TEXT"}]},
                    },
                    {
                        "internal": "Eingangspost",
                        "name": "Eingangspost",
                        "ids": {"oid": 262210},
                        "maintype": 4,
                        "fields": {
                            "field": [
                                {
                                    "internal": "ExterneId",
                                    "type": "TEXT",
                                    "length": 64,
                                    "flags": {"required": True},
                                },
                                {"internal": "Betreff", "type": "TEXT", "length": 255},
                            ]
                        },
                    },
                ],
            }
        ]
    }
}


def config(**changes: Any) -> DmsConfig:
    base: dict[str, Any] = {
        "target": "enaio",
        "base_url": "https://enaio.example",
        "password": SecretStr(PASSWORD),
    }
    return DmsConfig(**(base | changes))


class Recorder:
    """A MockTransport handler: records requests, answers from ``routes``."""

    def __init__(self, routes: dict[tuple[str, str], Any]) -> None:
        self.routes = routes
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        answer = self.routes.get((request.method, request.url.path))
        if answer is None:
            return httpx.Response(404, json={"message": "no route"})
        if callable(answer):
            result: httpx.Response = answer(request)
            return result
        if isinstance(answer, httpx.Response):
            return answer
        return httpx.Response(200, json=answer)

    def paths(self) -> list[str]:
        return [f"{r.method} {r.url.path}" for r in self.requests]


def dms(routes: dict[tuple[str, str], Any], **changes: Any) -> tuple[DmsServiceClient, Recorder]:
    recorder = Recorder(routes)
    cfg = config(**changes)
    http = make_http_client(cfg, transport=httpx.MockTransport(recorder))
    return DmsServiceClient(http, cfg), recorder


def osrest(
    routes: dict[tuple[str, str], Any], **changes: Any
) -> tuple[AppConnectorClient, Recorder]:
    recorder = Recorder(routes)
    cfg = config(api="osrest", **changes)
    http = make_http_client(cfg, transport=httpx.MockTransport(recorder))
    return AppConnectorClient(http, cfg), recorder


def parts(request: httpx.Request) -> list[Message]:
    raw = b"Content-Type: " + request.headers["content-type"].encode() + b"\r\n\r\n"
    message = BytesParser(policy=HTTP).parsebytes(raw + request.content)
    found = message.get_payload()
    assert isinstance(found, list)
    return [part for part in found if isinstance(part, Message)]


def payload(part: Message) -> bytes:
    data = part.get_payload(decode=True)
    assert isinstance(data, bytes)
    return data


def part_name(part: Message) -> str | None:
    return part.get_param("name", header="content-disposition")  # type: ignore[return-value]


def document(**changes: Any) -> NewDocument:
    values: dict[str, Any] = {
        "object_type": "Eingangspost",
        "parent_id": "4711",
        "fields": {"ExterneId": "SCAN-1", "Betreff": "Widerspruch Müller"},
        "content": b"%PDF-1.7 fake",
        "file_name": "Brief ä.pdf",
    }
    return NewDocument(**(values | changes))


# -- make_http_client ----------------------------------------------------------------


def test_basic_auth_and_user_agent() -> None:
    client, recorder = dms({("GET", "/osrest/api/x"): {}})
    client._http.get("/osrest/api/x")
    request = recorder.requests[0]
    assert request.headers["authorization"].startswith("Basic ")
    assert "cookie" not in request.headers
    assert "scanstation" in request.headers["user-agent"]
    assert str(request.url).startswith("https://enaio.example/")


def test_cookie_mode_sends_the_cookie_and_no_authorization() -> None:
    client, recorder = dms({("GET", "/x"): {}}, session_cookie=SecretStr("ABC123"), password=None)
    client._http.get("/x")
    client._http.get("/x")
    for request in recorder.requests:
        assert request.headers["cookie"] == "JSESSIONID=ABC123"
        assert "authorization" not in request.headers


def test_cookie_wins_over_password() -> None:
    client, recorder = dms({("GET", "/x"): {}}, session_cookie=SecretStr("ABC"))
    client._http.get("/x")
    assert "authorization" not in recorder.requests[0].headers


def test_no_credentials_is_a_config_error() -> None:
    with pytest.raises(DmsConfigError, match="credentials"):
        make_http_client(config(password=None))


def test_timeouts_come_from_config() -> None:
    cfg = config(connect_timeout_seconds=2.5, read_timeout_seconds=33)
    http = make_http_client(cfg)
    assert http.timeout.connect == 2.5
    assert http.timeout.read == 33
    http.close()


def test_unreadable_ca_bundle_is_a_config_error(tmp_path: Any) -> None:
    with pytest.raises(DmsConfigError, match="ca_bundle"):
        make_http_client(config(ca_bundle=tmp_path / "missing.pem"))


# -- error mapping -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (500, DmsUnavailable),
        (502, DmsUnavailable),
        (503, DmsUnavailable),
        (429, DmsUnavailable),
        (401, DmsAuthError),
        (403, DmsAuthError),
        (400, DmsRejected),
        (409, DmsRejected),
        (422, DmsRejected),
        (302, DmsProtocolError),
    ],
)
def test_status_classes(status: int, expected: type[DmsError]) -> None:
    body = {"message": "so nicht"}
    client, _ = osrest({("GET", "/osrest/api/serviceinfo/ping"): httpx.Response(status, json=body)})
    with pytest.raises(expected) as info:
        client.check()
    assert info.value.status == status
    assert PASSWORD not in str(info.value)
    if expected is DmsRejected:
        assert "so nicht" in str(info.value)
        assert json.loads(info.value.body) == body


@pytest.mark.parametrize(
    "error",
    [
        httpx.ConnectError("refused"),
        httpx.ConnectTimeout("slow"),
        httpx.ReadTimeout("slow"),
        httpx.WriteTimeout("slow"),
        httpx.PoolTimeout("busy"),
        httpx.RemoteProtocolError("peer closed connection"),
        httpx.ReadError("reset"),
    ],
)
def test_transport_errors_are_unavailable(error: Exception) -> None:
    def boom(request: httpx.Request) -> httpx.Response:
        raise error

    cfg = config(api="osrest")
    client = AppConnectorClient(make_http_client(cfg, transport=httpx.MockTransport(boom)), cfg)
    with pytest.raises(DmsUnavailable) as info:
        client.check()
    assert info.value.__cause__ is error
    assert PASSWORD not in str(info.value)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('{"failed": [{"message": "Pflichtfeld fehlt", "innerError": "x"}]}', "Pflichtfeld fehlt"),
        ('{"failed": [{"innerError": "inner problem"}]}', "inner problem"),
        ('{"DefaultMessage": "Parameter error", "ErrorCode": 1}', "Parameter error"),
        ('{"message": "plain message"}', "plain message"),
        ("Search by example failed\n\tat java.lang...", "Search by example failed"),
        ("<html><body>Error</body></html>", ""),
        ("", ""),
    ],
)
def test_error_message_shapes(body: str, expected: str) -> None:
    assert error_message(body) == expected


def test_unreadable_success_is_a_protocol_error() -> None:
    client, _ = dms({("POST", "/api/dms/objects/search"): httpx.Response(200, text="<html>")})
    with pytest.raises(DmsProtocolError):
        client.find_by_field("Eingangspost", "ExterneId", "x")


# -- DMS service ---------------------------------------------------------------------


def insert_answer(object_id: Any) -> dict[str, Any]:
    return {"objects": [{"properties": {"system:objectId": {"value": object_id}}}]}


@pytest.mark.parametrize("object_id", ["123456", 123456])
def test_dms_insert_request_shape(object_id: Any) -> None:
    client, recorder = dms(
        {
            ("GET", "/api/dms/schema/native"): OBJDEF,
            ("POST", "/api/dms/objects"): insert_answer(object_id),
        }
    )
    assert client.insert(document()) == "123456"
    request = recorder.requests[-1]
    assert request.headers["content-type"].startswith("multipart/form-data")
    data, file = parts(request)
    assert part_name(data) == "data"
    assert data.get_content_type() == "application/json"
    assert data.get_param("charset") == "UTF-8"
    assert json.loads(payload(data)) == {
        "objects": [
            {
                "properties": {
                    "system:objectTypeId": {"value": "262210"},
                    "system:parentId": {"value": "4711"},
                    "ExterneId": {"value": "SCAN-1"},
                    "Betreff": {"value": "Widerspruch Müller"},
                },
                "contentStreams": [
                    {
                        "mimeType": "application/pdf",
                        "fileName": "Brief ä.pdf",
                        "cid": "cid_document",
                    }
                ],
            }
        ]
    }
    assert part_name(file) == "cid_document"
    assert file["content-id"] == "<cid_document>"
    assert file.get_content_type() == "application/pdf"
    assert payload(file) == b"%PDF-1.7 fake"


def test_dms_insert_uses_the_internal_name_without_object_definition() -> None:
    client, recorder = dms({("POST", "/api/dms/objects"): insert_answer("9")})
    assert client.insert(document()) == "9"
    data = json.loads(payload(parts(recorder.requests[-1])[0]))
    assert data["objects"][0]["properties"]["system:objectTypeId"] == {"value": "Eingangspost"}
    # the definition is asked once, then remembered
    client.insert(document())
    assert recorder.paths().count("GET /api/dms/schema/native") == 1


def test_dms_insert_unknown_type_in_definition() -> None:
    client, recorder = dms({("GET", "/api/dms/schema/native"): OBJDEF})
    with pytest.raises(MappingError, match="Nope"):
        client.insert(document(object_type="Nope"))
    assert "POST /api/dms/objects" not in recorder.paths()


def test_dms_insert_422_is_rejected_with_the_failed_message() -> None:
    failed = {"failed": [{"message": "Pflichtfeld Eingangsdatum fehlt", "innerError": "x"}]}
    client, _ = dms({("POST", "/api/dms/objects"): httpx.Response(422, json=failed)})
    with pytest.raises(DmsRejected, match="Pflichtfeld Eingangsdatum fehlt") as info:
        client.insert(document())
    assert info.value.status == 422
    assert "failed" in info.value.body


def test_dms_insert_answer_without_objects_is_a_protocol_error() -> None:
    client, _ = dms({("POST", "/api/dms/objects"): {"objects": []}})
    with pytest.raises(DmsProtocolError):
        client.insert(document())


def search_page(ids: list[str], more: bool, type_prop: Any) -> dict[str, Any]:
    return {
        "objects": [
            {
                "properties": {
                    "system:objectId": {"value": i},
                    "system:objectTypeId": type_prop,
                    "system:parentId": {"value": 4711},
                    "ExterneId": {"value": "SCAN-1"},
                    "Betreff": {"value": None},
                }
            }
            for i in ids
        ],
        "hasMoreItems": more,
    }


def test_dms_find_by_field_request_and_paging() -> None:
    pages = iter(
        [
            search_page(["1", "2"], True, {"value": "262210", "localName": "Eingangspost"}),
            search_page(["3"], False, {"value": "262210", "localName": "Eingangspost"}),
        ]
    )
    client, recorder = dms(
        {("POST", "/api/dms/objects/search"): lambda r: httpx.Response(200, json=next(pages))}
    )
    found = client.find_by_field("Eingangspost", "ExterneId", "SCAN-1")
    assert [o.object_id for o in found] == ["1", "2", "3"]
    assert found[0].object_type == "Eingangspost"
    assert found[0].parent_id == "4711"
    assert found[0].fields == {"ExterneId": "SCAN-1"}
    bodies = [json.loads(r.content) for r in recorder.requests]
    assert bodies[0] == {
        "query": {
            "statement": (
                "SELECT system:objectId, system:parentId, ExterneId FROM Eingangspost "
                "WHERE ExterneId=@value"
            ),
            "parameters": {"value": "SCAN-1"},
            "skipCount": 0,
            "maxItems": 50,
        }
    }
    assert bodies[1]["query"]["skipCount"] == 2


def test_dms_find_maps_a_numeric_type_id_once_the_definition_is_known() -> None:
    client, _ = dms(
        {
            ("GET", "/api/dms/schema/native"): OBJDEF,
            ("POST", "/api/dms/objects/search"): search_page(["1"], False, {"value": 262210}),
        }
    )
    assert client.find_by_field("Eingangspost", "ExterneId", "x")[0].object_type == "262210"
    client.object_definition()
    assert client.find_by_field("Eingangspost", "ExterneId", "x")[0].object_type == "Eingangspost"


@pytest.mark.parametrize(
    ("object_type", "field"),
    [("Eingangspost", "ExterneId=1 OR 1"), ("Eingang post", "ExterneId"), ("x;--", "a")],
)
def test_dms_find_refuses_names_that_are_not_identifiers(object_type: str, field: str) -> None:
    client, recorder = dms({})
    with pytest.raises(MappingError):
        client.find_by_field(object_type, field, "v")
    assert recorder.requests == []


def test_dms_get_and_404() -> None:
    obj = search_page(["55"], False, {"value": "262210", "localName": "Eingangspost"})
    client, _ = dms({("GET", "/api/dms/objects/55"): obj})
    found = client.get("55")
    assert found is not None
    assert (found.object_id, found.parent_id, found.fields["ExterneId"]) == ("55", "4711", "SCAN-1")
    assert client.get("56") is None


def test_dms_object_definition_and_its_absence() -> None:
    client, _ = dms({("GET", "/api/dms/schema/native"): OBJDEF})
    objdef = client.object_definition()
    assert objdef is not None
    assert objdef.types["Eingangspost"].type_id == "262210"
    absent, _ = dms({})
    assert absent.object_definition() is None


def test_dms_check_searches_for_nothing() -> None:
    client, recorder = dms({("POST", "/api/dms/objects/search"): {"objects": []}})
    client.check()
    query = json.loads(recorder.requests[0].content)["query"]
    assert query["statement"] == ("SELECT system:objectId FROM Eingangspost WHERE ExterneId=@value")
    assert query["maxItems"] == 1
    assert query["parameters"]["value"].startswith("scanstation-check-")


def test_dms_path_prefix_is_configurable() -> None:
    client, recorder = dms(
        {("POST", "/dms/objects/search"): {"objects": []}}, dms_path_prefix="/dms/"
    )
    client.check()
    assert recorder.paths() == ["POST /dms/objects/search"]


# -- appconnector (OSRest) -----------------------------------------------------------


def hit(osid: Any, value: str, **extra: Any) -> dict[str, Any]:
    return {
        "osid": osid,
        "objectTypeId": "262210",
        "internalName": "Eingangspost",
        "ecmSimpleFields": [
            {"internalName": "ExterneId", "value": value, "displayName": "Externe Id"},
            {"internalName": "Betreff", "value": ""},
        ],
        **extra,
    }


@pytest.mark.parametrize("answer", ["123456", "123456\n", '"123456"', " 123456 "])
def test_osrest_insert_request_shape(answer: str) -> None:
    client, recorder = osrest(
        {
            ("GET", "/osrest/api/objdef/global"): OBJDEF,
            ("POST", "/osrest/api/documents/insert/4711"): httpx.Response(200, text=answer),
        }
    )
    assert client.insert(document()) == "123456"
    request = recorder.requests[-1]
    assert request.url.params["objecttypeid"] == "262210"
    data, file = parts(request)
    assert part_name(data) == "data"
    assert "content-type" not in data
    text = payload(data).decode("utf-8")
    assert "\n  " in text  # pretty-printed
    assert json.loads(text) == {
        "objectTypeId": "262210",
        "fields": {"ExterneId": {"value": "SCAN-1"}, "Betreff": {"value": "Widerspruch Müller"}},
    }
    assert part_name(file) == "file"
    assert file.get_filename() == "Brief ä.pdf"
    assert file.get_content_type() == "application/pdf"
    assert payload(file) == b"%PDF-1.7 fake"


def test_osrest_insert_answer_that_is_no_id() -> None:
    client, _ = osrest(
        {
            ("GET", "/osrest/api/objdef/global"): OBJDEF,
            ("POST", "/osrest/api/documents/insert/4711"): {"ok": True},
        }
    )
    with pytest.raises(DmsProtocolError):
        client.insert(document())


def test_osrest_needs_the_object_definition_for_type_ids() -> None:
    client, recorder = osrest({})
    with pytest.raises(MappingError, match="objdef/global"):
        client.insert(document())
    assert recorder.paths() == ["GET /osrest/api/objdef/global"]
    with pytest.raises(MappingError):  # cached: not asked again
        client.find_by_field("Eingangspost", "ExterneId", "x")
    assert len(recorder.requests) == 1


def test_osrest_unknown_type_names_the_known_ones() -> None:
    client, _ = osrest({("GET", "/osrest/api/objdef/global"): OBJDEF})
    with pytest.raises(MappingError, match="Eingangspost, Fachbereich"):
        client.find_by_field("Nope", "ExterneId", "x")


def test_osrest_find_request_filter_and_paging() -> None:
    first = [hit(i, "SCAN-1") for i in range(500)]
    second = [hit(900, "SCAN-1"), hit(901, "SCAN-10"), hit("902", "scan-1")]
    pages = iter([first, second])
    client, recorder = osrest(
        {
            ("GET", "/osrest/api/objdef/global"): OBJDEF,
            ("POST", "/osrest/api/documents/search"): lambda r: httpx.Response(
                200, json=next(pages)
            ),
        }
    )
    found = client.find_by_field("Eingangspost", "ExterneId", "SCAN-1")
    assert len(found) == 501
    assert found[-1].object_id == "900"
    assert found[-1].object_type == "Eingangspost"
    assert found[-1].fields == {"ExterneId": "SCAN-1"}
    bodies = [json.loads(r.content) for r in recorder.requests[1:]]
    assert bodies[0] == {
        "query": {
            "objectTypeId": "262210",
            "fields": {"ExterneId": {"value": "SCAN-1"}},
            "result_config": {
                "fieldsschema_mode": "ALL",
                "pagesize": 500,
                "offset": 0,
                "maxhits": 0,
            },
        }
    }
    assert bodies[1]["query"]["result_config"]["offset"] == 500


@pytest.mark.parametrize("value", ["*", "SCAN*", "SC?N"])
def test_osrest_find_refuses_wildcards(value: str) -> None:
    client, recorder = osrest({("GET", "/osrest/api/objdef/global"): OBJDEF})
    with pytest.raises(DmsRejected, match="wildcard"):
        client.find_by_field("Eingangspost", "ExterneId", value)
    assert "POST /osrest/api/documents/search" not in recorder.paths()


def test_osrest_find_answer_not_a_list() -> None:
    client, _ = osrest(
        {
            ("GET", "/osrest/api/objdef/global"): OBJDEF,
            ("POST", "/osrest/api/documents/search"): {"hits": []},
        }
    )
    with pytest.raises(DmsProtocolError):
        client.find_by_field("Eingangspost", "ExterneId", "x")


@pytest.mark.parametrize(
    ("parents", "expected"),
    [
        ({"documents": [{"id": "7", "type": "FOLDER"}, {"id": "8", "type": "REGISTER"}]}, "8"),
        ([{"id": "8", "type": "REGISTER"}, {"id": "7", "type": "FOLDER"}], "8"),
        ([{"osid": 7, "objectTypeId": 7}], "7"),
        ([], None),
    ],
)
def test_osrest_get_with_parent(parents: Any, expected: str | None) -> None:
    client, _ = osrest(
        {
            ("GET", "/osrest/api/documents/search/55"): hit(55, "SCAN-1"),
            ("GET", "/osrest/api/documents/parents/55"): parents,
        }
    )
    found = client.get("55")
    assert found is not None
    assert (found.object_id, found.parent_id) == ("55", expected)
    assert found.fields == {"ExterneId": "SCAN-1"}
    assert client.get("56") is None


def test_osrest_check_pings() -> None:
    client, recorder = osrest({("GET", "/osrest/api/serviceinfo/ping"): 1716000000000})
    client.check()
    assert recorder.paths() == ["GET /osrest/api/serviceinfo/ping"]


# -- object definition parsing -------------------------------------------------------


def test_objdef_single_dict_lists_and_string_scalars() -> None:
    data = {
        "asobjdef": {
            "cabinet": {
                "internal": "Akten",
                "object": {
                    "internal": "Brief",
                    "name": "Brief",
                    "ids": {"oid": "262146"},
                    "fields": {
                        "field": {
                            "internal": "Az",
                            "name": "Aktenzeichen",
                            "type": "text",
                            "length": "60",
                            "flags": {"required": "1"},
                        }
                    },
                },
            }
        }
    }
    objdef = parse_object_definition(data)
    brief = objdef.types["Brief"]
    assert (brief.main_type, brief.type_id, brief.cabinet) == (MainType.DOCUMENT, "262146", "Akten")
    az = brief.fields["Az"]
    assert (az.display_name, az.type, az.length, az.required) == ("Aktenzeichen", "TEXT", 60, True)


@pytest.mark.parametrize(
    ("oid", "maintype", "expected"),
    [
        (26, None, MainType.FOLDER),
        (6488100, None, MainType.REGISTER),
        (262208, None, MainType.DOCUMENT),
        (393216, None, MainType.DOCUMENT),
        (5, "99", MainType.REGISTER),
        (5, "FOLDER", MainType.FOLDER),
    ],
)
def test_objdef_main_type(oid: int, maintype: str | None, expected: MainType) -> None:
    entry: dict[str, Any] = {"internal": "T", "ids": {"oid": oid}}
    if maintype is not None:
        entry["maintype"] = maintype
    objdef = parse_object_definition({"asobjdef": {"cabinet": [{"object": [entry]}]}})
    assert objdef.types["T"].main_type is expected


def test_objdef_fields_nested_in_page_controls() -> None:
    field = {
        "internal": "Reiter",
        "type": "PAGECONTROL",
        "pages": {"page": [{"fields": {"field": [{"internal": "Innen", "type": "TEXT"}]}}]},
    }
    entry = {"internal": "T", "ids": {"oid": 262146}, "fields": {"field": [field]}}
    objdef = parse_object_definition({"asobjdef": {"cabinet": {"object": entry}}})
    assert "Innen" in objdef.types["T"].fields


def test_objdef_without_cabinets_is_a_protocol_error() -> None:
    with pytest.raises(DmsProtocolError):
        parse_object_definition({"something": "else"})


# -- the in-memory fake --------------------------------------------------------------


def test_memory_client_validates_and_injects_failures() -> None:
    client = MemoryDmsClient()
    folder = client.add_folder({"Kennung": "66"})
    doc = document(parent_id=folder, fields={"ExterneId": "A", "Eingangsdatum": "2024-05-17"})
    client.fail_next("insert", DmsUnavailable("down"))
    with pytest.raises(DmsUnavailable):
        client.insert(doc)
    assert client.documents() == []
    client.lose_next_answer()
    with pytest.raises(DmsUnavailable):
        client.insert(doc)
    [stored] = client.find_by_field("Eingangspost", "ExterneId", "A")
    assert stored.parent_id == folder
    assert client.content(stored.object_id) == doc.content
    with pytest.raises(DmsRejected, match="required"):
        client.insert(document(parent_id=folder, fields={"ExterneId": "B"}))
    with pytest.raises(DmsRejected, match="location"):
        client.insert(document(parent_id="1", fields=doc.fields))
    seen: list[str] = []
    client.hook = lambda op, arg: seen.append(op)
    assert client.get(stored.object_id) == stored
    assert seen == ["get"]
    assert client.calls["insert"] == 4


def test_memory_default_definition_matches_the_config_defaults() -> None:
    from dms_connector.mapping import validate_mapping

    assert validate_mapping(default_object_definition(), DmsConfig(), ["66"]) == []


@pytest.mark.parametrize("status", [400, 404, 405, 501])
def test_dms_service_without_a_readable_definition_names_types_by_internal_name(
    status: int,
) -> None:
    def insert(request: httpx.Request) -> httpx.Response:
        data = json.loads(parts(request)[0].get_payload(decode=True))
        props = data["objects"][0]["properties"]
        assert props["system:objectTypeId"] == {"value": "Eingangspost"}
        return httpx.Response(
            200, json={"objects": [{"properties": {"system:objectId": {"value": 4711}}}]}
        )

    client, _ = dms(
        {
            ("GET", "/api/dms/schema/native"): httpx.Response(status, text="nope"),
            ("POST", "/api/dms/objects"): insert,
        }
    )
    assert client.object_definition() is None
    doc = NewDocument("Eingangspost", "7", {"ExterneId": "D-1"}, b"%PDF", "d.pdf")
    assert client.insert(doc) == "4711"


def test_configured_type_ids_serve_an_appconnector_without_definition() -> None:
    def insert(request: httpx.Request) -> httpx.Response:
        assert request.url.params["objecttypeid"] == "262210"
        return httpx.Response(200, text="815")

    client, recorder = osrest(
        {("POST", "/osrest/api/documents/insert/7"): insert},
        type_ids={"Eingangspost": "262210"},
    )
    doc = NewDocument("Eingangspost", "7", {"ExterneId": "D-1"}, b"%PDF", "d.pdf")
    assert client.insert(doc) == "815"
    assert "GET /osrest/api/objdef/global" not in recorder.paths()
