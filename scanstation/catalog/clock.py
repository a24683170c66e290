"""Time and identifiers used by the catalog."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)


def aware(value: datetime) -> datetime:
    """SQLite returns naive datetimes; everything stored is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def new_scan_id(now: datetime | None = None) -> str:
    """Time-ordered, readable scan id, e.g. ``S20261126-5f3a9c1e``."""
    stamp = (now or utcnow()).strftime("%Y%m%d")
    return f"S{stamp}-{secrets.token_hex(4)}"


def document_id(scan_id: str, seq: int) -> str:
    """Documents are numbered within their scan: re-running separation gives the same ids."""
    return f"{scan_id}-{seq}"
