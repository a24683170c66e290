"""``scanstation verify`` and ``scanstation reindex``: catalog, store and index
must agree. Verify walks all three and reports every mismatch; with repair it
re-indexes missing entries, drops orphaned ones, and sends documents whose
archived PDF is missing or damaged back through conversion (from the archived
original). Objects the catalog does not know are reported, never deleted."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select

from ingest.errors import ChecksumMismatchError, ObjectNotFoundError, StorageError
from scanstation import pipeline, stages
from scanstation.catalog import events
from scanstation.catalog.clock import utcnow
from scanstation.catalog.models import Document, DocumentStatus, Job, Scan, ScanStatus
from scanstation.wiring import Services, rebuild_index
from search.base import IndexedDoc

log = logging.getLogger(__name__)

FINISHED = (DocumentStatus.REVIEW, DocumentStatus.ROUTED)
BATCH = 200


@dataclass
class VerifyReport:
    documents: int = 0
    objects_checked: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)
    repaired: list[dict[str, Any]] = field(default_factory=list)

    def add(self, kind: str, subject: str, detail: str) -> None:
        self.problems.append({"kind": kind, "subject": subject, "detail": detail})

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "objects_checked": self.objects_checked,
            "ok": not self.problems,
            "problems": self.problems,
            "repaired": self.repaired,
        }


def _object_problem(services: Services, key: str) -> str | None:
    try:
        services.archive.get_bytes(key)
    except ObjectNotFoundError:
        return "missing_object"
    except ChecksumMismatchError:
        return "checksum_mismatch"
    return None


def verify(
    services: Services, *, repair: bool = False, tick: Callable[[], None] | None = None
) -> VerifyReport:
    """Check every finished document's objects and index entry (and repair)."""
    report = VerifyReport()
    with services.catalog() as session:
        docs = session.scalars(select(Document).where(Document.status.in_(FINISHED))).all()
        scans = {s.id: s for s in session.scalars(select(Scan))}
        all_doc_ids = set(session.scalars(select(Document.id)).all())
    report.documents = len(docs)
    referenced: set[str] = set()
    for doc in docs:
        scan = scans[doc.scan_id]
        keys = [("pdf", doc.storage_key), ("original", scan.original_key)]
        keys += [("attachment", a.get("key")) for a in (doc.meta or {}).get("attachments", [])]
        for role, key in keys:
            if key is None:
                report.add("not_archived", doc.id, f"{role} has no storage key")
                continue
            referenced.add(key)
            problem = _object_problem(services, key)
            report.objects_checked += 1
            if problem:
                report.add(problem, doc.id, f"{role} {key}")
                if repair and role == "pdf":
                    _reconvert(services, doc.id, report)
        if tick is not None:
            tick()
    _verify_index(services, {d.id for d in docs}, all_doc_ids, report, repair)
    try:
        orphans = set(services.archive.iter_keys()) - referenced - _pending_keys(services)
    except StorageError as e:
        report.add("store_unavailable", "-", str(e))
        orphans = set()
    for key in sorted(orphans):
        report.add("unreferenced_object", key, "in the store but not in the catalog (kept)")
    return report


def _pending_keys(services: Services) -> set[str]:
    """Keys of documents still in work (or quarantined): not orphans."""
    with services.catalog() as session:
        keys = set(
            session.scalars(
                select(Document.storage_key).where(
                    Document.status.notin_(FINISHED), Document.storage_key.is_not(None)
                )
            )
        )
        keys |= set(
            session.scalars(select(Scan.original_key).where(Scan.original_key.is_not(None)))
        )
    return {k for k in keys if k}


def _verify_index(
    services: Services, expected: set[str], known: set[str], report: VerifyReport, repair: bool
) -> None:
    try:
        present = services.index.ids()
    except Exception as e:
        report.add("index_unavailable", "-", str(e))
        return
    missing = sorted(expected - present)
    orphaned = sorted(present - known)
    for doc_id in missing:
        report.add("missing_index_entry", doc_id, "finished document not in the index")
    for doc_id in orphaned:
        report.add("orphan_index_entry", doc_id, "index entry without a catalog document")
    if not repair:
        return
    for chunk in _chunks(missing):
        services.index.upsert(_entries(services, chunk))
        report.repaired += [{"kind": "reindexed", "subject": d} for d in chunk]
    if orphaned:
        services.index.delete(orphaned)
        report.repaired += [{"kind": "removed_index_entry", "subject": d} for d in orphaned]


def _reconvert(services: Services, doc_id: str, report: VerifyReport) -> None:
    """Send a document whose PDF is gone back through convert, from the original."""
    settings = services.settings
    with services.catalog() as session:
        doc = session.get(Document, doc_id)
        assert doc is not None
        scan = session.get(Scan, doc.scan_id)
        assert scan is not None
        spool = settings.spool_dir / (scan.spool_name or f"{scan.id}.bin")
        if not spool.exists():
            try:
                services.archive.copy_to(scan.original_key or "", spool)
            except StorageError as e:
                report.add("unrecoverable", doc_id, f"original not readable either: {e}")
                return
        session.execute(
            delete(Job).where(
                Job.subject_id == doc.id, Job.stage.in_(pipeline.stages_after("convert"))
            )
        )
        convert = session.scalars(
            select(Job).where(Job.subject_id == doc.id, Job.stage == "convert")
        ).one()
        convert.state, convert.next_run_at, convert.updated_at = "pending", utcnow(), utcnow()
        doc.status, doc.storage_key, doc.sha256 = DocumentStatus.PROCESSING, None, None
        scan.status = ScanStatus.PROCESSING
        events.record(
            session,
            "document.repair",
            "archived PDF missing or damaged; converting again from the original",
            scan_id=scan.id,
            document_id=doc.id,
        )
        session.commit()
    report.repaired.append({"kind": "reconvert_queued", "subject": doc_id})


def _entries(services: Services, doc_ids: list[str]) -> list[IndexedDoc]:
    with services.catalog() as session:
        return [stages.indexed_doc(session, d) for d in doc_ids]


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def finished_entries(services: Services) -> Iterator[IndexedDoc]:
    with services.catalog() as session:
        ids = list(session.scalars(select(Document.id).where(Document.status.in_(FINISHED))))
    for chunk in _chunks(ids):
        yield from _entries(services, chunk)


def reindex(services: Services) -> dict[str, Any]:
    """Rebuild the index from the catalog without a gap for searchers."""
    count = 0

    def counted() -> Iterator[IndexedDoc]:
        nonlocal count
        for entry in finished_entries(services):
            count += 1
            yield entry

    target = rebuild_index(services, counted())
    with services.catalog() as session:
        session.execute(
            Document.__table__.update()  # type: ignore[attr-defined]
            .where(Document.status.in_(FINISHED))
            .values(indexed=True)
        )
        events.record(session, "index.rebuilt", f"{count} document(s) into {target}")
        session.commit()
    return {"documents": count, "index": target}
