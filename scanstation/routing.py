"""Routing by a person: the review queue and corrections.

A correction moves the letter to the named department, re-indexes it (the
department decides who may see it), is recorded as a ``document.corrected``
event and kept as a training example for the next model version (see
``training.py``). A letter that leaves review this way becomes deliverable to
the DMS."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from scanstation import delivery, records, stages, training
from scanstation.catalog import events
from scanstation.catalog.clock import utcnow
from scanstation.catalog.models import Document, DocumentStatus, Scan
from scanstation.errors import ExitCode, ScanstationError
from scanstation.wiring import Services


def department_ids() -> dict[str, str]:
    from ingest.classify.config import default_config

    return {d.id: d.name for d in default_config().departments}


def department_names() -> list[tuple[str, str]]:
    return sorted(department_ids().items())


def route_document(
    services: Services, doc_id: str, department: str, *, by: str = "cli"
) -> dict[str, Any]:
    """Send a document to ``department`` on a person's word (library function)."""
    known = department_ids()
    if department not in known:
        raise ScanstationError(
            f"unknown department {department!r}; known: {', '.join(sorted(known))}",
            ExitCode.USAGE,
        )
    with services.catalog() as session:
        doc = session.get(Document, doc_id)
        if doc is None:
            raise ScanstationError(f"no document {doc_id!r}", ExitCode.NOT_FOUND)
        if doc.status == DocumentStatus.QUARANTINED:
            raise ScanstationError(f"{doc_id} is quarantined; it has no text to route")
        previous, model = doc.department, (doc.meta or {}).get("routing", {})
        doc.department = department
        doc.meta = {**doc.meta, "routing": {**model, "decided_by": by}}
        if doc.status in (DocumentStatus.REVIEW, DocumentStatus.ROUTED):
            doc.status = DocumentStatus.ROUTED
            delivery.enqueue(session, services.settings, doc)
        doc.updated_at = utcnow()
        training.record_correction(
            session, doc, "\n".join(stages.page_texts(session, doc.id)), department
        )
        events.record(
            session,
            "document.corrected",
            f"{previous or 'review'} -> {department} by {by}",
            scan_id=doc.scan_id,
            document_id=doc.id,
            department=department,
            previous=previous,
            model_version=model.get("model_version"),
            by=by,
        )
        session.commit()
        if doc.indexed:
            services.index.upsert([stages.indexed_doc(session, doc.id)])
        scan = session.get(Scan, doc.scan_id)
        assert scan is not None
        return records.document_record(doc, scan)


def review_queue(services: Services, limit: int = 100) -> list[dict[str, Any]]:
    """Documents waiting for a person, oldest first, with candidates and reasons."""
    with services.catalog() as session:
        rows = session.execute(
            select(Document, Scan)
            .join(Scan, Scan.id == Document.scan_id)
            .where(Document.status == DocumentStatus.REVIEW)
            .order_by(Scan.received_at, Document.id)
            .limit(limit)
        ).all()
        out = []
        for doc, scan in rows:
            record = records.document_record(doc, scan)
            record["reason"] = (doc.meta or {}).get("routing", {}).get("reason")
            out.append(record)
        return out
