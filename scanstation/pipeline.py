"""The ordered stages of a scan and of its documents, and the policy for
their outcomes (done, deferred with back-off, quarantined).

scan:      inspect* -> separate* -> preserve
document:  convert* -> extract -> classify -> archive -> index -> finish
(* runs in a worker process, see scanstation.tasks)

Each stage is idempotent: running it again after a crash gives the same ids,
the same object keys and the same index entries.
"""

from __future__ import annotations

import logging
import random
import shutil
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ingest.errors import ReasonCode
from scanstation.catalog import events, jobs
from scanstation.catalog.clock import document_id, utcnow
from scanstation.catalog.models import (
    Document,
    DocumentStatus,
    Job,
    JobState,
    PageText,
    Scan,
    ScanStatus,
)
from scanstation.quarantine import quarantine
from scanstation.settings import RetryConfig, Settings

log = logging.getLogger(__name__)

HEAVY_STAGES = ("inspect", "separate", "convert")
LIGHT_STAGES = ("preserve", "extract", "classify", "archive", "index", "finish")
NEXT_STAGE = {
    "inspect": "separate",
    "convert": "extract",
    "extract": "classify",
    "classify": "archive",
    "archive": "index",
    "index": "finish",
}
TERMINAL_DOC = (DocumentStatus.REVIEW, DocumentStatus.ROUTED, DocumentStatus.QUARANTINED)
# Known outages are retried without limit; these codes get a few attempts only.
LIMITED_RETRY: dict[str, int] = {ReasonCode.OCR_TIMEOUT: 2, ReasonCode.OCR_OUT_OF_MEMORY: 2}


@dataclass(frozen=True, slots=True)
class Failure:
    code: str
    message: str
    retryable: bool
    unexpected: bool = False


class RedoStage(Exception):
    """A stage found that an earlier stage's output is gone: run that one again."""

    def __init__(self, stage: str) -> None:
        super().__init__(stage)
        self.stage = stage


def stages_after(stage: str) -> list[str]:
    """The stages that follow ``stage`` for the same subject, in order."""
    after: list[str] = []
    while (stage := NEXT_STAGE.get(stage, "")) != "":
        after.append(stage)
    return after


def backoff(retry: RetryConfig, attempts: int) -> timedelta:
    delay = min(retry.max_seconds, retry.base_seconds * 2 ** max(0, attempts - 1))
    return timedelta(seconds=delay * random.uniform(0.5, 1.0))


def workdir(settings: Settings, doc_id: str) -> Path:
    return settings.work_dir / doc_id


# Applying results of heavy stages ------------------------------------------


def apply_inspect(session: Session, job: jobs.ClaimedJob, info: dict[str, Any]) -> None:
    scan = _scan(session, job.scan_id)
    scan.file_kind = str(info["kind"])
    scan.pdf_class = str(info["pdf_class"])
    scan.page_count = int(info["page_count"])
    scan.info = {**scan.info, "input": info}
    scan.status = ScanStatus.PROCESSING
    scan.updated_at = utcnow()
    events.record(
        session,
        "scan.inspected",
        f"{scan.file_kind}, {scan.pdf_class}, {scan.page_count} page(s)",
        scan_id=scan.id,
        notes=info.get("notes", []),
    )
    _advance(session, job, {"info": info})


def apply_separate(
    session: Session, settings: Settings, job: jobs.ClaimedJob, ranges: list[list[int]]
) -> None:
    scan = _scan(session, job.scan_id)
    if not ranges:
        quarantine_scan(
            session,
            settings,
            scan,
            ReasonCode.NO_PAGES,
            "separate",
            "the scan holds only separator sheets",
        )
        jobs.fail(session, job.id, ReasonCode.NO_PAGES, "only separator sheets")
        return
    now = utcnow()
    for seq, (first, last) in enumerate(ranges, 1):
        doc_id = document_id(scan.id, seq)
        if session.get(Document, doc_id) is None:
            session.add(
                Document(
                    id=doc_id,
                    scan_id=scan.id,
                    seq=seq,
                    first_page=first,
                    last_page=last,
                    status=DocumentStatus.PROCESSING,
                    candidates=[],
                    meta={},
                    restricted=False,
                    indexed=False,
                    created_at=now,
                    updated_at=now,
                )
            )
        jobs.enqueue(
            session, subject_kind="document", subject_id=doc_id, scan_id=scan.id, stage="convert"
        )
    jobs.enqueue(
        session, subject_kind="scan", subject_id=scan.id, scan_id=scan.id, stage="preserve"
    )
    events.record(
        session, "scan.separated", f"{len(ranges)} document(s)", scan_id=scan.id, ranges=ranges
    )
    jobs.complete(session, job.id, {"ranges": ranges})


def apply_convert(session: Session, job: jobs.ClaimedJob, result: dict[str, Any]) -> None:
    doc = _doc(session, job.subject_id)
    texts: list[str] = list(result["page_texts"])
    session.execute(delete(PageText).where(PageText.document_id == doc.id))
    for n, text in enumerate(texts, 1):
        session.add(PageText(document_id=doc.id, page_no=n, text=text))
    doc.pages = len(texts)
    doc.route = str(result["route"])
    doc.pdfa = result["pdfa"]
    doc.updated_at = utcnow()
    events.record(
        session,
        "document.converted",
        f"route {doc.route}, {doc.pages} page(s)",
        scan_id=doc.scan_id,
        document_id=doc.id,
        warnings=result.get("warnings", []),
    )
    stored = {k: v for k, v in result.items() if k != "page_texts"}
    _advance(session, job, stored)


# Light stages (run in the main process) -------------------------------------


def stage_result(session: Session, subject_id: str, stage: str) -> dict[str, Any]:
    job = session.scalars(select(Job).where(Job.subject_id == subject_id, Job.stage == stage)).one()
    return dict(job.result)


def finish_scan_if_complete(session: Session, settings: Settings, scan: Scan) -> bool:
    """Close the scan when every document is terminal and the original is kept."""
    docs = session.scalars(select(Document).where(Document.scan_id == scan.id)).all()
    if not docs or any(d.status not in TERMINAL_DOC for d in docs):
        return False
    preserve = session.scalars(
        select(Job).where(Job.subject_id == scan.id, Job.stage == "preserve")
    ).first()
    if preserve is None or preserve.state != JobState.DONE:
        return False
    if all(d.status == DocumentStatus.QUARANTINED for d in docs):
        scan.status = ScanStatus.QUARANTINED
        scan.error_code = docs[0].error_code
        scan.error_message = docs[0].error_message
    else:
        scan.status = ScanStatus.DONE
    scan.updated_at = utcnow()
    events.record(session, "scan.finished", f"status {scan.status}", scan_id=scan.id)
    return True


def remove_spool(settings: Settings, scan: Scan) -> None:
    if scan.spool_name:
        (settings.spool_dir / scan.spool_name).unlink(missing_ok=True)


# Quarantine -----------------------------------------------------------------


def spool_file(settings: Settings, scan: Scan) -> Path | None:
    """The scan's file in the spool, if it is still there."""
    if not scan.spool_name:
        return None
    path = settings.spool_dir / scan.spool_name
    return path if path.exists() else None


def _in_user_terms(message: str, scan: Scan, src: Path | None) -> str:
    """Speak of the file the post room knows, not of our spool name."""
    if src is not None:
        message = message.replace(str(src), scan.source_name)
    if scan.spool_name:
        message = message.replace(scan.spool_name, scan.source_name)
    return message


def quarantine_scan(
    session: Session, settings: Settings, scan: Scan, code: str, stage: str, message: str
) -> None:
    src = spool_file(settings, scan)
    message = _in_user_terms(message, scan, src)
    dest = None
    if src is not None:
        dest = quarantine(
            src,
            settings.quarantine_dir,
            code=code,
            stage=stage,
            message=message,
            original_name=scan.source_name,
            scan_id=scan.id,
        )
    scan.status = ScanStatus.QUARANTINED
    scan.error_code = code
    scan.error_message = message
    scan.info = {**scan.info, "quarantine_path": str(dest) if dest else None}
    scan.updated_at = utcnow()
    for doc in session.scalars(select(Document).where(Document.scan_id == scan.id)):
        if doc.status not in TERMINAL_DOC:
            doc.status = DocumentStatus.QUARANTINED
    events.record(session, "scan.quarantined", message, scan_id=scan.id, code=code, stage=stage)


def quarantine_document(
    session: Session, settings: Settings, doc: Document, code: str, stage: str, message: str
) -> None:
    scan = _scan(session, doc.scan_id)
    src = spool_file(settings, scan)
    message = _in_user_terms(message, scan, src)
    full = f"pages {doc.first_page}-{doc.last_page} of {scan.source_name}: {message}"
    if src is not None:
        quarantine(
            src,
            settings.quarantine_dir,
            code=code,
            stage=stage,
            message=full,
            original_name=scan.source_name,
            scan_id=scan.id,
            document_id=doc.id,
            copy=True,
        )
    doc.status = DocumentStatus.QUARANTINED
    doc.error_code = code
    doc.error_message = full
    doc.updated_at = utcnow()
    events.record(
        session,
        "document.quarantined",
        full,
        scan_id=scan.id,
        document_id=doc.id,
        code=code,
        stage=stage,
    )
    if not settings.keep_failed_work:
        shutil.rmtree(workdir(settings, doc.id), ignore_errors=True)


def handle_failure(
    session: Session, settings: Settings, job: jobs.ClaimedJob, failure: Failure
) -> str:
    """Apply the retry/quarantine policy. Returns "deferred" or "quarantined"."""
    limit = LIMITED_RETRY.get(failure.code)
    if failure.unexpected:
        limit = settings.retry.max_attempts
    if failure.retryable and (limit is None or job.attempts < limit):
        run_at = utcnow() + backoff(settings.retry, job.attempts)
        jobs.defer(session, job.id, run_at, failure.code, failure.message)
        events.record(
            session,
            "stage.deferred",
            f"{job.stage}: {failure.message} (attempt {job.attempts}, retry at {run_at:%H:%M:%S})",
            scan_id=job.scan_id,
            document_id=job.subject_id if job.subject_kind == "document" else None,
            code=failure.code,
        )
        return "deferred"
    jobs.fail(session, job.id, failure.code, failure.message)
    if job.subject_kind == "scan":
        quarantine_scan(
            session, settings, _scan(session, job.scan_id), failure.code, job.stage, failure.message
        )
    else:
        quarantine_document(
            session,
            settings,
            _doc(session, job.subject_id),
            failure.code,
            job.stage,
            failure.message,
        )
        finish_scan_if_complete(session, settings, _scan(session, job.scan_id))
    return "quarantined"


def redo(session: Session, job: jobs.ClaimedJob, stage: str) -> None:
    """Drop this job and put ``stage`` of the same subject back to pending."""
    session.execute(delete(Job).where(Job.id == job.id))
    earlier = session.scalars(
        select(Job).where(Job.subject_id == job.subject_id, Job.stage == stage)
    ).one()
    earlier.state = JobState.PENDING
    earlier.next_run_at = utcnow()
    earlier.updated_at = utcnow()
    events.record(
        session,
        "stage.redo",
        f"{job.stage} needs {stage} again",
        scan_id=job.scan_id,
        document_id=job.subject_id if job.subject_kind == "document" else None,
    )


# Helpers ---------------------------------------------------------------------


def _advance(session: Session, job: jobs.ClaimedJob, result: dict[str, Any]) -> None:
    jobs.complete(session, job.id, result)
    nxt = NEXT_STAGE.get(job.stage)
    if nxt:
        jobs.enqueue(
            session,
            subject_kind=job.subject_kind,
            subject_id=job.subject_id,
            scan_id=job.scan_id,
            stage=nxt,
        )


def advance(session: Session, job: jobs.ClaimedJob, result: dict[str, Any] | None = None) -> None:
    _advance(session, job, result or {})


def _scan(session: Session, scan_id: str) -> Scan:
    scan = session.get(Scan, scan_id)
    if scan is None:
        raise LookupError(f"scan {scan_id} not in catalog")
    return scan


def _doc(session: Session, doc_id: str) -> Document:
    doc = session.get(Document, doc_id)
    if doc is None:
        raise LookupError(f"document {doc_id} not in catalog")
    return doc


get_scan = _scan
get_document = _doc
