from __future__ import annotations

import json
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from scanstation.catalog import jobs
from scanstation.catalog.clock import utcnow
from scanstation.cli import main
from scanstation.settings import load_settings
from scanstation.wiring import build_services
from scanstation.worker import Runner
from tests.scanstation.e2e_helpers import LETTERS


def test_ingest_stops_waiting_on_an_outage_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SCANSTATION_DATA_DIR", str(tmp_path / "data"))
    archive = {"backend": "local", "path": str(tmp_path / "not-mounted")}
    monkeypatch.setenv("SCANSTATION_ARCHIVE", json.dumps(archive))
    monkeypatch.setenv("SCANSTATION_RETRY__BASE_SECONDS", "0.1")
    rc = main(
        [
            "ingest",
            str(LETTERS / "letter_born_digital.pdf"),
            "--json",
            "--no-progress",
            "--timeout",
            "8",
        ]
    )
    out, err = capsys.readouterr()
    assert rc == 1
    (record,) = json.loads(out)
    assert record["status"] == "processing"
    assert "scanstation run" in err
    assert main(["status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert any("does not exist" in d["message"] for d in status["deferred"])
    # The store comes back: the runner finishes the same scan, exactly once.
    (tmp_path / "not-mounted").mkdir()
    services = build_services(load_settings(retry={"base_seconds": 0.05, "max_seconds": 0.2}))
    Runner(services, scan_ids=[record["scan_id"]]).run(threading.Event())
    assert main(["scans", "show", record["scan_id"], "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["status"] == "done"
    assert [d["status"] for d in shown["documents"]] == ["routed"]
    assert len(list(services.archive.iter_keys())) == 2  # PDF/A + original


def test_unknown_document_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SCANSTATION_DATA_DIR", str(tmp_path))
    assert main(["documents", "show", "nope"]) == 3
    assert "documents list" in capsys.readouterr().err


def test_invalid_configuration_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SCANSTATION_WORKERS", "zero")
    assert main(["status"]) == 5
    assert "invalid configuration" in capsys.readouterr().err


def test_missing_ocr_language_fails_fast(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SCANSTATION_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SCANSTATION_OCR__LANGUAGES", '["deu", "klingon"]')
    assert main(["ingest", str(LETTERS / "letter_born_digital.pdf"), "--no-progress"]) == 4
    assert "klingon" in capsys.readouterr().err


def test_review_queue_and_corrections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SCANSTATION_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SCANSTATION_ROUTING__THRESHOLD", "1.0")  # nothing is sure enough
    assert (
        main(["ingest", str(LETTERS / "letter_born_digital.pdf"), "--json", "--no-progress"]) == 0
    )
    (record,) = json.loads(capsys.readouterr().out)
    (doc,) = record["documents"]
    assert doc["status"] == "review" and doc["department"] is None
    assert doc["candidates"][0]["department"] == "20.3"
    assert main(["review", "list", "--json"]) == 0
    (waiting,) = json.loads(capsys.readouterr().out)
    assert waiting["id"] == doc["id"] and waiting["reason"]
    assert main(["route", doc["id"], "99"]) == 2
    assert "unknown department" in capsys.readouterr().err
    assert main(["route", doc["id"], "20.3", "--by", "poststelle", "--json"]) == 0
    routed = json.loads(capsys.readouterr().out)
    assert (routed["status"], routed["department"]) == ("routed", "20.3")
    assert main(["review", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["documents", "show", doc["id"], "--json"]) == 0
    kinds = [e["kind"] for e in json.loads(capsys.readouterr().out)["events"]]
    assert "document.corrected" in kinds
    assert main(["search", "Gewerbesteuermessbetrag", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert hits[0]["department"] == "20.3"


def test_status_names_the_failure_of_a_job_given_back_mid_retry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A runner stopped during a retry gives the job back with its old (past)
    # retry time; status must still say why it is waiting.
    monkeypatch.setenv("SCANSTATION_DATA_DIR", str(tmp_path / "data"))
    services = build_services(load_settings())
    lease = timedelta(minutes=5)
    with services.catalog() as s:
        jobs.enqueue(s, subject_kind="scan", subject_id="S1", scan_id="S1", stage="preserve")
        s.commit()
        (job,) = jobs.claim(s, owner="me", stages=["preserve"], limit=1, lease=lease)
        jobs.defer(s, job.id, utcnow(), "storage_unavailable", "archive root does not exist")
        s.commit()
        (job,) = jobs.claim(s, owner="me", stages=["preserve"], limit=1, lease=lease)
        jobs.release(s, [job.id])
        s.commit()
    assert main(["status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["queue"]["deferred"] == 1 and status["queue"]["pending"] == 0
    assert [d["message"] for d in status["deferred"]] == ["archive root does not exist"]
    assert main(["status"]) == 0
    assert "retry due now: archive root does not exist" in capsys.readouterr().out
