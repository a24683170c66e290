"""verify finds and repairs mismatches between catalog, store and index;
reindex rebuilds the index from the catalog."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import select

from scanstation import intake
from scanstation.catalog.models import Document
from scanstation.maintenance import reindex, verify
from scanstation.settings import Settings
from scanstation.wiring import Services, build_services
from scanstation.worker import Runner
from search.base import SearchQuery
from tests.scanstation.e2e_helpers import LETTERS


def _ingest(services: Services, tmp_path: Path) -> str:
    src = tmp_path / "brief.pdf"
    src.write_bytes((LETTERS / "letter_born_digital.pdf").read_bytes())
    scan_id = intake.intake_file(services.catalog, services.settings, src, "poststelle").scan_id
    Runner(services, scan_ids=[scan_id]).run(threading.Event())
    return scan_id


def _doc(services: Services) -> Document:
    with services.catalog() as s:
        return s.scalars(select(Document)).one()


def _original_key(services: Services) -> str:
    from scanstation.catalog.models import Scan

    with services.catalog() as s:
        return str(s.scalars(select(Scan)).one().original_key)


def test_verify_repairs_a_lost_index_entry_and_a_lost_pdf(tmp_path: Path) -> None:
    services = build_services(Settings(data_dir=tmp_path / "data", workers=1))
    scan_id = _ingest(services, tmp_path)
    assert verify(services).as_dict()["ok"]
    doc = _doc(services)

    services.index.delete([doc.id])
    (services.settings.archive_path() / str(doc.storage_key)).unlink()
    found = verify(services).as_dict()
    assert {p["kind"] for p in found["problems"]} == {"missing_index_entry", "missing_object"}

    repaired = verify(services, repair=True).as_dict()
    assert {r["kind"] for r in repaired["repaired"]} == {"reindexed", "reconvert_queued"}
    assert _doc(services).status == "processing"
    Runner(services, scan_ids=[scan_id]).run(threading.Event())
    after = _doc(services)
    # OCRmyPDF/pikepdf output carries fresh timestamps, so the new PDF/A has a new key.
    assert after.status == "routed" and after.storage_key and after.indexed
    assert set(services.archive.iter_keys()) == {after.storage_key, _original_key(services)}
    assert verify(services).as_dict()["ok"]


def test_verify_reports_orphans_and_damage(tmp_path: Path) -> None:
    services = build_services(Settings(data_dir=tmp_path / "data", workers=1))
    _ingest(services, tmp_path)
    doc = _doc(services)
    path = services.settings.archive_path() / str(doc.storage_key)
    path.write_bytes(path.read_bytes()[:-10] + b"0123456789")
    stray = tmp_path / "stray.pdf"
    stray.write_bytes(b"%PDF-1.4 nobody knows me")
    stray_key = services.archive.put_file(stray, suffix=".pdf", content_type="application/pdf").key
    kinds = {(p["kind"], p["subject"]) for p in verify(services).as_dict()["problems"]}
    assert ("checksum_mismatch", doc.id) in kinds
    assert ("unreferenced_object", stray_key) in kinds


def test_reindex_rebuilds_from_the_catalog(tmp_path: Path) -> None:
    services = build_services(Settings(data_dir=tmp_path / "data", workers=1))
    _ingest(services, tmp_path)
    doc = _doc(services)
    services.index.delete([doc.id])
    result = reindex(services)
    assert result["documents"] == 1
    assert services.index.ids() == {doc.id}
    hits = services.index.search(SearchQuery(text="Gewerbesteuermessbetrag")).hits
    assert [h.id for h in hits] == [doc.id]
