"""Simulated enaio DMS service (Core/Native API) under ``settings.dms_prefix``:
insert/update, SQL search, read, content download and the object definition."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from dms_connector.simulator.context import SimContext, current_user, sim
from dms_connector.simulator.dms_search import SearchError, object_json, search
from dms_connector.simulator.middleware import after_store
from dms_connector.simulator.multipart import (
    MultipartProblem,
    Part,
    is_multipart,
    parse_multipart,
)
from dms_connector.simulator.store import Content, NewRow, StoredObject, UpdateRow
from dms_connector.simulator.validate import (
    Draft,
    ProblemKind,
    SimProblem,
    find_object,
    plan_insert,
    plan_update,
)

# Server job options the DMS service refuses or does not support (S22).
REFUSED_OPTIONS = {"CHECKACCESS", "APPENDFILESTOFRONT", "COPYCREATEHISTORY", "DELETEVARIANTMODE"}
SETTABLE_SYSTEM = {"system:objectTypeId", "system:parentId", "system:objectId"}


def dms_error(status: int, message: str, code: int) -> JSONResponse:
    return JSONResponse({"errorCode": code, "message": message, "status": status}, status)


def _not_found(object_id: str) -> JSONResponse:
    return dms_error(404, f"object {object_id} not found", 1001)


def _read_request(body: bytes, content_type: str | None) -> tuple[Any, list[Part]]:
    """The ``data`` JSON and the other parts; ``SimProblem(BAD_REQUEST)`` if unreadable.
    [U] an unreadable request is answered 400 (not 422: no object was even attempted)."""
    files: list[Part] = []
    raw = body
    if is_multipart(content_type):
        try:
            parts = parse_multipart(body, content_type or "")
        except MultipartProblem as e:
            raise SimProblem(ProblemKind.BAD_REQUEST, str(e)) from None
        data = [p for p in parts if p.name == "data"]
        if len(data) != 1:
            raise SimProblem(
                ProblemKind.BAD_REQUEST, "multipart body needs exactly one 'data' part"
            )
        raw = bytes(data[0].data)
        files = [p for p in parts if p.name != "data"]
    try:
        payload = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise SimProblem(ProblemKind.BAD_REQUEST, f"metadata is not valid JSON: {e}") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("objects"), list):
        raise SimProblem(ProblemKind.BAD_REQUEST, 'metadata must be {"objects": [...]}')
    if not payload["objects"]:
        raise SimProblem(ProblemKind.BAD_REQUEST, "'objects' is empty")
    return payload, files


def _content(item: Mapping[str, Any], files: list[Part]) -> Content | None:
    streams = item.get("contentStreams") or []
    if not isinstance(streams, list) or not all(isinstance(s, dict) for s in streams):
        raise SimProblem(ProblemKind.BAD_REQUEST, "contentStreams must be a list of objects")
    if not streams:
        return None
    if len(streams) > 1:  # [U] enaio allows several files; the simulator keeps one
        raise SimProblem(ProblemKind.UNSUPPORTED, "several content streams are not simulated")
    stream = streams[0]
    cid = stream.get("cid")
    if not isinstance(cid, str) or not cid:
        raise SimProblem(ProblemKind.CONTENT_MISSING, "content stream without 'cid'")
    # [U] enaio matches the part by its form name or by its Content-ID; both are accepted.
    part = next((p for p in files if p.name == cid or p.content_id == cid), None)
    if part is None:
        raise SimProblem(
            ProblemKind.CONTENT_MISSING, f"no multipart section for cid {cid!r}", field=cid
        )
    mime = stream.get("mimeType") or part.content_type or "application/octet-stream"
    name = stream.get("fileName") or part.filename or cid
    return Content(bytes(part.data), str(name), str(mime))


def _check_options(item: Mapping[str, Any]) -> None:
    options = item.get("options") or {}
    if not isinstance(options, dict):
        raise SimProblem(ProblemKind.BAD_REQUEST, "options must be an object")
    for key, value in options.items():
        if key.upper() in REFUSED_OPTIONS:
            raise SimProblem(ProblemKind.UNSUPPORTED, f"option {key} is refused or not supported")
        if value not in (0, 1) or isinstance(value, bool | float):
            raise SimProblem(ProblemKind.BAD_VALUE, f"option {key} must be 1 or 0")


def _draft(item: Any, files: list[Part]) -> Draft:
    if not isinstance(item, dict) or not isinstance(item.get("properties"), dict):
        raise SimProblem(ProblemKind.BAD_REQUEST, "each object needs a 'properties' object")
    _check_options(item)
    system: dict[str, str | None] = {}
    fields: dict[str, object] = {}
    for key, wrapped in item["properties"].items():
        if not isinstance(wrapped, dict) or "value" not in wrapped:
            raise SimProblem(
                ProblemKind.BAD_REQUEST, f'property {key} must be {{"value": ...}}', field=key
            )
        value = wrapped["value"]
        if key in SETTABLE_SYSTEM:
            system[key] = None if value is None else str(value)
        elif key.startswith("system:"):
            raise SimProblem(
                ProblemKind.UNKNOWN_FIELD, f"system property {key} cannot be set", field=key
            )
        else:
            fields[key] = value
    return Draft(
        type_ref=system.get("system:objectTypeId"),
        parent_ref=system.get("system:parentId"),
        fields=fields,
        content=_content(item, files),
        object_id=system.get("system:objectId"),
    )


def _failure(problem: SimProblem, index: int) -> dict[str, Any]:
    return {
        "message": problem.message,
        "errorCode": problem.code,
        "innerError": {
            "code": problem.kind.value,
            "message": problem.message,
            "field": problem.field,
            "objectIndex": index,
        },
    }


def _apply(ctx: SimContext, items: list[Any], files: list[Part], user: str) -> JSONResponse:
    failed: list[dict[str, Any]] = []
    rows: list[NewRow | UpdateRow] = []
    with ctx.store.lock:
        for index, item in enumerate(items):
            try:
                draft = _draft(item, files)
                if draft.object_id is not None:
                    rows.append(plan_update(ctx.objdef, ctx.store, draft)[1])
                else:
                    rows.append(plan_insert(ctx.objdef, ctx.store, draft, user=user, api="dms")[1])
            except SimProblem as problem:
                failed.append(_failure(problem, index))
        if failed:
            # [U] all-or-nothing: yuuvis documents it, enaio does not say (open question 5).
            return JSONResponse({"objects": [], "failed": failed}, 422)
        ids = ctx.store.write(rows)
    stored = [ctx.store.get(i) for i in ids]
    objects = [object_json(o, ctx.type_of(o), None) for o in stored if o is not None]
    return JSONResponse({"objects": objects})


def build_dms_router(prefix: str) -> APIRouter:
    router = APIRouter(prefix=prefix)

    @router.post("/objects", response_model=None)
    async def insert_objects(request: Request) -> Response:
        ctx = sim(request)
        body = await request.body()
        try:
            payload, files = _read_request(body, request.headers.get("content-type"))
        except SimProblem as problem:
            return dms_error(400, problem.message, problem.code)
        response = _apply(ctx, payload["objects"], files, current_user(request))
        inserted = any(
            isinstance(o, dict) and "system:objectId" not in (o.get("properties") or {})
            for o in payload["objects"]
        )
        if response.status_code == 200 and inserted:
            return await after_store(ctx, response)
        return response

    @router.post("/objects/search", response_model=None)
    async def search_objects(request: Request) -> Response:
        ctx = sim(request)
        try:
            body = json.loads(await request.body())
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            return dms_error(400, f"request body is not valid JSON: {e}", 2000)
        try:
            return JSONResponse(search(ctx.objdef, ctx.store, body))
        except SearchError as e:
            return dms_error(400, str(e), 2000)

    @router.get("/objects/{object_id}", response_model=None)
    async def get_object(request: Request, object_id: str) -> Response:
        ctx = sim(request)
        obj = find_object(ctx.store, object_id)
        if obj is None:
            return _not_found(object_id)
        return JSONResponse({"objects": [object_json(obj, ctx.type_of(obj), None)]})

    @router.get("/objects/{object_id}/contents/file", response_model=None)
    async def get_content(request: Request, object_id: str) -> Response:
        return _content_response(sim(request), object_id)

    @router.get("/objects/{object_id}/contents/file/{index}", response_model=None)
    async def get_content_index(request: Request, object_id: str, index: str) -> Response:
        if index != "1":
            return dms_error(404, f"object {object_id} has no file {index}", 1001)
        return _content_response(sim(request), object_id)

    @router.get("/schema/native", response_model=None)
    async def schema(request: Request) -> Response:
        # [U] the path of the DMS service's object definition is a guess.
        ctx = sim(request)
        etag = f'"{ctx.objdef.sha256}"'
        wanted = request.headers.get("if-none-match", "")
        tags = {t.strip().removeprefix("W/") for t in wanted.split(",") if t.strip()}
        if etag in tags or "*" in tags:
            return Response(status_code=304, headers={"ETag": etag})
        return JSONResponse(ctx.objdef.raw, headers={"ETag": etag})

    return router


def _content_response(ctx: SimContext, object_id: str) -> Response:
    obj: StoredObject | None = find_object(ctx.store, object_id)
    if obj is None:
        return _not_found(object_id)
    data = ctx.store.read_content(obj)
    if data is None:
        return dms_error(404, f"object {object_id} has no content", 1001)
    name = quote(obj.file_name or "content")
    return Response(
        data,
        media_type=obj.mime_type or "application/octet-stream",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"},
    )
