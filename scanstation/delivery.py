"""The DMS outbox: exactly-once hand-off of routed, archived documents to enaio.

A document becomes deliverable when it is routed and archived (``enqueue``,
called in the same transaction that routes it). A delivery goes

    pending -> delivering -> delivered (enaio object id)
                          -> retry (outage: back-off with jitter, no limit)
                          -> failed (enaio refused it or the mapping is wrong:
                                     a person fixes it, then ``dms retry``)

Exactly once: before inserting, the connector searches enaio for our document
id in the external-id field and *adopts* an object found there. So a crash
(or a dropped connection) between "enaio stored it" and "we recorded it" never
creates a second object; the next attempt finds the first. A lease on each
claimed delivery keeps two workers off the same document; a lease that
expires (a killed worker) is taken over.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from dms_connector.base import DmsClient, ObjectDefinition
from dms_connector.errors import (
    DmsAuthError,
    DmsConfigError,
    DmsError,
    DmsProtocolError,
    DmsRejected,
    DmsUnavailable,
    MappingError,
)
from dms_connector.mapping import LetterRecord, TargetResolver, build_document, validate_mapping
from scanstation.catalog import events, jobs
from scanstation.catalog.clock import aware, utcnow
from scanstation.catalog.models import Delivery, DeliveryState, Document, DocumentStatus, Scan
from scanstation.errors import ExitCode, ScanstationError
from scanstation.pipeline import backoff
from scanstation.settings import Settings

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)
OPEN_STATES = (DeliveryState.PENDING, DeliveryState.RETRY, DeliveryState.DELIVERING)


def deliverable(doc: Document) -> bool:
    return doc.status == DocumentStatus.ROUTED and bool(doc.department and doc.storage_key)


def enqueue(session: Session, settings: Settings, doc: Document) -> None:
    """Put a routed, archived document into the outbox (idempotent)."""
    if not settings.dms.enabled or not deliverable(doc):
        return
    assert doc.department is not None
    now = utcnow()
    row = session.get(Delivery, doc.id)
    if row is None:
        session.add(
            Delivery(
                document_id=doc.id,
                state=DeliveryState.PENDING,
                department=doc.department,
                attempts=0,
                next_attempt_at=now,
                created_at=now,
                updated_at=now,
            )
        )
        doc.dms_state = DeliveryState.PENDING
    elif row.state == DeliveryState.DELIVERED:
        if row.department != doc.department:
            # enaio keeps the object in the old department's folder: say so loudly
            # (dms status lists it) until a person has moved it there.
            row.error_code = "rerouted_after_delivery"
            row.error_message = (
                f"routed to {doc.department} after delivery; enaio object {row.object_id} is "
                f"still in the folder of {row.department}: move it in enaio"
            )
            row.updated_at = now
            events.record(
                session,
                "document.rerouted_after_delivery",
                f"already in enaio as {row.object_id} (department {row.department}); "
                f"move it there to {doc.department}",
                scan_id=doc.scan_id,
                document_id=doc.id,
                object_id=row.object_id,
            )
    elif row.department != doc.department and row.state != DeliveryState.DELIVERING:
        row.department = doc.department
        row.state, row.next_attempt_at, row.updated_at = DeliveryState.PENDING, now, now
        doc.dms_state = DeliveryState.PENDING


def claim(
    session: Session, owner: str, limit: int, only: Collection[str] | None = None
) -> list[str]:
    """Claim due deliveries (and ones whose worker's lease ran out)."""
    now = utcnow()
    query = (
        select(Delivery.document_id)
        .where(
            or_(
                Delivery.state.in_([DeliveryState.PENDING, DeliveryState.RETRY])
                & (Delivery.next_attempt_at <= now),
                (Delivery.state == DeliveryState.DELIVERING) & (Delivery.lease_until < now),
            )
        )
        .order_by(Delivery.next_attempt_at, Delivery.document_id)
        .limit(limit)
    )
    if only is not None:
        query = query.where(Delivery.document_id.in_(only))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    claimed = []
    for doc_id in session.scalars(query).all():
        done = session.execute(
            update(Delivery)
            .where(
                Delivery.document_id == doc_id,
                or_(
                    Delivery.state.in_([DeliveryState.PENDING, DeliveryState.RETRY]),
                    (Delivery.state == DeliveryState.DELIVERING) & (Delivery.lease_until < now),
                ),
            )
            .values(
                state=DeliveryState.DELIVERING,
                lease_owner=owner,
                lease_until=now + LEASE,
                attempts=Delivery.attempts + 1,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        if done.rowcount == 1:  # type: ignore[attr-defined]
            claimed.append(doc_id)
    session.commit()
    return claimed


@dataclass(frozen=True, slots=True)
class Outcome:
    document_id: str
    state: str
    object_id: str | None = None
    adopted: bool = False
    error: str | None = None


class Deliverer:
    """Delivers claimed outbox rows with one ``DmsClient``."""

    def __init__(
        self,
        catalog: sessionmaker[Session],
        settings: Settings,
        client: DmsClient,
        archive_get: Any,
        departments: Sequence[str],
    ) -> None:
        self.catalog = catalog
        self.settings = settings
        self.config = settings.dms
        self.client = client
        self.archive_get = archive_get  # key -> bytes
        self.departments = list(departments)
        self.resolver = TargetResolver(client, self.config)
        self.owner = jobs.lease_owner()
        self._objdef: ObjectDefinition | None = None
        self._validated = False

    # Start-up validation ------------------------------------------------------

    def validate(self) -> list[str]:
        """Check the mapping against the server's object definition.

        Returns warnings (e.g. the server offers no definition); raises
        ``ScanstationError`` listing every problem when the mapping is wrong."""
        try:
            objdef = self.client.object_definition()
        except (DmsRejected, DmsProtocolError) as e:
            # a server (or gateway) without a readable definition: deliver unchecked
            log.warning("the DMS object definition cannot be read: %s", e)
            objdef = None
        if objdef is None:
            self._validated = True
            return ["the DMS offers no object definition; the field mapping is unchecked"]
        problems = validate_mapping(objdef, self.config, self.departments)
        if problems:
            raise ScanstationError(
                "the enaio mapping (dms.*) does not fit the server's object definition:\n  - "
                + "\n  - ".join(problems),
                ExitCode.CONFIG,
            )
        self._objdef, self._validated = objdef, True
        return []

    # Work ----------------------------------------------------------------

    def step(self, only: Collection[str] | None = None) -> list[Outcome]:
        """One round: claim up to ``batch_size`` due deliveries and attempt each."""
        with self.catalog() as session:
            claimed = claim(session, self.owner, self.config.batch_size, only)
        return [self.deliver(doc_id) for doc_id in claimed]

    def deliver(self, doc_id: str) -> Outcome:
        try:
            if not self._validated:
                self.validate()
            record, department = self._letter(doc_id)
            found = self.client.find_by_field(
                self.config.document_type, self.config.fields.external_id, doc_id
            )
            if found:
                ids = sorted((o.object_id for o in found), key=_numeric)
                return self._delivered(doc_id, ids[0], adopted=True, duplicates=ids[1:])
            parent = self.resolver.resolve(department)
            document = build_document(record, self.config, parent, self._objdef)
            object_id = self.client.insert(document)
            return self._delivered(doc_id, object_id, adopted=False, target=parent)
        except (DmsRejected, MappingError) as e:
            return self._failed(doc_id, "dms_rejected", _describe(e))
        except ScanstationError as e:  # the mapping does not fit: wait for a fixed config
            return self._retry(doc_id, "dms_mapping", str(e))
        except (DmsUnavailable, DmsAuthError, DmsConfigError) as e:
            return self._retry(doc_id, type(e).__name__, _describe(e))
        except Exception as e:
            if getattr(e, "retryable", False):  # archive outage
                return self._retry(doc_id, "archive_unavailable", str(e))
            log.exception("delivery of %s failed unexpectedly", doc_id)
            return self._retry(doc_id, "internal_error", f"{type(e).__name__}: {e}", counted=True)

    def _letter(self, doc_id: str) -> tuple[LetterRecord, str]:
        with self.catalog() as session:
            doc = session.get(Document, doc_id)
            row = session.get(Delivery, doc_id)
            if doc is None or row is None or doc.storage_key is None:
                raise MappingError(f"{doc_id} is not an archived document")
            scan = session.get(Scan, doc.scan_id)
            assert scan is not None
            meta = doc.meta or {}
            letter_date = meta.get("letter_date")
            record = LetterRecord(
                document_id=doc.id,
                department=row.department,
                received_at=aware(scan.received_at),
                sender=meta.get("sender"),
                subject=meta.get("subject"),
                letter_date=date.fromisoformat(letter_date) if letter_date else None,
                references=tuple(
                    (str(r.get("kind", "")), str(r.get("value", "")))
                    for r in meta.get("references", [])
                    if isinstance(r, dict)
                ),
                content=self.archive_get(doc.storage_key),
                file_name=f"{doc.id}.pdf",
            )
            return record, row.department

    # Settling -------------------------------------------------------------

    def _still_ours(self, row: Delivery) -> bool:
        """False when our lease ran out and another worker took the delivery over."""
        ours = row.state == DeliveryState.DELIVERING and row.lease_owner == self.owner
        if not ours:
            log.warning("delivery of %s was taken over by another worker", row.document_id)
        return ours

    def _delivered(
        self,
        doc_id: str,
        object_id: str,
        *,
        adopted: bool,
        duplicates: Sequence[str] = (),
        target: str | None = None,
    ) -> Outcome:
        with self.catalog() as session:
            row, doc = session.get(Delivery, doc_id), session.get(Document, doc_id)
            assert row is not None and doc is not None
            if row.state == DeliveryState.DELIVERED:
                # our lease ran out and another worker settled it (adopting our object
                # or, in the race window, its own): record nothing twice
                log.warning(
                    "delivery of %s was settled by another worker as %s (ours: %s)",
                    doc_id,
                    row.object_id,
                    object_id,
                )
                return Outcome(doc_id, DeliveryState.DELIVERED, row.object_id, adopted)
            now = utcnow()
            row.state, row.object_id, row.delivered_at = DeliveryState.DELIVERED, object_id, now
            row.target = target or row.target
            row.error_code = row.error_message = None
            row.lease_owner = row.lease_until = None
            row.updated_at = now
            doc.dms_state, doc.dms_object_id = DeliveryState.DELIVERED, object_id
            how = "adopted the object an earlier attempt created" if adopted else "inserted"
            events.record(
                session,
                "document.delivered",
                f"enaio object {object_id} ({how})",
                scan_id=doc.scan_id,
                document_id=doc_id,
                object_id=object_id,
                adopted=adopted,
                attempts=row.attempts,
            )
            if duplicates:
                events.record(
                    session,
                    "document.dms_duplicates",
                    f"enaio holds further objects with our id: {', '.join(duplicates)}",
                    scan_id=doc.scan_id,
                    document_id=doc_id,
                    objects=list(duplicates),
                )
            session.commit()
        return Outcome(doc_id, DeliveryState.DELIVERED, object_id, adopted)

    def _retry(
        self,
        doc_id: str,
        code: str,
        message: str,
        *,
        counted: bool = False,
    ) -> Outcome:
        with self.catalog() as session:
            row = session.get(Delivery, doc_id)
            assert row is not None
            if not self._still_ours(row):
                return Outcome(doc_id, row.state, row.object_id, error=message)
            limit = self.config.max_attempts
            if counted and limit and row.attempts >= limit:
                session.rollback()
                return self._failed(doc_id, code, message)
            now = utcnow()
            row.state = DeliveryState.RETRY
            row.next_attempt_at = now + backoff(self.settings.retry, row.attempts)
            row.error_code, row.error_message = code, message[:2000]
            row.lease_owner = row.lease_until = None
            row.updated_at = now
            _set_doc_state(session, doc_id, DeliveryState.RETRY)
            session.commit()
        log.warning("delivery of %s deferred: %s", doc_id, message)
        return Outcome(doc_id, DeliveryState.RETRY, error=message)

    def _failed(self, doc_id: str, code: str, message: str) -> Outcome:
        with self.catalog() as session:
            row = session.get(Delivery, doc_id)
            assert row is not None
            if not self._still_ours(row):
                return Outcome(doc_id, row.state, row.object_id, error=message)
            now = utcnow()
            row.state, row.error_code, row.error_message = DeliveryState.FAILED, code, message
            row.lease_owner = row.lease_until = None
            row.updated_at = now
            doc = _set_doc_state(session, doc_id, DeliveryState.FAILED)
            events.record(
                session,
                "document.delivery_failed",
                message[:500],
                scan_id=doc.scan_id if doc else None,
                document_id=doc_id,
                code=code,
            )
            session.commit()
        log.error("delivery of %s failed: %s", doc_id, message)
        return Outcome(doc_id, DeliveryState.FAILED, error=message)


def _set_doc_state(session: Session, doc_id: str, state: str) -> Document | None:
    doc = session.get(Document, doc_id)
    if doc is not None:
        doc.dms_state = state
    return doc


def _numeric(object_id: str) -> tuple[int, str]:
    return (int(object_id), "") if object_id.isdigit() else (1 << 62, object_id)


def _describe(e: DmsError) -> str:
    status = f"HTTP {e.status}: " if e.status else ""
    return f"{status}{e}"


# Commands -------------------------------------------------------------------


def status(session: Session, limit: int = 50) -> dict[str, Any]:
    counts = dict(
        session.execute(select(Delivery.state, func.count()).group_by(Delivery.state)).all()
    )
    problems = session.scalars(
        select(Delivery)
        .where(
            Delivery.state.in_([DeliveryState.FAILED, DeliveryState.RETRY])
            | (Delivery.error_code == "rerouted_after_delivery")
        )
        .order_by(Delivery.updated_at)
        .limit(limit)
    ).all()
    return {
        "counts": {s.value: int(counts.get(s.value, 0)) for s in DeliveryState},
        "problems": [
            {
                "document_id": d.document_id,
                "state": d.state,
                "department": d.department,
                "attempts": d.attempts,
                "next_attempt_at": aware(d.next_attempt_at).isoformat(),
                "error": d.error_message,
            }
            for d in problems
        ],
    }


def retry(session: Session, doc_ids: Sequence[str] | None) -> int:
    """Failed (and waiting) deliveries back to pending, due now; ``None`` = all failed."""
    query = update(Delivery).values(
        state=DeliveryState.PENDING, next_attempt_at=utcnow(), attempts=0, updated_at=utcnow()
    )
    if doc_ids:
        query = query.where(
            Delivery.document_id.in_(doc_ids),
            Delivery.state.in_([DeliveryState.FAILED, DeliveryState.RETRY]),
        )
    else:
        query = query.where(Delivery.state == DeliveryState.FAILED)
    n = int(session.execute(query).rowcount)  # type: ignore[attr-defined]
    session.commit()
    return n


def enqueue_missing(session: Session, settings: Settings) -> int:
    """Outbox rows for routed, archived documents that have none (e.g. DMS was disabled)."""
    docs = session.scalars(
        select(Document)
        .outerjoin(Delivery, Delivery.document_id == Document.id)
        .where(Document.status == DocumentStatus.ROUTED, Delivery.document_id.is_(None))
    ).all()
    n = 0
    for doc in docs:
        if deliverable(doc):
            enqueue(session, settings, doc)
            n += 1
    session.commit()
    return n
