"""The public document and scan records (CLI ``--json``, later the REST API).

Field names are a contract (see DESIGN.md); add fields, never rename them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scanstation.catalog.clock import aware
from scanstation.catalog.models import Document, Event, Scan


def document_record(doc: Document, scan: Scan) -> dict[str, Any]:
    meta = doc.meta or {}
    return {
        "id": doc.id,
        "scan_id": scan.id,
        "source": scan.source_name,
        "station": scan.station,
        "received_at": aware(scan.received_at).isoformat(),
        "source_pages": [doc.first_page, doc.last_page],
        "pages": doc.pages,
        "sha256": doc.sha256,
        "storage_key": doc.storage_key,
        "original_key": scan.original_key,
        "status": doc.status,
        "pdfa": doc.pdfa,
        "route": doc.route,
        "department": doc.department,
        "confidence": doc.confidence,
        "candidates": list(doc.candidates or []),
        "metadata": {
            "letter_date": meta.get("letter_date"),
            "sender": meta.get("sender"),
            "subject": meta.get("subject"),
            "references": list(meta.get("references", [])),
            "attachments": list(meta.get("attachments", [])),
            "restricted_reasons": list(meta.get("restricted_reasons", [])),
        },
        "restricted": doc.restricted,
        "dms": {"state": doc.dms_state, "object_id": doc.dms_object_id},
        "error": {"code": doc.error_code, "message": doc.error_message} if doc.error_code else None,
    }


def scan_record(scan: Scan, docs: list[Document]) -> dict[str, Any]:
    return {
        "scan_id": scan.id,
        "source": scan.source_name,
        "station": scan.station,
        "received_at": aware(scan.received_at).isoformat(),
        "sha256": scan.sha256 or None,
        "status": scan.status,
        "file_kind": scan.file_kind,
        "pdf_class": scan.pdf_class,
        "page_count": scan.page_count,
        "original_key": scan.original_key,
        "duplicate_of": scan.duplicate_of,
        "error": {"code": scan.error_code, "message": scan.error_message}
        if scan.error_code
        else None,
        "quarantine_path": (scan.info or {}).get("quarantine_path"),
        "documents": [document_record(d, scan) for d in docs],
    }


def scan_with_documents(session: Session, scan_id: str) -> dict[str, Any] | None:
    scan = session.get(Scan, scan_id)
    if scan is None:
        return None
    docs = list(
        session.scalars(select(Document).where(Document.scan_id == scan_id).order_by(Document.seq))
    )
    return scan_record(scan, docs)


def event_records(session: Session, *, scan_id: str, limit: int = 200) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(Event).where(Event.scan_id == scan_id).order_by(Event.id).limit(limit)
    )
    return [
        {
            "at": aware(e.at).isoformat(),
            "kind": e.kind,
            "document_id": e.document_id,
            "message": e.message,
            "data": e.data,
        }
        for e in rows
    ]
