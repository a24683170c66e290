"""The DMS commands and start-up validation, over real HTTP to the built-in
enaio simulator (started by the command itself, on a free port)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from scanstation.cli import main
from scanstation.errors import ExitCode, ScanstationError
from scanstation.service import serve
from scanstation.settings import Settings
from scanstation.wiring import build_services


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SCANSTATION_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SCANSTATION_DMS__SIMULATOR__PORT", "0")
    return tmp_path / "data"


def test_status_and_push_with_nothing_to_do(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dms", "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["counts"] == {
        "pending": 0,
        "delivering": 0,
        "retry": 0,
        "delivered": 0,
        "failed": 0,
    }
    assert main(["dms", "push", "--json"]) == 0
    pushed = json.loads(capsys.readouterr().out)
    assert pushed["this_run"] == []


def test_wrong_mapping_is_named_at_start_up(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SCANSTATION_DMS__FIELDS__SENDER", "Absendr")
    monkeypatch.setenv("SCANSTATION_DMS__DOCUMENT_TYPE", "Eingangspost")
    assert main(["dms", "push"]) == ExitCode.CONFIG
    err = capsys.readouterr().err
    assert "Absendr" in err and "Eingangspost" in err
    assert "Absender" in err  # the fields the type does have are listed


def test_unknown_document_type_stops_the_service(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path / "data",
        dms={"document_type": "Posteingang_Brief", "simulator": {"port": 0}},
    )
    with pytest.raises(ScanstationError) as info:
        serve(build_services(settings), threading.Event())
    assert info.value.exit_code == ExitCode.CONFIG
    assert "Posteingang_Brief" in str(info.value)


def test_retry_requeues_failed_deliveries(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dms", "retry", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"requeued": 0}


def test_check_reaches_a_real_enaio_endpoint_and_names_bad_credentials(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from dms_connector.simulator import SimSettings, start_simulator

    sim = start_simulator(SimSettings(data_dir=tmp_path / "sim", users={"svc": "richtig"}), port=0)
    try:
        monkeypatch.setenv("SCANSTATION_DMS__TARGET", "enaio")
        monkeypatch.setenv("SCANSTATION_DMS__BASE_URL", sim.url)
        monkeypatch.setenv("SCANSTATION_DMS__USERNAME", "svc")
        for api in ("dms", "osrest"):
            monkeypatch.setenv("SCANSTATION_DMS__API", api)
            monkeypatch.setenv("SCANSTATION_DMS__PASSWORD", "richtig")
            main(["check", "--json"])
            row = {r["name"]: r for r in json.loads(capsys.readouterr().out)}["dms"]
            assert row["ok"] and api in row["detail"], row
            monkeypatch.setenv("SCANSTATION_DMS__PASSWORD", "falsch")
            main(["check", "--json"])
            row = {r["name"]: r for r in json.loads(capsys.readouterr().out)}["dms"]
            assert not row["ok"] and "DmsAuthError" in row["detail"]
            assert "SCANSTATION_DMS__PASSWORD" in row["fix"]
            assert "falsch" not in row["detail"]
    finally:
        sim.stop()
