"""An archive or index outage delays work and never loses or duplicates it.
Runs the real runner (worker processes, born-digital route: no Tesseract) with
the in-memory store and index so the outage can be switched on and off."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import select

from ingest.storage.memory import MemoryArchiveStore
from scanstation import intake, queries
from scanstation.catalog.models import Document, Scan
from scanstation.settings import Settings
from scanstation.wiring import Services, build_services
from scanstation.worker import Runner
from search.errors import SearchUnavailableError
from search.memory import MemorySearchIndex
from tests.scanstation.e2e_helpers import LETTERS, wait_for


class FlakyIndex(MemorySearchIndex):
    def __init__(self) -> None:
        super().__init__()
        self.down = False

    def upsert(self, docs):  # type: ignore[no-untyped-def]
        if self.down:
            raise SearchUnavailableError("index is down (test)")
        super().upsert(docs)


def _services(tmp_path: Path) -> tuple[Services, MemoryArchiveStore, FlakyIndex]:
    settings = Settings(
        data_dir=tmp_path / "data",
        workers=1,
        retry={"base_seconds": 0.05, "max_seconds": 0.3, "max_attempts": 3},
    )
    services = build_services(settings)
    store, index = MemoryArchiveStore(), FlakyIndex()
    services._archive, services._index = store, index
    return services, store, index


def _run_in_background(
    services: Services, scan_ids: list[str]
) -> tuple[threading.Thread, threading.Event]:
    stop = threading.Event()
    runner = Runner(services, scan_ids=scan_ids)
    thread = threading.Thread(target=runner.run, args=(stop,), daemon=True)
    thread.start()
    return thread, stop


def test_archive_and_index_outages_defer_and_then_complete(tmp_path: Path) -> None:
    services, store, index = _services(tmp_path)
    store.set_available(False)
    index.down = True
    src = tmp_path / "brief.pdf"
    src.write_bytes((LETTERS / "letter_born_digital.pdf").read_bytes())
    scan_id = intake.intake_file(services.catalog, services.settings, src, "poststelle").scan_id
    thread, stop = _run_in_background(services, [scan_id])
    try:

        def deferred_for(code: str) -> bool:
            status = queries.status(services)
            return any(d["code"] == code for d in status["deferred"])

        wait_for(lambda: deferred_for("storage_unavailable"), 120, "the archive to be deferred")
        with services.catalog() as s:
            assert s.scalars(select(Document)).one().status == "processing"
        store.set_available(True)  # the store is back; the index is still down
        wait_for(lambda: deferred_for("search_unavailable"), 120, "the index to be deferred")
        with services.catalog() as s:
            doc = s.scalars(select(Document)).one()
            assert doc.storage_key and not doc.indexed and doc.status == "processing"
        index.down = False
        thread.join(120)
    finally:
        stop.set()
        thread.join(30)
    with services.catalog() as s:
        scan = s.get(Scan, scan_id)
        doc = s.scalars(select(Document)).one()
    assert scan is not None and scan.status == "done"
    assert doc.status == "routed" and doc.indexed
    assert set(store.iter_keys()) == {doc.storage_key, scan.original_key}
    assert index.ids() == {doc.id}
