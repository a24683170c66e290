"""Bodies of the light stages, run in the main process: keep the original,
archive the PDF/A, index the text, finish the document."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ingest.errors import StorageError
from scanstation import delivery, pipeline
from scanstation.catalog import events, jobs
from scanstation.catalog.clock import aware, utcnow
from scanstation.catalog.models import DocumentStatus, PageText
from scanstation.wiring import Services
from search.base import IndexedDoc

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}


def run_preserve(services: Services, session: Session, job: jobs.ClaimedJob) -> None:
    """Keep the original scan, unchanged, in the archive."""
    scan = pipeline.get_scan(session, job.scan_id)
    spool = services.settings.spool_dir / (scan.spool_name or "")
    if scan.original_key is None:
        if not spool.exists():
            raise StorageError(f"spool file {spool} of scan {scan.id} is missing")
        suffix = Path(scan.spool_name or "").suffix
        stored = services.archive.put_file(
            spool, suffix=suffix, content_type=CONTENT_TYPES.get(suffix, "application/octet-stream")
        )
        if stored.sha256 != scan.sha256:
            raise StorageError(f"spool file of scan {scan.id} changed since intake")
        scan.original_key = stored.key
        events.record(session, "scan.preserved", stored.key, scan_id=scan.id)
    pipeline.advance(session, job, {"key": scan.original_key})
    pipeline.finish_scan_if_complete(session, services.settings, scan)


def page_texts(session: Session, doc_id: str) -> list[str]:
    """The document's text, one string per page, in order."""
    return list(
        session.scalars(
            select(PageText.text).where(PageText.document_id == doc_id).order_by(PageText.page_no)
        )
    )


def run_extract(services: Services, session: Session, job: jobs.ClaimedJob) -> None:
    """Letter date, sender, subject, references and the restricted flag from the text."""
    from ingest.extract import extract_metadata

    doc = pipeline.get_document(session, job.subject_id)
    texts = page_texts(session, doc.id)
    converted = pipeline.stage_result(session, doc.id, "convert")
    meta = extract_metadata(texts, zone_lines=converted.get("date_zone") or ())
    found = meta.to_dict()
    doc.restricted = bool(found.pop("restricted"))
    doc.meta = {**doc.meta, **found}
    doc.updated_at = utcnow()
    events.record(
        session,
        "document.extracted",
        f"date {found['letter_date']}, {len(meta.references)} reference(s)"
        + (", restricted" if doc.restricted else ""),
        scan_id=doc.scan_id,
        document_id=doc.id,
        restricted_reasons=found["restricted_reasons"],
    )
    pipeline.advance(session, job)


def run_classify(services: Services, session: Session, job: jobs.ClaimedJob) -> None:
    """Rank the departments; at or above the threshold the letter is routed."""
    doc = pipeline.get_document(session, job.subject_id)
    if services.settings.routing.enabled and not doc.department:
        texts = page_texts(session, doc.id)
        decision = services.classifier.classify("\n".join(texts))
        doc.department = decision.department
        doc.confidence = round(decision.confidence, 4)
        doc.candidates = [
            {"department": c.department, "score": round(c.score, 4)} for c in decision.candidates
        ]
        doc.meta = {
            **doc.meta,
            "routing": {
                "reason": decision.reason,
                "model_version": decision.model_version,
                "decided_by": "model",
            },
        }
        doc.updated_at = utcnow()
        events.record(
            session,
            "document.classified",
            f"{decision.department or 'review'} ({decision.confidence:.2f}): {decision.reason}",
            scan_id=doc.scan_id,
            document_id=doc.id,
            model_version=decision.model_version,
        )
    pipeline.advance(session, job)


def run_archive(services: Services, session: Session, job: jobs.ClaimedJob) -> None:
    """Store the PDF/A (and embedded files such as e-invoice XML)."""
    doc = pipeline.get_document(session, job.subject_id)
    converted = pipeline.stage_result(session, doc.id, "convert")
    pdf = Path(converted["pdf_path"])
    if not pdf.exists():
        raise pipeline.RedoStage("convert")
    stored = services.archive.put_file(pdf, suffix=".pdf", content_type="application/pdf")
    attachments: list[dict[str, Any]] = []
    for att in converted.get("attachments", []):
        path = Path(att["path"])
        if not path.exists():
            raise pipeline.RedoStage("convert")
        obj = services.archive.put_file(path, suffix=".bin", content_type=att["mime_type"])
        attachments.append({"name": att["name"], "key": obj.key, "sha256": obj.sha256})
    doc.sha256 = stored.sha256
    doc.storage_key = stored.key
    doc.meta = {**doc.meta, "attachments": attachments} if attachments else doc.meta
    doc.updated_at = utcnow()
    events.record(
        session,
        "document.archived",
        stored.key,
        scan_id=doc.scan_id,
        document_id=doc.id,
        sha256=stored.sha256,
    )
    pipeline.advance(session, job, {"key": stored.key, "sha256": stored.sha256})


def indexed_doc(session: Session, doc_id: str) -> IndexedDoc:
    """The index entry of a document, built from the catalog alone (also for reindexing)."""
    doc = pipeline.get_document(session, doc_id)
    scan = pipeline.get_scan(session, doc.scan_id)
    texts = page_texts(session, doc.id)
    meta = doc.meta or {}
    title = meta.get("subject") or scan.source_name
    if doc.seq > 1 or doc.first_page != 1 or (scan.page_count or 0) > doc.last_page:
        title = f"{title} (S. {doc.first_page}–{doc.last_page})"
    return IndexedDoc(
        id=doc.id,
        text="\f".join(texts),
        received_at=aware(scan.received_at),
        station=scan.station,
        source=scan.source_name,
        title=title,
        department=doc.department,
        restricted=doc.restricted,
        sender=meta.get("sender") or "",
        letter_date=meta.get("letter_date"),
        references=tuple(r.get("value", "") for r in meta.get("references", [])),
    )


def run_index_batch(services: Services, session: Session, batch: list[jobs.ClaimedJob]) -> None:
    """Index several documents in one write (one commit / one refresh)."""
    services.index.upsert([indexed_doc(session, job.subject_id) for job in batch])
    for job in batch:
        doc = pipeline.get_document(session, job.subject_id)
        doc.indexed = True
        doc.updated_at = utcnow()
        events.record(session, "document.indexed", "", scan_id=doc.scan_id, document_id=doc.id)
        pipeline.advance(session, job)


def run_finish(services: Services, session: Session, job: jobs.ClaimedJob) -> None:
    doc = pipeline.get_document(session, job.subject_id)
    if doc.status == DocumentStatus.PROCESSING:
        doc.status = DocumentStatus.ROUTED if doc.department else DocumentStatus.REVIEW
        doc.updated_at = utcnow()
        delivery.enqueue(session, services.settings, doc)
        events.record(
            session,
            "document.finished",
            f"status {doc.status}",
            scan_id=doc.scan_id,
            document_id=doc.id,
        )
    pipeline.advance(session, job)
    scan = pipeline.get_scan(session, doc.scan_id)
    pipeline.finish_scan_if_complete(session, services.settings, scan)


def cleanup_after_commit(services: Services, scan_id: str, doc_id: str | None) -> None:
    """Remove work files and, for a finished scan, its spool file (after the commit)."""
    if doc_id is not None:
        shutil.rmtree(pipeline.workdir(services.settings, doc_id), ignore_errors=True)
    with services.catalog() as session:
        scan = pipeline.get_scan(session, scan_id)
        if scan.status in ("done", "quarantined"):
            pipeline.remove_spool(services.settings, scan)


# Index jobs are not here: the runner writes all of a round's in one batch.
LIGHT = {
    "preserve": run_preserve,
    "extract": run_extract,
    "classify": run_classify,
    "archive": run_archive,
    "finish": run_finish,
}
