from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from scanstation import intake
from scanstation.catalog.models import Event, Job, Scan
from scanstation.wiring import Services

PDF = b"%PDF-1.4\n" + b"x" * 200 + b"\n%%EOF\n"


def drop(folder: Path, name: str | bytes, data: bytes = PDF) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(name, bytes):
        path = Path(os.fsdecode(os.path.join(os.fsencode(folder), name)))
    else:
        path = folder / name
    path.write_bytes(data)
    return path


def sidecar_for(services: Services, scan_id: str) -> dict[str, object]:
    files = list(services.settings.quarantine_dir.glob(f"{scan_id}__*.error.json"))
    assert len(files) == 1, files
    return json.loads(files[0].read_text(encoding="utf-8"))


def test_file_moves_to_spool_with_scan_and_first_job(services: Services, tmp_path: Path) -> None:
    src = drop(tmp_path / "hot", "brief.pdf")
    result = intake.intake_file(services.catalog, services.settings, src, "poststelle")
    assert result.status == "received"
    assert not src.exists()
    with services.catalog() as s:
        scan = s.get(Scan, result.scan_id)
        assert scan is not None and scan.station == "poststelle" and scan.size == len(PDF)
        assert (services.settings.spool_dir / str(scan.spool_name)).read_bytes() == PDF
        job = s.scalars(select(Job).where(Job.scan_id == scan.id)).one()
        assert (job.stage, job.state) == ("inspect", "pending")
        assert [e.kind for e in s.scalars(select(Event))] == ["scan.received"]


def test_same_content_twice_is_a_duplicate(services: Services, tmp_path: Path) -> None:
    first = intake.intake_file(
        services.catalog, services.settings, drop(tmp_path / "hot", "a.pdf"), "poststelle"
    )
    src = drop(tmp_path / "hot", "b.pdf")
    second = intake.intake_file(services.catalog, services.settings, src, "buergerbuero")
    assert second.status == "duplicate" and second.duplicate_of == first.scan_id
    assert not src.exists()
    with services.catalog() as s:
        assert s.scalars(select(Job).where(Job.scan_id == second.scan_id)).all() == []


def test_copy_mode_leaves_the_file(services: Services, tmp_path: Path) -> None:
    src = drop(tmp_path / "in", "brief.pdf")
    result = intake.intake_file(services.catalog, services.settings, src, "poststelle", move=False)
    assert src.exists() and result.status == "received"


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("leer.pdf", b"", "empty_file"),
        (b"kaputt-\xff\xfe.pdf", PDF, "unsafe_name"),
        ("zeile\numbruch.pdf", PDF, "unsafe_name"),
    ],
)
def test_bad_files_are_quarantined_with_reason(
    services: Services, tmp_path: Path, name: str | bytes, data: bytes, code: str
) -> None:
    src = drop(tmp_path / "hot", name, data)
    result = intake.intake_file(services.catalog, services.settings, src, "poststelle")
    assert (result.status, result.code) == ("quarantined", code)
    assert not src.exists()
    side = sidecar_for(services, result.scan_id)
    assert side["code"] == code and side["stage"] == "intake" and side["advice"]
    with services.catalog() as s:
        scan = s.get(Scan, result.scan_id)
        assert scan is not None and scan.status == "quarantined" and scan.error_code == code


def test_copy_mode_quarantines_a_copy_and_leaves_the_file(
    services: Services, tmp_path: Path
) -> None:
    """``scanstation ingest`` promises to leave files in place, refused ones too."""
    src = drop(tmp_path / "mine", "leer.pdf", b"")
    result = intake.intake_file(services.catalog, services.settings, src, "poststelle", move=False)
    assert (result.status, result.code) == ("quarantined", "empty_file")
    assert src.exists()
    assert (services.settings.quarantine_dir / f"{result.scan_id}__leer.pdf").exists()


def test_copy_mode_never_takes_a_folder(services: Services, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    drop(folder, "brief.pdf")
    result = intake.intake_file(
        services.catalog, services.settings, folder, "poststelle", move=False
    )
    assert (result.status, result.code) == ("quarantined", "not_a_document")
    assert (folder / "brief.pdf").exists()
    assert sidecar_for(services, result.scan_id)["code"] == "not_a_document"


def test_symlink_is_quarantined_not_followed(services: Services, tmp_path: Path) -> None:
    target = drop(tmp_path / "elsewhere", "secret.pdf")
    link = tmp_path / "hot" / "link.pdf"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)
    result = intake.intake_file(services.catalog, services.settings, link, "poststelle")
    assert result.code == "symlink"
    assert target.exists() and not link.is_symlink()
    moved = [p for p in services.settings.quarantine_dir.iterdir() if p.is_symlink()]
    assert len(moved) == 1


def test_too_large_file(services: Services, tmp_path: Path) -> None:
    services.settings.limits.max_file_bytes = 100
    result = intake.intake_file(
        services.catalog, services.settings, drop(tmp_path / "hot", "gross.pdf"), "poststelle"
    )
    assert result.code == "file_too_large"


def test_recover_finishes_interrupted_intake(services: Services, tmp_path: Path) -> None:
    """A crash after the scan row was written: spool file present -> received;
    spool file absent -> row removed, the hot-folder file is taken in again."""
    settings = services.settings
    with services.catalog() as s:
        moved = intake._new_scan(
            s,
            drop(tmp_path / "hot", "moved.pdf", PDF + b"1"),
            "poststelle",
            "a" * 64,
            intake.utcnow(),
        )
        kept = intake._new_scan(
            s,
            drop(tmp_path / "hot", "kept.pdf", PDF + b"2"),
            "poststelle",
            "b" * 64,
            intake.utcnow(),
        )
        s.commit()
        settings.spool_dir.mkdir(parents=True, exist_ok=True)
        (tmp_path / "hot" / "moved.pdf").rename(settings.spool_dir / str(moved.spool_name))
    assert intake.recover(services.catalog, settings) == 2
    with services.catalog() as s:
        assert s.get(Scan, moved.id).status == "received"  # type: ignore[union-attr]
        assert s.get(Scan, kept.id) is None
    again = intake.intake_file(
        services.catalog, settings, tmp_path / "hot" / "kept.pdf", "poststelle"
    )
    assert again.status == "received"


def test_requarantined_content_is_retried(services: Services, tmp_path: Path) -> None:
    first = intake.intake_file(
        services.catalog, services.settings, drop(tmp_path / "hot", "a.pdf"), "poststelle"
    )
    with services.catalog() as s:
        scan = s.get(Scan, first.scan_id)
        assert scan is not None
        scan.status = "quarantined"
        s.commit()
    again = intake.intake_file(
        services.catalog, services.settings, drop(tmp_path / "hot", "a.pdf"), "poststelle"
    )
    assert again.status == "received" and again.scan_id != first.scan_id


def test_event_log_is_append_only(services: Services, tmp_path: Path) -> None:
    intake.intake_file(
        services.catalog, services.settings, drop(tmp_path / "hot", "a.pdf"), "poststelle"
    )
    with services.catalog() as s:
        event = s.scalars(select(Event)).first()
        assert event is not None
        event.message = "rewritten"
        with pytest.raises(Exception, match="append-only"):
            s.commit()
