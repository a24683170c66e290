"""``scanstation ingest``: intake files (copied, not moved), run the pipeline for
just these scans, show progress, return their records."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import func, select

from scanstation import intake, records, training
from scanstation.catalog.models import Delivery, Document, DocumentStatus, Job, JobState, Scan
from scanstation.errors import ExitCode, ScanstationError
from scanstation.routing import department_names
from scanstation.wiring import Services, start_simulator_if_needed
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
    paths = expand_folders(paths)
    intake.recover(services.catalog, services.settings)
    retrain_if_corrected(services, progress)
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
    _deliver(services, scan_ids)
    with services.catalog() as session:
        return [r for sid in scan_ids if (r := records.scan_with_documents(session, sid))]


def expand_folders(paths: list[Path]) -> list[Path]:
    """Named files as given; a folder stands for the scans in it and below it.

    Inside a folder only PDF, TIFF, JPEG and PNG files count (by suffix, hidden
    files skipped), in name order, so a folder with a ``labels.jsonl`` beside
    its scans can be ingested as it is. A file named on the command line is
    taken whatever it is: a wrong type is quarantined with its reason."""
    out: list[Path] = []
    for path in paths:
        if path.is_symlink() or not path.is_dir():
            out.append(path)
            continue
        found = sorted(
            f
            for f in path.rglob("*")
            if f.suffix.lower() in intake.SPOOL_SUFFIXES
            and f.is_file()
            and not f.is_symlink()
            and not any(part.startswith(".") for part in f.relative_to(path).parts)
        )
        if not found:
            raise ScanstationError(
                f"{path} holds no PDF, TIFF, JPEG or PNG files; name the files to ingest",
                ExitCode.NOT_FOUND,
            )
        out.extend(found)
    return out


def retrain_if_corrected(services: Services, progress: bool) -> None:
    """People corrected routings since the active model: learn from them first."""
    settings = services.settings
    if not (settings.routing.enabled and settings.routing.retrain):
        return
    with services.catalog() as session:
        pending, _ = training.pending_corrections(session)
    if pending:
        if progress:
            Console(stderr=True).print(
                f"retraining the routing model with {pending} new correction(s) ..."
            )
        training.retrain(services.catalog, settings)


def _deliver(services: Services, scan_ids: list[str]) -> None:
    """One delivery attempt for these scans' routed documents (outages: ``run`` retries)."""
    if not services.settings.dms.enabled:
        return
    with services.catalog() as session:
        doc_ids = list(
            session.scalars(
                select(Delivery.document_id)
                .join(Document, Document.id == Delivery.document_id)
                .where(Document.scan_id.in_(scan_ids))
            )
        )
    if not doc_ids:
        return
    from scanstation.background import make_deliverer, validate_dms

    sim = start_simulator_if_needed(services.settings, department_names())
    try:
        deliverer = make_deliverer(services)
        try:
            validate_dms(deliverer)
        except ScanstationError as e:
            Console(stderr=True).print(f"not delivered to the DMS: {e}")
            return
        while deliverer.step(only=doc_ids):
            pass
    finally:
        if sim is not None:
            sim.stop()


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
