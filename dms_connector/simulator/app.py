"""``create_app``: the FastAPI application of the enaio SIMULATOR.

Layers, outside in: fault injection (API paths only), authentication (every
route), then the routers: DMS service, appconnector, and the simulator's own
page and admin API."""

from __future__ import annotations

import logging

from fastapi import FastAPI

from dms_connector.base import MainType
from dms_connector.simulator.admin import router as admin_router
from dms_connector.simulator.context import SimContext, SimSettings
from dms_connector.simulator.dms_api import build_dms_router
from dms_connector.simulator.middleware import AuthMiddleware, FaultMiddleware
from dms_connector.simulator.osrest_api import router as osrest_router
from dms_connector.simulator.validate import Draft, SimProblem, plan_insert

log = logging.getLogger(__name__)


def create_app(settings: SimSettings) -> FastAPI:
    """A new simulator app on ``settings.data_dir`` (created if missing)."""
    ctx = SimContext(settings)
    try:
        seed_folders(ctx)
    except BaseException:
        ctx.store.close()
        raise
    app = FastAPI(
        title="enaio SIMULATOR (not a real enaio)",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.sim = ctx
    app.include_router(build_dms_router(settings.dms_prefix))
    app.include_router(osrest_router)
    app.include_router(admin_router)
    # add_middleware puts the last one outermost: faults answer before auth is checked.
    app.add_middleware(AuthMiddleware, ctx=ctx)
    app.add_middleware(FaultMiddleware, ctx=ctx)
    return app


def seed_folders(ctx: SimContext) -> None:
    """Create the configured folders unless a folder of that type with the same
    fields exists; a folder enaio would refuse raises ``ValueError``."""
    for type_name, fields in ctx.settings.folders:
        draft = Draft(type_ref=type_name, parent_ref=None, fields=dict(fields))
        try:
            t, row = plan_insert(ctx.objdef, ctx.store, draft, user="seed", api="seed")
        except SimProblem as e:
            raise ValueError(f"cannot seed folder {type_name} {dict(fields)}: {e}") from e
        if t.main_type is not MainType.FOLDER:
            raise ValueError(f"cannot seed {type_name}: not a folder type")
        new_id = ctx.store.insert_unless_exists(row)
        if new_id is not None:
            log.info("seeded folder %s %s as %s", type_name, row.fields, new_id)
