"""The running service on a hot folder: a batch of good and bad files, and a
service killed with SIGKILL again and again that still finishes every scan
exactly once."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dms_connector.simulator import SimSettings, start_simulator
from scanstation.catalog.models import Delivery, Document, Scan
from scanstation.service import serve
from scanstation.settings import Settings
from scanstation.wiring import build_services
from tests.scanstation.e2e_helpers import CORPUS, LETTERS, REPO, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.ocr, pytest.mark.slow]

BAD = {
    "leer.pdf": ("bytes", b"", "empty_file"),
    "notiz.pdf": ("bytes", b"Das ist kein PDF, nur eine Notiz.\n" * 20, "not_a_document"),
    "bild.gif": ("bytes", b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\x00" * 40, "unsupported_type"),
    "kaputt.pdf": ("corpus", "ocrmypdf__invalid.pdf", "corrupt_file"),
    "verschluesselt.pdf": ("corpus", "paperless__encrypted.pdf", "encrypted_pdf"),
    "passwort.pdf": ("corpus", "paperless__password-is-test.pdf", "encrypted_pdf"),
    "bombe.png": ("corpus", "docspell__bomb_20K-gray.png", "image_too_large"),
    "riesenseite.pdf": ("corpus", "ocrmypdf__hugemono.pdf", "image_too_large"),
    "formular-xfa.pdf": ("corpus", "ocrmypdf__livecycle.pdf", "unsupported_pdf"),
}
GOOD = {
    "eurotext.tif": CORPUS / "tesseract__eurotext.tif",
    "brief.png": LETTERS / "letter_png_200dpi.png",
    "digital.pdf": LETTERS / "letter_born_digital.pdf",
}


def _settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        workers=2,
        settle_seconds=0.5,
        poll_seconds=0.2,
        dms={"simulator": {"port": 0}},  # the built-in enaio simulator, on a free port
    )


def test_bad_inputs_are_quarantined_while_good_ones_succeed(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    services = build_services(settings)
    hot = settings.hot_folder(settings.stations[0])
    hot.mkdir(parents=True)
    for name, (kind, payload, _code) in BAD.items():
        target = hot / name
        if kind == "bytes":
            target.write_bytes(payload)  # type: ignore[arg-type]
        else:
            shutil.copy(CORPUS / str(payload), target)
    (hot / "verweis.pdf").symlink_to(GOOD["digital.pdf"])
    with open(os.path.join(os.fsencode(hot), b"name-\xff.pdf"), "wb") as fh:
        fh.write(GOOD["digital.pdf"].read_bytes() + b"\n")
    for name, src in GOOD.items():
        shutil.copy(src, hot / name)
    expected_total = len(BAD) + len(GOOD) + 2

    stop = threading.Event()
    thread = threading.Thread(target=serve, args=(services, stop), daemon=True)
    thread.start()
    try:

        def settled() -> bool:
            with services.catalog() as s:
                scans = s.scalars(select(Scan)).all()
            return len(scans) == expected_total and all(
                sc.status in ("done", "quarantined") for sc in scans
            )

        wait_for(settled, 600, "every dropped file to be done or quarantined")
    finally:
        stop.set()
        thread.join(60)
    assert not thread.is_alive()

    with services.catalog() as s:
        scans = {sc.source_name: sc for sc in s.scalars(select(Scan))}
    for name, (_k, _p, code) in BAD.items():
        assert (scans[name].status, scans[name].error_code) == ("quarantined", code), name
    assert scans["verweis.pdf"].error_code == "symlink"
    assert scans["name-\ufffd.pdf"].error_code == "unsafe_name"
    for name in GOOD:
        assert scans[name].status == "done", (name, scans[name].error_message)
    assert list(hot.iterdir()) == []
    sidecars = list(settings.quarantine_dir.glob("*.error.json"))
    assert len(sidecars) == len(BAD) + 2
    for sidecar in sidecars:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        assert data["code"] and data["message"] and data["scan_id"] and data["advice"]
        assert (
            sidecar.with_name(sidecar.name.removesuffix(".error.json")).exists()
            or data["code"] == "symlink"
        )


def _start(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "scanstation.cli", "run"],
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _kill(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGKILL)  # the whole group: service, pool workers, OCR
    proc.wait(30)


def test_sigkill_at_any_moment_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    env = {
        **os.environ,
        "SCANSTATION_DATA_DIR": str(settings.data_dir),
        "SCANSTATION_WORKERS": "2",
        "SCANSTATION_SETTLE_SECONDS": "0.5",
        "SCANSTATION_POLL_SECONDS": "0.2",
        "SCANSTATION_DMS__SIMULATOR__PORT": "0",
        "PYTHONPATH": str(REPO),
    }
    hot = settings.hot_folder(settings.stations[0])
    hot.mkdir(parents=True)
    inputs = {
        "stapel.pdf": LETTERS / "stack_3letters_patcht.pdf",
        "brief.png": LETTERS / "letter_png_200dpi.png",
        "zwei.tif": LETTERS / "letter_2pages_g4.tif",
        "digital.pdf": LETTERS / "letter_born_digital.pdf",
        "trennblatt.pdf": CORPUS / "paperless__barcode-fax-image.pdf",
    }
    for name, src in inputs.items():
        shutil.copy(src, hot / name)
    log = tmp_path / "service.log"
    services = build_services(settings)

    def all_done() -> bool:
        with services.catalog() as s:
            scans = s.scalars(select(Scan)).all()
        return len(scans) == len(inputs) and all(sc.status == "done" for sc in scans)

    def all_delivered() -> bool:
        with services.catalog() as s:
            routed = s.scalars(select(Document.id).where(Document.status == "routed")).all()
            delivered = s.scalars(
                select(Delivery.document_id).where(Delivery.state == "delivered")
            ).all()
        return bool(routed) and set(routed) == set(delivered)

    # Kill at staggered moments: during intake, inspection, OCR, archiving.
    for delay in (1.0, 2.5, 4.0, 7.0, 11.0, 16.0):
        proc = _start(env, log)
        time.sleep(delay)
        _kill(proc)
        if all_done():
            break
    started_before = log.read_text().count("scanstation.service: watching")
    proc = _start(env, log)
    try:
        wait_for(all_done, 900, "all scans to finish after the kills")
        wait_for(all_delivered, 120, "every routed letter to reach the enaio simulator")
        # SIGTERM is handled once the service is up; before that it simply ends
        # the process like a kill (which the loop above already proved safe).
        wait_for(
            lambda: log.read_text().count("scanstation.service: watching") > started_before,
            120,
            "the last service to be up",
        )
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            _kill(proc)
    assert proc.returncode == 0, log.read_text()[-3000:]

    with services.catalog() as s:
        docs = s.scalars(select(Document)).all()
        per_scan = dict(
            s.execute(
                select(Scan.source_name, func.count(Document.id))
                .join(Document, Document.scan_id == Scan.id)
                .group_by(Scan.source_name)
            ).all()
        )
        originals = {sc.original_key for sc in s.scalars(select(Scan))}
    assert per_scan == {
        "stapel.pdf": 3,
        "brief.png": 1,
        "zwei.tif": 1,
        "digital.pdf": 1,
        "trennblatt.pdf": 2,
    }
    assert all(d.status in ("routed", "review") and d.indexed and d.storage_key for d in docs)
    keys = set(services.archive.iter_keys())
    expected_keys = {d.storage_key for d in docs} | originals
    assert keys == expected_keys  # no stray or duplicate objects
    for key in keys:
        services.archive.get_bytes(key)  # checksum verified
    assert services.index.ids() == {d.id for d in docs}
    assert list(hot.iterdir()) == [] and list(settings.spool_dir.iterdir()) == []

    # enaio (the simulator, restarted with the service each time) holds each
    # routed letter exactly once, in its department's folder.
    sim = start_simulator(SimSettings(data_dir=settings.simulator_dir(), users={"t": "t"}), port=0)
    try:
        objects = sim.objects()
    finally:
        sim.stop()
    kennung = {o["id"]: o["fields"].get("Kennung") for o in objects if o["main_type"] == "folder"}
    stored = [
        (o["fields"]["ExterneId"], kennung[o["parent_id"]])
        for o in objects
        if o["main_type"] == "document"
    ]
    assert sorted(stored) == sorted((d.id, d.department) for d in docs if d.status == "routed")
