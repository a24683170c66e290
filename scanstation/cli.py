"""The ``scanstation`` command. Thin commands over the same functions the API
uses; ``--json`` on every listing; the library raises, this module converts
errors into messages and exit codes."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import ValidationError

from scanstation import queries
from scanstation.cli_more import register as register_more
from scanstation.cli_output import emit as _emit
from scanstation.errors import ExitCode, ScanstationError
from scanstation.settings import Settings, load_settings, masked_dump
from scanstation.wiring import Services, build_services

log = logging.getLogger("scanstation")

Handler = Callable[[argparse.Namespace, Settings], int]


def _services(settings: Settings) -> Services:
    return build_services(settings)


# Commands ------------------------------------------------------------------


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from scanstation.checks import preflight
    from scanstation.service import serve

    services = _services(settings)
    preflight(services)
    serve(services)
    return ExitCode.OK


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from scanstation.ingest_command import ingest_files

    if args.station and args.station not in {s.name for s in settings.stations}:
        known = ", ".join(s.name for s in settings.stations)
        raise ScanstationError(
            f"unknown station {args.station!r}; configured: {known}", ExitCode.USAGE
        )
    station = args.station or settings.stations[0].name
    from scanstation.checks import preflight

    services = _services(settings)
    preflight(services)
    records = ingest_files(
        services,
        [Path(p) for p in args.files],
        station,
        progress=not args.no_progress,
        timeout=args.timeout,
    )
    _emit(records, args.json, queries.render_scans)
    unfinished = [r["scan_id"] for r in records if r["status"] in ("received", "processing")]
    if unfinished:
        print(
            f"scanstation: {len(unfinished)} scan(s) not finished yet "
            f"({', '.join(unfinished)}); 'scanstation status' shows why, "
            "'scanstation run' finishes them",
            file=sys.stderr,
        )
        return ExitCode.FAILURE
    quarantined = any(r["status"] == "quarantined" for r in records) or any(
        d["status"] == "quarantined" for r in records for d in r["documents"]
    )
    return ExitCode.QUARANTINED if quarantined else ExitCode.OK


def cmd_documents(args: argparse.Namespace, settings: Settings) -> int:
    services = _services(settings)
    if args.action == "list":
        rows = queries.list_documents(
            services, status=args.status, station=args.station, limit=args.limit
        )
        _emit(rows, args.json, queries.render_documents)
    elif args.action == "show":
        _emit(queries.show_document(services, args.id), args.json, queries.render_document)
    else:
        dest = queries.export_document(services, args.id, Path(args.dest), original=args.original)
        print(dest)
    return ExitCode.OK


def cmd_scans(args: argparse.Namespace, settings: Settings) -> int:
    services = _services(settings)
    if args.action == "list":
        rows = queries.list_scans(services, status=args.status, limit=args.limit)
        _emit(rows, args.json, queries.render_scans)
    else:
        _emit(queries.show_scan(services, args.id), args.json, queries.render_scan_detail)
    return ExitCode.OK


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    result = queries.search(
        _services(settings),
        " ".join(args.query),
        station=args.station,
        date_from=args.date_from,
        date_to=args.date_to,
        limit=args.limit,
    )
    _emit(result, args.json, queries.render_search)
    return ExitCode.OK


def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    _emit(queries.status(_services(settings)), args.json, queries.render_status)
    return ExitCode.OK


def cmd_quarantine(args: argparse.Namespace, settings: Settings) -> int:
    from scanstation.quarantine import list_quarantine

    _emit(list_quarantine(settings.quarantine_dir), args.json, queries.render_quarantine)
    return ExitCode.OK


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    from scanstation.checks import run_checks

    results = run_checks(_services(settings))
    rows = [{"name": r.name, "ok": r.ok, "detail": r.detail, "fix": r.fix} for r in results]
    _emit(rows, args.json, queries.render_checks)
    return ExitCode.OK if all(r.ok for r in results) else ExitCode.DEPENDENCY


def cmd_verify(args: argparse.Namespace, settings: Settings) -> int:
    from scanstation.maintenance import verify

    report = verify(_services(settings), repair=args.repair).as_dict()
    _emit(report, args.json, queries.render_verify)
    if report["ok"] or (
        args.repair and all(p["kind"] != "unrecoverable" for p in report["problems"])
    ):
        return ExitCode.OK if report["ok"] or report["repaired"] else ExitCode.FAILURE
    return ExitCode.FAILURE


def cmd_reindex(args: argparse.Namespace, settings: Settings) -> int:
    from scanstation.maintenance import reindex

    _emit(
        reindex(_services(settings)),
        args.json,
        lambda r: print(f"rebuilt {r['index']} with {r['documents']} document(s)"),
    )
    return ExitCode.OK


def cmd_route(args: argparse.Namespace, settings: Settings) -> int:
    from scanstation.routing import route_document

    record = route_document(_services(settings), args.id, args.department, by=args.by)
    _emit(record, args.json, lambda r: print(f"{r['id']} -> {r['department']} ({r['status']})"))
    return ExitCode.OK


def cmd_review(args: argparse.Namespace, settings: Settings) -> int:
    from scanstation.routing import review_queue

    _emit(review_queue(_services(settings), args.limit), args.json, queries.render_review)
    return ExitCode.OK


def cmd_config(args: argparse.Namespace, settings: Settings) -> int:
    data = masked_dump(settings)
    _emit(data, args.json, lambda d: print(json.dumps(d, ensure_ascii=False, indent=2)))
    return ExitCode.OK


# Parser ----------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="scanstation",
        description="Mail-room scanning: hot folder -> OCR -> PDF/A archive -> search.",
    )
    p.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    sub = p.add_subparsers(dest="command", required=True)

    sub.add_parser("run", help="watch the hot folders and process until stopped").set_defaults(
        func=cmd_run
    )

    ing = sub.add_parser("ingest", help="process files through the pipeline and wait")
    ing.add_argument(
        "files", nargs="+", help="PDF, TIFF, JPEG or PNG files, or folders of them (left in place)"
    )
    ing.add_argument("--station", help="station name to record (default: the first configured)")
    ing.add_argument("--no-progress", action="store_true", help="no progress display")
    ing.add_argument(
        "--timeout",
        type=float,
        default=None,
        help="stop waiting after this many seconds (unfinished work resumes with "
        "'scanstation run'); default: wait until done",
    )
    _json(ing).set_defaults(func=cmd_ingest)

    docs = sub.add_parser("documents", help="list, show or export documents")
    dsub = docs.add_subparsers(dest="action", required=True)
    dl = dsub.add_parser("list", help="documents, newest first")
    dl.add_argument("--status", help="only this status (processing, review, routed, quarantined)")
    dl.add_argument("--station", help="only this station")
    dl.add_argument("--limit", type=int, default=50)
    _json(dl)
    ds = dsub.add_parser("show", help="one document with its scan and events")
    ds.add_argument("id")
    _json(ds)
    de = dsub.add_parser("export", help="write the PDF/A (or the original scan) to DEST")
    de.add_argument("id")
    de.add_argument("dest", help="file or existing folder")
    de.add_argument("--original", action="store_true", help="export the original scan instead")
    docs.set_defaults(func=cmd_documents)

    scans = sub.add_parser("scans", help="list or show scans (files as received)")
    ssub = scans.add_subparsers(dest="action", required=True)
    sl = ssub.add_parser("list")
    sl.add_argument("--status")
    sl.add_argument("--limit", type=int, default=50)
    _json(sl)
    ss = ssub.add_parser("show")
    ss.add_argument("id")
    _json(ss)
    scans.set_defaults(func=cmd_scans)

    se = sub.add_parser("search", help="full-text search (German stemming, fuzzy)")
    se.add_argument("query", nargs="+")
    se.add_argument("--station")
    se.add_argument("--from", dest="date_from", help="received on or after (YYYY-MM-DD)")
    se.add_argument("--to", dest="date_to", help="received on or before (YYYY-MM-DD)")
    se.add_argument("--limit", type=int, default=10)
    _json(se).set_defaults(func=cmd_search)

    _json(sub.add_parser("status", help="queue, deferred work and recent problems")).set_defaults(
        func=cmd_status
    )
    q = sub.add_parser("quarantine", help="files in quarantine with their reasons")
    qsub = q.add_subparsers(dest="action", required=True)
    _json(qsub.add_parser("list"))
    q.set_defaults(func=cmd_quarantine)
    _json(sub.add_parser("check", help="verify Tesseract, Ghostscript and backends")).set_defaults(
        func=cmd_check
    )
    rt = sub.add_parser("route", help="send a document to a department (a correction)")
    rt.add_argument("id")
    rt.add_argument("department", help="department id, e.g. 60 or 20.3")
    rt.add_argument("--by", default="cli", help="who decided (recorded with the correction)")
    _json(rt).set_defaults(func=cmd_route)
    rv = sub.add_parser("review", help="documents waiting for a person")
    rvsub = rv.add_subparsers(dest="action", required=True)
    rl = rvsub.add_parser("list", help="oldest first, with candidates and reasons")
    rl.add_argument("--limit", type=int, default=100)
    _json(rl)
    rv.set_defaults(func=cmd_review)
    ver = sub.add_parser("verify", help="check catalog, store and index agree")
    ver.add_argument(
        "--repair",
        action="store_true",
        help="re-index missing entries, drop orphans, re-convert lost PDFs",
    )
    _json(ver).set_defaults(func=cmd_verify)
    _json(sub.add_parser("reindex", help="rebuild the search index from the catalog")).set_defaults(
        func=cmd_reindex
    )
    cfg = sub.add_parser("config", help="configuration")
    csub = cfg.add_subparsers(dest="action", required=True)
    _json(csub.add_parser("show", help="effective configuration, secrets masked"))
    cfg.set_defaults(func=cmd_config)
    register_more(sub, _json)
    return p


def _json(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--json", action="store_true", help="machine-readable JSON output")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    level = logging.WARNING - 10 * args.verbose if args.command != "run" else logging.INFO
    logging.basicConfig(
        level=max(level, logging.DEBUG), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # The Elasticsearch client logs every failed attempt with a traceback; our
    # own errors say what happened and what to do.
    logging.getLogger("elastic_transport").setLevel(logging.ERROR)
    try:
        settings = load_settings()
    except (ValidationError, FileNotFoundError, ValueError) as e:
        print(f"scanstation: invalid configuration: {e}", file=sys.stderr)
        return ExitCode.CONFIG
    try:
        handler: Handler = args.func
        return int(handler(args, settings))
    except ScanstationError as e:
        print(f"scanstation: {e}", file=sys.stderr)
        return int(e.exit_code)
    except KeyboardInterrupt:
        print(
            "scanstation: interrupted; unfinished work resumes with 'scanstation run'",
            file=sys.stderr,
        )
        return ExitCode.INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
