"""Simulated appconnector (OSRest) hit JSON, error bodies and the "query by
example" behind ``POST /osrest/api/documents/search``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus
from typing import Any

from fastapi.responses import JSONResponse

from dms_connector.simulator.objdef import SimObjdef, SimType
from dms_connector.simulator.store import SimStore, StoredObject
from dms_connector.simulator.values import comparable, german

DEFAULT_PAGESIZE = 1000  # [U] the appconnector's default page size is not documented


class OsrestError(Exception):
    def __init__(self, status: int, message: str, error_type: str = "PARAMETER_ERROR") -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.error_type = error_type

    def response(self) -> JSONResponse:
        return osrest_error(self.status, self.message, self.error_type)


def osrest_error(status: int, message: str, error_type: str = "PARAMETER_ERROR") -> JSONResponse:
    """[U] the error body mirrors the documented error-type entries; the real body is unknown."""
    body: dict[str, Any] = {
        "ErrorType": error_type,
        "ErrorCode": 1 if error_type == "PARAMETER_ERROR" else status,
        "HttpStatusCode": f"{HTTPStatus(status).phrase} - [{status}]",
        "DefaultMessage": message,
    }
    if status >= 500:
        body["StackTrace"] = (
            f"java.lang.IllegalArgumentException: {message}\n"
            "\tat com.os.osrest.search.FieldSchemaItem.assertNotNull(FieldSchemaItem.java:61)\n"
            "\tat com.os.osrest.search.SearchService.searchByExample(SearchService.java:233)"
        )
    return JSONResponse(body, status)


def _german_stamp(iso: str) -> str:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).strftime("%d.%m.%Y %H:%M:%S")


def hit(obj: StoredObject, t: SimType, only: list[str] | None = None) -> dict[str, Any]:
    """One search hit. [U] which keys appear depends on options in a real enaio."""
    simple = [
        {
            "value": german(spec, obj.fields.get(spec.internal)),
            "displayName": spec.name,
            "internalName": spec.internal,
            "dbName": spec.db_name,
            "visible": True,
            "type": spec.kind.value,
        }
        for spec in t.fields.values()
        if only is None or spec.internal in only
    ]
    files: list[dict[str, Any]] = []
    if obj.sha256 is not None:
        ext = (obj.file_name or "").rpartition(".")[2] if "." in (obj.file_name or "") else ""
        files = [
            {"type": "COUNT", "value": "1"},
            {"type": "EXTENSION", "value": ext.lower()},
            {"type": "MIMETYPE", "value": obj.mime_type or ""},
            {"type": "SIZE", "value": str(obj.size or 0)},
        ]
    return {
        "osid": str(obj.id),
        "objectTypeId": obj.type_id,
        "objectType": t.main_type.value.upper(),
        "internalName": t.internal,
        "displayName": t.name,
        "ecmSimpleFields": simple,
        "ecmTableFields": [],
        "baseParameters": [
            {"type": "CREATOR", "value": obj.created_by},
            {"type": "CREATED", "value": _german_stamp(obj.created_at)},
            {"type": "MODIFIER", "value": obj.created_by},
            {"type": "MODIFIED", "value": _german_stamp(obj.modified_at)},
            {"type": "OWNER", "value": obj.created_by},
        ],
        "systemFields": [
            {"type": "OBJECT_MAIN", "value": str(t.maintype)},
            {"type": "OBJECT_DOCPAGECOUNT", "value": "1" if obj.sha256 else "0"},
        ],
        "fileProperties": files,
    }


def query_type(objdef: SimObjdef, query: Mapping[str, Any]) -> SimType:
    """The type a query addresses: ``objectTypeId``, ``internalName`` or ``name`` (+``cabinet``)."""
    t: SimType | None
    if query.get("objectTypeId") not in (None, ""):
        ref = query["objectTypeId"]
        t = objdef.by_id.get(str(ref).strip())
    elif query.get("internalName"):
        ref = query["internalName"]
        t = objdef.types.get(str(ref))
    elif query.get("name"):
        ref = query["name"]
        # [U] "name" is matched against the internal name first, then the display name.
        t = objdef.types.get(str(ref)) or next(
            (x for x in objdef.types.values() if x.name == ref), None
        )
    else:
        raise OsrestError(400, "query needs objectTypeId, internalName or name")
    if t is None:
        raise OsrestError(400, f"unknown object type {ref!r}")
    cabinet = query.get("cabinet")
    if cabinet not in (None, "") and cabinet not in (t.cabinet, t.cabinet_name):
        raise OsrestError(400, f"object type {t.internal} is not in cabinet {cabinet!r}")
    return t


@dataclass(frozen=True, slots=True)
class _Cond:
    field: str
    is_null: bool
    pattern: re.Pattern[str] | None
    value: str | None


def conditions(t: SimType, fields: Any) -> list[_Cond]:
    if fields is None:
        return []
    if not isinstance(fields, dict):
        raise OsrestError(400, "fields must be an object")
    conds: list[_Cond] = []
    for name, spec in fields.items():
        field = t.fields.get(name)
        if field is None:
            raise OsrestError(400, f"type {t.internal} has no field {name!r}")
        if not isinstance(spec, dict):
            raise OsrestError(400, f'field {name} must be {{"value": ...}}')
        if spec.get("null") is True:
            conds.append(_Cond(name, True, None, None))
            continue
        raw = spec.get("value")
        if raw is None or raw == "":
            continue  # [U] an empty example value does not restrict the search
        text = str(raw)
        if "*" in text:
            # [U] wildcards match the displayed (German for dates) form, case-sensitively.
            regex = ".*".join(re.escape(piece) for piece in text.split("*"))
            conds.append(_Cond(name, False, re.compile(regex, re.DOTALL), None))
        else:
            conds.append(_Cond(name, False, None, comparable(field, raw)))
    return conds


def _matches(obj: StoredObject, t: SimType, conds: list[_Cond]) -> bool:
    for c in conds:
        stored = obj.fields.get(c.field)
        if c.is_null:
            if stored is not None:
                return False
        elif c.pattern is not None:
            if stored is None or not c.pattern.fullmatch(german(t.fields[c.field], stored)):
                return False
        elif stored != c.value:
            return False
    return True


def _fieldsschema(t: SimType, config: Mapping[str, Any]) -> list[str] | None:
    schema = config.get("fieldsschema")
    if schema is None:
        return None
    if not isinstance(schema, list):
        raise OsrestError(400, "result_config.fieldsschema must be a list")
    names: list[str] = []
    for item in schema:
        name = item.get("internalName") if isinstance(item, dict) else None
        if not name:
            # Documented real behaviour: an empty internalName fails the whole search.
            raise OsrestError(500, "Search by example failed", "INTERNAL_ERROR")
        if name not in t.fields:
            raise OsrestError(400, f"fieldsschema: type {t.internal} has no field {name!r}")
        names.append(str(name))
    return names


def _paging(config: Mapping[str, Any], params: Mapping[str, str]) -> tuple[int, int, int]:
    # [U] query parameters win over result_config; page (if given) overrides offset (C1).
    def number(key: str, default: int) -> int:
        raw = params.get(key, config.get(key, default))
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise OsrestError(400, f"{key} must be a number") from None
        if value < 0:
            raise OsrestError(400, f"{key} must not be negative")
        return value

    pagesize = number("pagesize", DEFAULT_PAGESIZE) or DEFAULT_PAGESIZE
    offset = number("offset", 0)
    if "page" in params:
        offset = number("page", 0) * pagesize
    return pagesize, offset, number("maxhits", 0)


def ancestors(store: SimStore, obj: StoredObject) -> list[StoredObject]:
    """The parent chain of ``obj``, nearest first."""
    found: list[StoredObject] = []
    current = obj
    while current.parent_id is not None and len(found) < 100:
        parent = store.get(current.parent_id)
        if parent is None:
            break
        found.append(parent)
        current = parent
    return found


def search_by_example(
    objdef: SimObjdef, store: SimStore, body: Any, params: Mapping[str, str]
) -> list[dict[str, Any]]:
    query = body.get("query") if isinstance(body, dict) else None
    if not isinstance(query, dict):
        raise OsrestError(400, 'request body must be {"query": {...}}')
    t = query_type(objdef, query)
    conds = conditions(t, query.get("fields"))
    config = query.get("result_config") or {}
    if not isinstance(config, dict):
        raise OsrestError(400, "result_config must be an object")
    only = _fieldsschema(t, config)
    pagesize, offset, maxhits = _paging(config, params)
    extra: list[tuple[SimType, list[_Cond]]] = []
    for q in body.get("additionalQueries") or []:
        if not isinstance(q, dict):
            raise OsrestError(400, "additionalQueries must hold objects")
        qt = query_type(objdef, q)
        extra.append((qt, conditions(qt, q.get("fields"))))
    hits: list[StoredObject] = []
    for obj in store.of_type(t.internal):
        if not _matches(obj, t, conds):
            continue
        # [U] additional queries are read as conditions on an ancestor (folder/register).
        chain = ancestors(store, obj) if extra else []
        if all(
            any(a.type == qt.internal and _matches(a, qt, qc) for a in chain) for qt, qc in extra
        ):
            hits.append(obj)
    if maxhits > 0:
        hits = hits[:maxhits]
    return [hit(o, t, only) for o in hits[offset : offset + pagesize]]
