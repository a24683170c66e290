"""Simulated enaio appconnector ("OSRest", ``/osrest/api``): service info,
session, object definition, insert, query by example and file download."""

from __future__ import annotations

import json
import mimetypes
import time
import zlib
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from dms_connector.simulator.context import SimContext, current_user, sim
from dms_connector.simulator.middleware import after_store
from dms_connector.simulator.multipart import MultipartProblem, is_multipart, parse_multipart
from dms_connector.simulator.osrest_search import (
    OsrestError,
    ancestors,
    hit,
    osrest_error,
    search_by_example,
)
from dms_connector.simulator.store import Content
from dms_connector.simulator.validate import (
    Draft,
    ProblemKind,
    SimProblem,
    find_object,
    plan_insert,
)

SIM_VERSION = "11.0.0-SIMULATOR"

router = APIRouter(prefix="/osrest/api")


@router.get("/serviceinfo/ping", response_model=None)
async def ping() -> Response:
    return PlainTextResponse(str(int(time.time() * 1000)))


@router.get("/serviceinfo", response_model=None)
async def serviceinfo() -> Response:
    return JSONResponse(
        {
            "version": SIM_VERSION,
            "revision": "simulator",
            "simulator": True,
            "name": "enaio SIMULATOR (not a real enaio)",
            "capabilities": ["documents", "objdef", "session", "dms"],
        }
    )


@router.get("/session", response_model=None)
async def session(request: Request) -> Response:
    ctx = sim(request)
    user = current_user(request)
    current = request.scope.get("state", {}).get("sim_session")
    s = ctx.sessions.by_cookie(current) if current else None
    if s is None:
        s = ctx.sessions.open(user)
    body = {
        "userid": zlib.crc32(user.encode("utf-8")) % 100000,
        "username": user,
        "osGuid": f"SIM{zlib.crc32(user.encode('utf-8')):08X}",
        "wfGuid": "",
        "wfOrg": "",
        "isWorkflowAbsent": True,
        "sessionGuid": s.session_guid,
        "language": "de",
        "languageObjDef": "de",
        "autostar": 0,
        "fullname": f"{user} (enaio SIMULATOR)",
        "email": "",
        "profile": {},
        "groups": [],
        "simulator": True,
    }
    response = JSONResponse(body)
    response.set_cookie("JSESSIONID", s.jsessionid, path="/", httponly=True)
    return response


@router.get("/session/logout", response_model=None)
async def logout(request: Request) -> Response:
    ctx = sim(request)
    current = request.scope.get("state", {}).get("sim_session")
    s = ctx.sessions.by_cookie(current) if current else None
    if s is not None:
        ctx.sessions.close(s)
    return Response(status_code=204)


@router.get("/objdef/global", response_model=None)
@router.get("/objdef/full", response_model=None)
async def objdef(request: Request) -> Response:
    ctx = sim(request)
    modified = ctx.objdef_modified
    headers = {"Last-Modified": format_datetime(modified, usegmt=True)}
    since = request.headers.get("if-modified-since")
    if since:
        try:
            if parsedate_to_datetime(since) >= modified:
                return Response(status_code=304, headers=headers)
        except (TypeError, ValueError):
            pass  # an unreadable date is ignored, as HTTP says
    return JSONResponse(ctx.objdef.raw, headers=headers)


def _type_ref(data: dict[str, Any], query_type: str | None, ctx: SimContext) -> str | None:
    """The type to insert: ``objecttypeid`` query option, else the data's ``objectTypeId``
    (numeric, as a string or a number), else its ``internalName``."""
    from_data = data.get("objectTypeId")
    for given in (query_type, from_data):
        if given not in (None, "") and not str(given).strip().isdigit():
            raise OsrestError(400, f"objectTypeId must be numeric, got {given!r}")
    if from_data in (None, ""):
        from_data = data.get("internalName")
    if query_type and from_data not in (None, ""):
        a, b = ctx.objdef.resolve(query_type), ctx.objdef.resolve(str(from_data))
        if a is not None and b is not None and a is not b:
            raise OsrestError(400, "objecttypeid and the data's objectTypeId differ")
    ref = query_type or from_data
    return None if ref in (None, "") else str(ref)


def _parse_insert(body: bytes, content_type: str | None) -> tuple[dict[str, Any], Content | None]:
    if not is_multipart(content_type):  # [U] a real server may answer 415 here
        raise OsrestError(400, "insert expects multipart/form-data")
    try:
        parts = parse_multipart(body, content_type or "")
    except MultipartProblem as e:
        raise OsrestError(400, str(e)) from None
    data_parts = [p for p in parts if p.name == "data"]
    if len(data_parts) != 1:
        raise OsrestError(400, "multipart body needs exactly one 'data' part")
    try:
        data = json.loads(bytes(data_parts[0].data).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise OsrestError(400, f"'data' is not valid JSON: {e}") from None
    if not isinstance(data, dict):
        raise OsrestError(400, "'data' must be a JSON object")
    others = [p for p in parts if p.name != "data"]
    # [U] the file part's name does not matter, but it must carry a filename; a part
    # without one is refused rather than silently ignored.
    if any(p.filename is None for p in others):
        raise OsrestError(400, "unexpected multipart part without filename")
    if len(others) > 1:
        raise OsrestError(400, "several files per insert are not simulated")
    content = None
    if others:
        part = others[0]
        name = part.filename or "content"
        mime = part.content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
        content = Content(bytes(part.data), name, mime)
    return data, content


def _fields(data: dict[str, Any]) -> dict[str, object]:
    fields = data.get("fields") or {}
    if not isinstance(fields, dict):
        raise OsrestError(400, "'fields' must be an object")
    values: dict[str, object] = {}
    for name, wrapped in fields.items():
        if not isinstance(wrapped, dict) or "value" not in wrapped:
            raise OsrestError(400, f'field {name} must be {{"value": ...}}')
        values[name] = wrapped["value"]
    return values


@router.post("/documents/insert", response_model=None)
@router.post("/documents/insert/{location_id}", response_model=None)
async def insert(request: Request, location_id: str | None = None) -> Response:
    ctx = sim(request)
    try:
        data, content = _parse_insert(await request.body(), request.headers.get("content-type"))
        draft = Draft(
            type_ref=_type_ref(data, request.query_params.get("objecttypeid"), ctx),
            parent_ref=location_id,
            fields=_fields(data),
            content=content,
        )
        with ctx.store.lock:
            if location_id not in (None, "0") and find_object(ctx.store, location_id) is None:
                raise OsrestError(404, f"location {location_id} does not exist", "NOT_FOUND")
            _, row = plan_insert(
                ctx.objdef, ctx.store, draft, user=current_user(request), api="osrest"
            )
            [new_id] = ctx.store.write([row])
    except OsrestError as e:
        return e.response()
    except SimProblem as problem:
        status = 404 if problem.kind is ProblemKind.PARENT_NOT_FOUND else 400
        return osrest_error(status, problem.message)
    return await after_store(ctx, PlainTextResponse(str(new_id)))


@router.post("/documents/search", response_model=None)
async def search(request: Request) -> Response:
    ctx = sim(request)
    try:
        body = json.loads(await request.body())
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        return osrest_error(400, f"request body is not valid JSON: {e}")
    try:
        hits = search_by_example(ctx.objdef, ctx.store, body, dict(request.query_params))
    except OsrestError as e:
        return e.response()
    return JSONResponse(hits)


@router.get("/documents/search/{osid}", response_model=None)
async def search_by_id(request: Request, osid: str) -> Response:
    ctx = sim(request)
    obj = find_object(ctx.store, osid)
    wanted = request.query_params.get("objecttypeid")
    # [U] one hit object (not an array); a wrong objecttypeid counts as "not found".
    if obj is None or (wanted and ctx.objdef.resolve(wanted) is not ctx.type_of(obj)):
        return osrest_error(404, f"object {osid} does not exist", "NOT_FOUND")
    return JSONResponse(hit(obj, ctx.type_of(obj)))


@router.get("/documents/parents/{osid}", response_model=None)
async def parents(request: Request, osid: str) -> Response:
    """The locations of an object. [U] C1 calls it the "linear, sorted list of ancestors"
    and C6 reads ``documents[]`` with ``id``/``type``/``objectTypeId``; the order is not
    documented: the simulator lists the root folder first and leaves the object out."""
    ctx = sim(request)
    obj = find_object(ctx.store, osid)
    if obj is None:
        return osrest_error(404, f"object {osid} does not exist", "NOT_FOUND")
    entries = []
    for a in reversed(ancestors(ctx.store, obj)):
        t = ctx.type_of(a)
        entries.append(
            {
                "id": str(a.id),
                "osid": str(a.id),
                "type": t.main_type.value.upper(),
                "objectTypeId": a.type_id,
                "internalName": t.internal,
                "displayName": t.name,
            }
        )
    return JSONResponse({"documents": entries})


@router.get("/documentfiles/{osid}/{page}", response_model=None)
async def document_file(request: Request, osid: str, page: str) -> Response:
    ctx = sim(request)
    obj = find_object(ctx.store, osid)
    data = None if obj is None else ctx.store.read_content(obj)
    if obj is None or data is None or page not in ("1", obj.file_name):
        return osrest_error(404, f"object {osid} has no file {page}", "NOT_FOUND")
    name = quote(obj.file_name or "content")
    return Response(
        data,
        media_type="application/octet-stream",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"},
    )
