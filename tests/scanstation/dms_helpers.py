"""Routed, archived documents in the outbox, for the DMS delivery tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from scanstation import delivery
from scanstation.catalog.clock import utcnow
from scanstation.catalog.models import Document, Scan
from scanstation.wiring import Services


def routed_documents(
    services: Services,
    tmp_path: Path,
    departments: Sequence[str],
    meta: Callable[[int, str], dict[str, Any]],
) -> list[str]:
    """One routed, archived document per entry of ``departments`` (queued for the DMS)."""
    ids = []
    with services.catalog() as session:
        now = utcnow()
        for i, dep in enumerate(departments):
            pdf = tmp_path / f"doc{i}.pdf"
            pdf.write_bytes(b"%PDF-1.7\n% letter " + str(i).encode())
            stored = services.archive.put_file(pdf, suffix=".pdf", content_type="application/pdf")
            scan = Scan(
                id=f"S20261126-{i:05x}",
                sha256=stored.sha256,
                source_name=f"brief-{i}.pdf",
                station="poststelle",
                received_at=now,
                size=20,
                status="done",
                updated_at=now,
            )
            session.add(scan)
            session.flush()
            doc = Document(
                id=f"{scan.id}-1",
                scan_id=scan.id,
                seq=1,
                first_page=1,
                last_page=1,
                status="routed",
                department=dep,
                storage_key=stored.key,
                meta=meta(i, dep),
                created_at=now,
                updated_at=now,
            )
            session.add(doc)
            delivery.enqueue(session, services.settings, doc)
            ids.append(doc.id)
        session.commit()
    return ids
