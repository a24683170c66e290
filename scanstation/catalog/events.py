"""Appending to the event log (the table refuses updates and deletes)."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.orm import Session

from scanstation.catalog.clock import utcnow
from scanstation.catalog.models import Event

log = logging.getLogger(__name__)


def record(
    session: Session,
    kind: str,
    message: str = "",
    *,
    scan_id: str | None = None,
    document_id: str | None = None,
    **data: Any,
) -> None:
    """Add an event to the session; it commits with the change it describes."""
    session.add(
        Event(
            at=utcnow(),
            scan_id=scan_id,
            document_id=document_id,
            kind=kind,
            message=message,
            data=data,
        )
    )
    log.info("%s %s %s", kind, document_id or scan_id or "-", message)
