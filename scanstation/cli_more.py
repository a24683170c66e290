"""CLI commands for learning (train, models, eval) and the DMS hand-off
(dms status|retry|push, enaio-sim). Registered by ``cli.build_parser``."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scanstation.cli_output import emit as _emit
from scanstation.errors import ExitCode, ScanstationError
from scanstation.settings import Settings
from scanstation.wiring import build_services

JsonFlag = Callable[[argparse.ArgumentParser], argparse.ArgumentParser]


# Learning ---------------------------------------------------------------------


def cmd_train(args: argparse.Namespace, settings: Settings) -> int:
    from scanstation import training
    from scanstation.routing import department_ids

    services = build_services(settings)
    result: dict[str, Any] = {}
    if args.source:
        with services.catalog() as session:
            imported = training.import_labelled(session, Path(args.source), set(department_ids()))
            session.commit()
        result["imported"] = imported.as_dict()
        if not imported.added and not imported.replaced:
            raise ScanstationError(
                f"nothing imported from {args.source}: {imported.skipped[:5]}", ExitCode.FAILURE
            )
    print("training the routing model ...", file=sys.stderr)
    version = training.retrain(
        services.catalog, settings, source="import" if args.source else "retrain"
    )
    result["model"] = {"id": version.id, "active": True, "metrics": version.metrics}

    def render(r: dict[str, Any]) -> None:
        if "imported" in r:
            i = r["imported"]
            print(
                f"imported {i['added']} new, {i['replaced']} replaced, {len(i['skipped'])} skipped"
            )
            for s in i["skipped"][:20]:
                print(f"  skipped {s}")
        m = r["model"]["metrics"]
        print(
            f"model {r['model']['id']} active: {m.get('examples')} training letters "
            f"(seed {m.get('seed')}, corrections {m.get('correction')}, imported {m.get('import')})"
        )

    _emit(result, args.json, render)
    return ExitCode.OK


def cmd_models(args: argparse.Namespace, settings: Settings) -> int:
    from scanstation import training

    services = build_services(settings)
    training.ensure_seed_version(services.catalog, settings)
    with services.catalog() as session:
        rows = training.list_versions(session)
        pending, _ = training.pending_corrections(session)

    def render(data: dict[str, Any]) -> None:
        for r in data["versions"]:
            mark = "*" if r["active"] else " "
            print(
                f"{mark} {r['id']:<44} {r['created_at'][:19]}  {r['source']:<8} "
                f"{r['examples']:>5} letters, {r['corrections']} corrections"
            )
        print(f"{data['pending_examples']} new training example(s) since the active model")

    _emit({"versions": rows, "pending_examples": pending}, args.json, render)
    return ExitCode.OK


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from scanstation.evaluation import evaluate, render

    result = evaluate(
        build_services(settings), Path(args.corpus), part=args.part, progress=not args.json
    )
    _emit(result, args.json, render)
    return ExitCode.OK


# DMS ------------------------------------------------------------------------


def cmd_dms(args: argparse.Namespace, settings: Settings) -> int:
    from scanstation import delivery

    services = build_services(settings)
    if args.action == "status":
        with services.catalog() as session:
            data = delivery.status(session)
        _emit(data, args.json, _render_status)
        return ExitCode.OK
    if args.action == "retry":
        with services.catalog() as session:
            n = delivery.retry(session, args.ids or None)
        _emit({"requeued": n}, args.json, lambda d: print(f"{d['requeued']} delivery(ies) queued"))
        return ExitCode.OK
    return _push(services, args)


def _push(services: Any, args: argparse.Namespace) -> int:
    from scanstation import delivery
    from scanstation.background import make_deliverer
    from scanstation.routing import department_names
    from scanstation.wiring import start_simulator_if_needed

    settings = services.settings
    if not settings.dms.enabled:
        raise ScanstationError(
            "the DMS hand-off is disabled (dms.enabled = false)", ExitCode.CONFIG
        )
    sim = start_simulator_if_needed(settings, department_names())
    try:
        with services.catalog() as session:
            delivery.enqueue_missing(session, settings)
            if args.ids:
                delivery.retry(session, args.ids)
            _due_now(session, args.ids)
        deliverer = make_deliverer(services)
        for warning in deliverer.validate():
            print(f"scanstation: warning: {warning}", file=sys.stderr)
        outcomes = []
        deadline = time.monotonic() + args.timeout
        while time.monotonic() < deadline:
            batch = deliverer.step(only=args.ids or None)
            if not batch:
                break
            outcomes += batch
            print(f"delivered {sum(o.state == 'delivered' for o in outcomes)} ...", file=sys.stderr)
        with services.catalog() as session:
            data = delivery.status(session)
        data["this_run"] = [
            {
                "document_id": o.document_id,
                "state": o.state,
                "object_id": o.object_id,
                "adopted": o.adopted,
                "error": o.error,
            }
            for o in outcomes
        ]
    finally:
        if sim is not None:
            sim.stop()
    _emit(data, args.json, _render_status)
    return ExitCode.OK if not data["counts"]["failed"] else ExitCode.FAILURE


def _due_now(session: Any, ids: list[str] | None) -> None:
    from sqlalchemy import update

    from scanstation.catalog.clock import utcnow
    from scanstation.catalog.models import Delivery, DeliveryState

    query = update(Delivery).where(Delivery.state == DeliveryState.RETRY)
    if ids:
        query = query.where(Delivery.document_id.in_(ids))
    session.execute(query.values(next_attempt_at=utcnow()))
    session.commit()


def _render_status(data: dict[str, Any]) -> None:
    counts = data["counts"]
    print("  ".join(f"{k} {v}" for k, v in counts.items()))
    for row in data.get("this_run", []):
        where = f"-> enaio {row['object_id']}" if row["object_id"] else row["error"]
        print(f"  {row['document_id']}: {row['state']} {where}")
    for p in data["problems"]:
        print(
            f"  {p['document_id']} ({p['department']}): {p['state']} after {p['attempts']} "
            f"attempt(s): {p['error']}"
        )
    if counts.get("failed"):
        print("fix the cause (mapping, enaio folder, refusal above), then: scanstation dms retry")


def cmd_enaio_sim(args: argparse.Namespace, settings: Settings) -> int:
    from dms_connector.simulator import serve_forever
    from scanstation.routing import department_names
    from scanstation.wiring import simulator_settings

    sim_cfg = settings.dms.simulator
    print(
        f"enaio SIMULATOR (not a real enaio): user {settings.dms.username!r}, password in "
        f"{settings.simulator_dir() / 'credentials'}",
        file=sys.stderr,
    )
    serve_forever(
        simulator_settings(settings, department_names()),
        args.host or sim_cfg.host,
        args.port if args.port is not None else sim_cfg.port,
    )
    return ExitCode.OK


def register(sub: Any, json_flag: JsonFlag) -> None:
    tr = sub.add_parser(
        "train", help="retrain the routing model (optionally import labelled letters)"
    )
    tr.add_argument(
        "--from", dest="source", help='JSONL of {"text", "department", "id"?} (e.g. DMS history)'
    )
    json_flag(tr).set_defaults(func=cmd_train)
    md = sub.add_parser("models", help="routing model versions")
    msub = md.add_subparsers(dest="action", required=True)
    json_flag(msub.add_parser("list", help="versions, newest first; * = active"))
    md.set_defaults(func=cmd_models)
    ev = sub.add_parser("eval", help="score routing and extraction on labelled scans")
    ev.add_argument("corpus", help="folder with scans and labels.jsonl")
    ev.add_argument("--part", help="only labels with this 'part' value")
    json_flag(ev).set_defaults(func=cmd_eval)

    dms = sub.add_parser("dms", help="the enaio hand-off: status, retry, push")
    dsub = dms.add_subparsers(dest="action", required=True)
    json_flag(dsub.add_parser("status", help="outbox counts and problems"))
    rt = dsub.add_parser("retry", help="queue failed deliveries again (all, or the given ids)")
    rt.add_argument("ids", nargs="*")
    json_flag(rt)
    pu = dsub.add_parser("push", help="deliver what is due now and wait for it")
    pu.add_argument("ids", nargs="*", help="only these documents")
    pu.add_argument("--timeout", type=float, default=600.0, help="stop after this many seconds")
    json_flag(pu)
    dms.set_defaults(func=cmd_dms)

    es = sub.add_parser("enaio-sim", help="run the enaio SIMULATOR (tests and demos)")
    es.add_argument("--host")
    es.add_argument("--port", type=int)
    es.set_defaults(func=cmd_enaio_sim)
