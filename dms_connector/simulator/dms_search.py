"""DMS service (``/api/dms``) object JSON and the SQL search behind
``POST {prefix}/objects/search``."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

from dms_connector.simulator.objdef import SimObjdef, SimType
from dms_connector.simulator.sql import Condition, Literal, Param, SqlError, parse
from dms_connector.simulator.store import SimStore, StoredObject
from dms_connector.simulator.values import comparable

ALWAYS = ("system:objectId", "system:objectTypeId", "system:baseTypeId")
SYSTEM_COLUMNS = frozenset(
    {
        *ALWAYS,
        "system:parentId",
        "system:creationDate",
        "system:lastModificationDate",
        "system:createdBy",
    }
)
DELETED_MODES = {None, "DELETED_DOCUMENTS_EXCLUDE", "DELETED_DOCUMENTS_ONLY"}
DEFAULT_MAX_ITEMS = 50  # [U] the service's default page size is not documented


class SearchError(ValueError):
    """A search request the service refuses (answered 400)."""


def column_value(obj: StoredObject, t: SimType, column: str) -> str | None:
    system = {
        "system:objectId": str(obj.id),
        "system:objectTypeId": obj.type_id,
        "system:baseTypeId": t.base_type,
        "system:parentId": None if obj.parent_id is None else str(obj.parent_id),
        "system:creationDate": obj.created_at,
        "system:lastModificationDate": obj.modified_at,
        "system:createdBy": obj.created_by,
    }
    if column in system:
        return system[column]
    return obj.fields.get(column)


def properties(obj: StoredObject, t: SimType, columns: Iterable[str] | None) -> dict[str, Any]:
    """``properties`` of one object: the always-returned system fields plus ``columns``
    (None: every field and the common system fields)."""
    if columns is None:
        columns = [*sorted(SYSTEM_COLUMNS - set(ALWAYS)), *t.fields]
    props: dict[str, Any] = {
        "system:objectId": {"value": str(obj.id)},
        "system:objectTypeId": {"value": obj.type_id, "localName": t.internal},
        "system:baseTypeId": {"value": t.base_type},
    }
    for col in columns:
        if col not in props:
            props[col] = {"value": column_value(obj, t, col)}
    return props


def content_streams(obj: StoredObject) -> list[dict[str, Any]]:
    if obj.sha256 is None:
        return []
    return [
        {
            "cid": f"cid_{obj.id}_1",  # [U] enaio's cid naming in answers is not documented
            "length": obj.size,
            "mimeType": obj.mime_type,
            "fileName": obj.file_name,
            "digest": obj.sha256,
        }
    ]


def object_json(obj: StoredObject, t: SimType, columns: Iterable[str] | None) -> dict[str, Any]:
    return {"properties": properties(obj, t, columns), "contentStreams": content_streams(obj)}


def _int_option(query: Mapping[str, Any], key: str, default: int, minimum: int) -> int:
    value = query.get(key, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise SearchError(f"query.{key} must be an integer >= {minimum}")
    return value


def _resolve(
    cond: Condition, parameters: Mapping[str, Any], objdef: SimObjdef, t: SimType
) -> list[str | None]:
    resolved: list[str | None] = []
    for v in cond.values:
        if isinstance(v, Literal):
            raws: list[Any] = [v.value]
        else:
            assert isinstance(v, Param)
            if v.name not in parameters:
                raise SearchError(f"parameter @{v.name} has no value in query.parameters")
            raw = parameters[v.name]
            if isinstance(raw, list) and cond.op != "IN":
                raise SearchError(f"parameter @{v.name} is a list; use it with IN")
            raws = raw if isinstance(raw, list) else [raw]
        for raw in raws:
            if cond.column == "system:objectTypeId":
                found = objdef.resolve(str(raw))
                resolved.append(found.type_id if found else str(raw))
            elif cond.column == "system:objectId" or cond.column == "system:parentId":
                text = str(raw).strip()
                resolved.append(str(int(text)) if text.isdigit() else text)
            else:
                resolved.append(comparable(t.fields.get(cond.column), raw))
    return resolved


def _matches(obj: StoredObject, t: SimType, cond: Condition, values: list[str | None]) -> bool:
    # [U] "=" compares case-sensitively (the database's collation decides in a real enaio).
    actual = column_value(obj, t, cond.column)
    if cond.op == "IS NULL":
        return actual is None
    if cond.op == "IS NOT NULL":
        return actual is not None
    return actual is not None and actual in values


def search(objdef: SimObjdef, store: SimStore, body: Any) -> dict[str, Any]:
    """Run a search request body; raise ``SearchError`` for anything the service refuses."""
    query = body.get("query") if isinstance(body, dict) else None
    if not isinstance(query, dict):
        raise SearchError('request body must be {"query": {"statement": ...}}')
    statement = query.get("statement")
    if not isinstance(statement, str):
        raise SearchError("query.statement must be a string")
    parameters = query.get("parameters") or {}
    if not isinstance(parameters, dict):
        raise SearchError("query.parameters must be an object")
    skip = _int_option(query, "skipCount", 0, 0)
    max_items = _int_option(query, "maxItems", DEFAULT_MAX_ITEMS, 1)
    deleted = query.get("handleDeletedDocuments")
    if deleted not in DELETED_MODES:
        raise SearchError(f"unknown handleDeletedDocuments value {deleted!r}")
    try:
        parsed = parse(statement)
    except SqlError as e:
        raise SearchError(f"syntax error in statement: {e}") from None
    t = objdef.types.get(parsed.type_name)
    if t is None:
        raise SearchError(f"unknown object type {parsed.type_name!r} in FROM")
    used = [*(parsed.columns or ()), *(c.column for c in parsed.where)]
    used += [col for col, _ in parsed.order_by]
    for col in used:
        if col not in t.fields and col not in SYSTEM_COLUMNS:
            raise SearchError(f"unknown column {col!r} for type {t.internal}")
    conditions = [(c, _resolve(c, parameters, objdef, t)) for c in parsed.where]
    # The simulator has no recycle bin, so "deleted only" finds nothing.
    hits = [] if deleted == "DELETED_DOCUMENTS_ONLY" else store.of_type(t.internal)
    hits = [o for o in hits if all(_matches(o, t, c, v) for c, v in conditions)]
    for col, descending in reversed(parsed.order_by):
        hits.sort(key=functools.partial(_sort_key, t=t, column=col), reverse=descending)
    page = hits[skip : skip + max_items]
    return {
        "objects": [object_json(o, t, parsed.columns) for o in page],
        "numItems": len(page),
        "hasMoreItems": skip + len(page) < len(hits),
        "totalNumItems": len(hits),
    }


def _sort_key(obj: StoredObject, *, t: SimType, column: str) -> tuple[int, float, str]:
    value = column_value(obj, t, column)
    if value is None:
        return (0, 0.0, "")
    spec = t.fields.get(column)
    if column in ("system:objectId", "system:parentId") or (
        spec is not None and spec.kind in ("NUMBER", "INTEGER")
    ):
        try:
            return (1, float(value), "")
        except ValueError:
            pass
    return (2, 0.0, value)
