"""Read-side functions used by the CLI (and later the web API), and their
plain-text renderings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select

from scanstation import records
from scanstation.catalog.clock import aware, utcnow
from scanstation.catalog.models import Delivery, Document, Event, Job, JobState, Scan
from scanstation.errors import ExitCode, ScanstationError
from scanstation.wiring import Services
from search.base import SearchQuery

console = Console()


def list_documents(
    services: Services, *, status: str | None = None, station: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    with services.catalog() as session:
        q = select(Document, Scan).join(Scan, Scan.id == Document.scan_id)
        if status:
            q = q.where(Document.status == status)
        if station:
            q = q.where(Scan.station == station)
        q = q.order_by(Scan.received_at.desc(), Document.id).limit(limit)
        return [records.document_record(d, s) for d, s in session.execute(q).all()]


def _document(session: Any, doc_id: str) -> tuple[Document, Scan]:
    doc = session.get(Document, doc_id)
    if doc is None:
        raise ScanstationError(
            f"no document {doc_id!r}; 'scanstation documents list' shows the ids",
            ExitCode.NOT_FOUND,
        )
    scan = session.get(Scan, doc.scan_id)
    return doc, scan


def show_document(services: Services, doc_id: str) -> dict[str, Any]:
    with services.catalog() as session:
        doc, scan = _document(session, doc_id)
        record = records.document_record(doc, scan)
        record["events"] = [
            e
            for e in records.event_records(session, scan_id=scan.id)
            if e["document_id"] in (None, doc.id)
        ]
        return record


def export_document(services: Services, doc_id: str, dest: Path, *, original: bool) -> Path:
    with services.catalog() as session:
        doc, scan = _document(session, doc_id)
        key = scan.original_key if original else doc.storage_key
        name = scan.source_name if original else f"{doc.id}.pdf"
    if key is None:
        what = "original scan" if original else "PDF/A"
        raise ScanstationError(
            f"the {what} of {doc_id} is not archived yet (status {doc.status}); "
            "try again when 'scanstation documents show' says it is stored",
            ExitCode.NOT_FOUND,
        )
    target = dest / name if dest.is_dir() else dest
    services.archive.copy_to(key, target)
    return target


def list_scans(
    services: Services, *, status: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    with services.catalog() as session:
        q = select(Scan).order_by(Scan.received_at.desc()).limit(limit)
        if status:
            q = q.where(Scan.status == status)
        ids = [s.id for s in session.scalars(q)]
        return [r for sid in ids if (r := records.scan_with_documents(session, sid))]


def show_scan(services: Services, scan_id: str) -> dict[str, Any]:
    with services.catalog() as session:
        record = records.scan_with_documents(session, scan_id)
        if record is None:
            raise ScanstationError(f"no scan {scan_id!r}", ExitCode.NOT_FOUND)
        record["events"] = records.event_records(session, scan_id=scan_id)
        return record


def _day(value: str | None, *, end: bool = False) -> datetime | None:
    if not value:
        return None
    try:
        day = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError as e:
        raise ScanstationError(f"dates are YYYY-MM-DD, got {value!r}", ExitCode.USAGE) from e
    return day + timedelta(days=1) if end else day


def search(
    services: Services,
    text: str,
    *,
    station: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 10,
) -> dict[str, Any]:
    query = SearchQuery(
        text=text,
        station=station,
        received_from=_day(date_from),
        received_to=_day(date_to, end=True),
        limit=limit,
    )
    result = services.index.search(query)
    return {
        "query": text,
        "total": result.total,
        "hits": [
            {
                "id": h.id,
                "score": round(h.score, 4),
                "title": h.title,
                "station": h.station,
                "department": h.department,
                "received_at": aware(h.received_at).isoformat() if h.received_at else None,
                "snippet": h.snippet,
            }
            for h in result.hits
        ],
    }


def status(services: Services) -> dict[str, Any]:
    with services.catalog() as session:
        scans = dict(session.execute(select(Scan.status, func.count()).group_by(Scan.status)).all())
        docs = dict(
            session.execute(select(Document.status, func.count()).group_by(Document.status)).all()
        )
        job_rows = session.scalars(
            select(Job).where(Job.state.in_([JobState.PENDING, JobState.RUNNING]))
        )
        queue = {"pending": 0, "running": 0, "deferred": 0}
        deferred: list[dict[str, Any]] = []
        for job in job_rows:
            if job.state == JobState.RUNNING:
                queue["running"] += 1
            elif job.error_code:
                # failed before and waits for a retry, also when the retry is due now
                # (a runner stopped mid-attempt gives the job back with its old time)
                queue["deferred"] += 1
                deferred.append(
                    {
                        "subject": job.subject_id,
                        "stage": job.stage,
                        "attempts": job.attempts,
                        "retry_at": aware(job.next_run_at).isoformat(),
                        "code": job.error_code,
                        "message": job.error_message,
                    }
                )
            else:
                queue["pending"] += 1
        problems = session.scalars(
            select(Event)
            .where(Event.kind.in_(["scan.quarantined", "document.quarantined"]))
            .order_by(Event.id.desc())
            .limit(10)
        )
        recent = [
            {
                "at": aware(e.at).isoformat(),
                "scan_id": e.scan_id,
                "document_id": e.document_id,
                "code": e.data.get("code"),
                "message": e.message,
            }
            for e in problems
        ]
        dms = dict(
            session.execute(select(Delivery.state, func.count()).group_by(Delivery.state)).all()
        )
    return {
        "scans": scans,
        "documents": docs,
        "queue": queue,
        "dms": dms,
        "deferred": deferred[:20],
        "recent_quarantine": recent,
    }


# Renderings -----------------------------------------------------------------


def render_documents(rows: list[dict[str, Any]]) -> None:
    table = Table("id", "status", "source", "pages", "station", "received")
    for r in rows:
        table.add_row(
            r["id"],
            r["status"],
            r["source"],
            f"{r['source_pages'][0]}-{r['source_pages'][1]}",
            r["station"],
            r["received_at"][:19],
        )
    console.print(table if rows else "no documents")


def render_document(r: dict[str, Any]) -> None:
    for key in (
        "id",
        "status",
        "source",
        "station",
        "received_at",
        "pages",
        "pdfa",
        "route",
        "sha256",
        "storage_key",
        "original_key",
    ):
        console.print(f"[bold]{key}[/]: {r.get(key)}")
    if r.get("error"):
        console.print(f"[red]error[/]: {r['error']['code']}: {r['error']['message']}")
    for e in r.get("events", []):
        console.print(f"  {e['at'][:19]} {e['kind']} {e['message']}", markup=False, highlight=False)


def render_scans(rows: list[dict[str, Any]]) -> None:
    table = Table("scan", "status", "source", "kind", "documents", "note")
    for r in rows:
        note = (r["error"] or {}).get("message") or (
            f"duplicate of {r['duplicate_of']}" if r["duplicate_of"] else ""
        )
        table.add_row(
            r["scan_id"],
            r["status"],
            r["source"],
            r["pdf_class"] or "-",
            ", ".join(f"{d['id']} ({d['status']})" for d in r["documents"]),
            note,
        )
    console.print(table if rows else "no scans")


def render_scan_detail(r: dict[str, Any]) -> None:
    render_scans([r])
    for e in r.get("events", []):
        console.print(f"  {e['at'][:19]} {e['kind']} {e['message']}", markup=False, highlight=False)


def render_search(result: dict[str, Any]) -> None:
    console.print(f"{result['total']} hit(s) for {result['query']!r}", markup=False)
    for h in result["hits"]:
        console.print(
            f"[bold]{h['id']}[/] {h['title']} ({h['station']}, {(h['received_at'] or '')[:10]})"
        )
        console.print("   " + h["snippet"].replace("\n", " "), markup=False, highlight=False)


def render_status(s: dict[str, Any]) -> None:
    console.print(
        f"scans: {s['scans']}\ndocuments: {s['documents']}\nqueue: {s['queue']}\n"
        f"dms outbox: {s.get('dms', {})}",
        markup=False,
    )
    now = utcnow()
    for d in s["deferred"]:
        due = datetime.fromisoformat(d["retry_at"]) <= now
        when = "retry due now" if due else f"until {d['retry_at'][:19]}"
        line = f"  deferred {d['stage']} {d['subject']} {when}: {d['message']}"
        console.print(line, markup=False)
    for p in s["recent_quarantine"]:
        console.print(
            f"  quarantined {p['document_id'] or p['scan_id']}: {p['code']} {p['message']}",
            markup=False,
        )


def render_quarantine(rows: list[dict[str, Any]]) -> None:
    table = Table("file", "code", "stage", "what to do")
    for r in rows:
        table.add_row(Path(str(r["path"])).name, str(r["code"]), str(r["stage"]), str(r["advice"]))
    console.print(table if rows else "quarantine is empty")


def render_checks(rows: list[dict[str, Any]]) -> None:
    for r in rows:
        mark = "[green]ok[/]  " if r["ok"] else "[red]FAIL[/]"
        console.print(
            f"{mark} {r['name']}: {r['detail']}" + (f" -> {r['fix']}" if not r["ok"] else "")
        )


def render_verify(report: dict[str, Any]) -> None:
    console.print(
        f"{report['documents']} document(s), {report['objects_checked']} object(s) checked: "
        + (
            "[green]all consistent[/]"
            if report["ok"]
            else f"[red]{len(report['problems'])} problem(s)[/]"
        )
    )
    for p in report["problems"]:
        console.print(f"  {p['kind']}: {p['subject']} {p['detail']}", markup=False)
    for r in report["repaired"]:
        console.print(f"  repaired: {r['kind']} {r['subject']}", markup=False)


def render_review(rows: list[dict[str, Any]]) -> None:
    table = Table("id", "received", "source", "candidates", "reason")
    for r in rows:
        cands = ", ".join(f"{c['department']} {c['score']:.2f}" for c in r["candidates"])
        table.add_row(r["id"], r["received_at"][:16], r["source"], cands, r.get("reason") or "")
    console.print(table if rows else "nothing waits for review")
