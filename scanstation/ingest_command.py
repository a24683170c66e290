"""``scanstation ingest``: intake files (copied, not moved), run the pipeline for
just these scans, show progress, return their records."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import func, select

from scanstation import intake, records
from scanstation.catalog.models import Document, DocumentStatus, Job, JobState, Scan
from scanstation.errors import ExitCode, ScanstationError
from scanstation.wiring import Services
from scanstation.worker import Runner


def ingest_files(
    services: Services,
    paths: list[Path],
    station: str,
    *,
    progress: bool = True,
    timeout: float | None = None,
) -> list[dict[str, Any]]:
    missing = [str(p) for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise ScanstationError(f"no such file: {', '.join(missing)}", ExitCode.NOT_FOUND)
    intake.recover(services.catalog, services.settings)
    scan_ids: list[str] = []
    for path in paths:
        result = intake.intake_file(services.catalog, services.settings, path, station, move=False)
        scan_ids.append(result.scan_id)
    runner = Runner(services, scan_ids=scan_ids)
    stop = threading.Event()
    timer = threading.Timer(timeout, stop.set) if timeout else None
    if timer is not None:
        timer.daemon = True
        timer.start()
    console = Console(stderr=True)
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not progress,
        transient=True,
    ) as bar:
        task = bar.add_task("processing scans", total=len(scan_ids))

        def tick() -> None:
            done, docs_done, docs = _progress(services, scan_ids)
            waiting = _deferred_reason(services, scan_ids)
            note = f" - waiting: {waiting}" if waiting else ""
            bar.update(
                task, completed=done, description=f"scans ({docs_done}/{docs} documents){note}"
            )

        try:
            runner.run(stop, on_tick=tick)
        except KeyboardInterrupt:
            stop.set()
            raise
        finally:
            if timer is not None:
                timer.cancel()
    with services.catalog() as session:
        return [r for sid in scan_ids if (r := records.scan_with_documents(session, sid))]


def _deferred_reason(services: Services, scan_ids: list[str]) -> str | None:
    """The error of a deferred job of these scans (an outage), for the progress line."""
    with services.catalog() as session:
        message = session.scalar(
            select(Job.error_message)
            .where(Job.scan_id.in_(scan_ids), Job.state == JobState.PENDING)
            .where(Job.error_code.is_not(None))
            .limit(1)
        )
    return message[:80] if message else None


def _progress(services: Services, scan_ids: list[str]) -> tuple[int, int, int]:
    with services.catalog() as session:
        done = session.scalar(
            select(func.count(Scan.id)).where(
                Scan.id.in_(scan_ids), Scan.status.in_(["done", "quarantined", "duplicate"])
            )
        )
        docs = session.scalar(select(func.count(Document.id)).where(Document.scan_id.in_(scan_ids)))
        docs_done = session.scalar(
            select(func.count(Document.id)).where(
                Document.scan_id.in_(scan_ids), Document.status != DocumentStatus.PROCESSING
            )
        )
    return int(done or 0), int(docs_done or 0), int(docs or 0)
