"""The simulator's own routes (not part of enaio): the HTML page ``/`` and the
admin API under ``/_sim`` (faults, stored objects, reset)."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from dms_connector.simulator.context import sim
from dms_connector.simulator.faults import faults_from_json, faults_to_json
from dms_connector.simulator.page import render_page

router = APIRouter()


@router.get("/", response_model=None)
async def page(request: Request) -> Response:
    ctx = sim(request)
    html = render_page(ctx.store.all(), ctx.faults.faults, ctx.settings.dms_prefix)
    return HTMLResponse(html)


@router.get("/_sim/faults", response_model=None)
async def get_faults(request: Request) -> Response:
    return JSONResponse(faults_to_json(sim(request).faults.faults))


@router.put("/_sim/faults", response_model=None)
async def put_faults(request: Request) -> Response:
    ctx = sim(request)
    try:
        data = json.loads(await request.body())
        if not isinstance(data, dict):
            raise ValueError("body must be a JSON object")
        faults = faults_from_json(data)
    except (UnicodeDecodeError, ValueError) as e:  # JSONDecodeError is a ValueError
        return JSONResponse({"code": "bad_faults", "message": str(e)}, 400)
    ctx.faults.set(faults)
    return JSONResponse(faults_to_json(faults))


@router.get("/_sim/objects", response_model=None)
async def list_objects(request: Request) -> Response:
    return JSONResponse([o.public() for o in sim(request).store.all()])


@router.post("/_sim/reset", response_model=None)
async def reset(request: Request) -> Response:
    deleted = sim(request).store.delete_non_seed()
    return JSONResponse({"deleted": deleted})
