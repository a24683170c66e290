"""The whole pipeline on generated German letters and real corpus files:
intake -> inspect -> separate -> OCR/PDF/A -> archive -> index, via the CLI."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from scanstation.cli import main
from tests.scanstation.e2e_helpers import CORPUS, LETTERS, manifest, pdfa_part
from tests.verapdf import validate_pdfa

pytestmark = [pytest.mark.ocr, pytest.mark.e2e]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    data = tmp_path_factory.mktemp("e2e-data")
    return {
        "SCANSTATION_DATA_DIR": str(data),
        "SCANSTATION_WORKERS": "2",
        "SCANSTATION_DMS__SIMULATOR__PORT": "0",  # the built-in enaio simulator, any free port
    }


@pytest.fixture(scope="module")
def ingested(env: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    mp = pytest.MonkeyPatch()
    for k, v in env.items():
        mp.setenv(k, v)
    files = [str(LETTERS / f["file"]) for f in manifest()["files"]]
    files += [
        str(CORPUS / "paperless__signed.pdf"),
        str(CORPUS / "mustang__zugferd_RE-20170509_505.pdf"),
    ]
    out = tmp_path_factory.mktemp("out") / "ingest.json"
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        rc = main(["ingest", *files, "--json", "--no-progress"])
    out.write_text(buf.getvalue(), encoding="utf-8")
    records: list[dict[str, Any]] = json.loads(buf.getvalue())
    yield_value = records
    mp.undo()
    assert rc == 0, buf.getvalue()
    return yield_value


def _cli(
    env: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *args: str,
) -> Any:
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    rc = main(list(args))
    out = capsys.readouterr().out
    assert rc == 0, out
    return json.loads(out) if "--json" in args else out


def test_every_letter_becomes_the_expected_documents(ingested: list[dict[str, Any]]) -> None:
    by_source = {r["source"]: r for r in ingested}
    for f in manifest()["files"]:
        rec = by_source[f["file"]]
        assert rec["status"] == "done", rec
        expected = [[d["pages"]["first"], d["pages"]["last"]] for d in f["documents"]]
        assert [d["source_pages"] for d in rec["documents"]] == expected, f["file"]
        for doc in rec["documents"]:
            assert doc["status"] in ("routed", "review")
            assert doc["storage_key"] and doc["sha256"] and doc["original_key"]
            assert doc["pdfa"] == "2B", (f["file"], doc["route"])


def test_originals_and_einvoices_are_kept_byte_for_byte(
    ingested: list[dict[str, Any]],
    env: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    by_source = {r["source"]: r for r in ingested}
    for name in ("paperless__signed.pdf", "mustang__zugferd_RE-20170509_505.pdf"):
        (doc,) = by_source[name]["documents"]
        assert doc["route"] == "original_bytes" and doc["pdfa"] is None
        original = hashlib.sha256((CORPUS / name).read_bytes()).hexdigest()
        assert doc["sha256"] == original
    (zugferd,) = by_source["mustang__zugferd_RE-20170509_505.pdf"]["documents"]
    assert any(a["name"].lower().endswith(".xml") for a in zugferd["metadata"]["attachments"])
    src = by_source["letter_png_200dpi.png"]
    dest = tmp_path / "orig.png"
    _cli(
        env,
        monkeypatch,
        capsys,
        "documents",
        "export",
        src["documents"][0]["id"],
        str(dest),
        "--original",
    )
    assert dest.read_bytes() == (LETTERS / "letter_png_200dpi.png").read_bytes()


def test_distinctive_words_are_findable(
    ingested: list[dict[str, Any]],
    env: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    by_source = {r["source"]: r for r in ingested}
    misses = []
    for f in manifest()["files"]:
        docs = by_source[f["file"]]["documents"]
        for expected, doc in zip(f["documents"], docs, strict=True):
            for word in expected["distinctive_words"]:
                result = _cli(env, monkeypatch, capsys, "search", word, "--limit", "50", "--json")
                if doc["id"] not in [h["id"] for h in result["hits"]]:
                    misses.append((f["file"], word))
    assert misses == []


def test_search_handles_german_forms(
    ingested: list[dict[str, Any]],
    env: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = _cli(env, monkeypatch, capsys, "search", "Grundsteuerbescheide", "--json")
    assert result["total"] >= 1
    assert "«" in result["hits"][0]["snippet"]


def test_exported_pdfa_passes_verapdf(
    ingested: list[dict[str, Any]],
    env: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    failures = []
    for rec in ingested:
        for doc in rec["documents"]:
            if doc["pdfa"] is None:
                continue
            dest = tmp_path / f"{doc['id']}.pdf"
            _cli(env, monkeypatch, capsys, "documents", "export", doc["id"], str(dest))
            assert pdfa_part(dest) == "2B"
            ok, report = validate_pdfa(dest, "2b")
            if not ok:
                failures.append((rec["source"], doc["route"], report[-800:]))
    assert failures == []


def test_listing_commands_speak_json(
    ingested: list[dict[str, Any]],
    env: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    docs = _cli(env, monkeypatch, capsys, "documents", "list", "--limit", "200", "--json")
    assert len(docs) == sum(len(r["documents"]) for r in ingested)
    required = {
        "id",
        "scan_id",
        "source",
        "station",
        "received_at",
        "source_pages",
        "pages",
        "sha256",
        "storage_key",
        "status",
        "department",
        "confidence",
        "candidates",
        "metadata",
        "restricted",
        "dms",
    }
    assert all(required <= set(d) for d in docs)
    shown = _cli(env, monkeypatch, capsys, "documents", "show", docs[0]["id"], "--json")
    assert [e["kind"] for e in shown["events"]][:1] == ["scan.received"]
    status = _cli(env, monkeypatch, capsys, "status", "--json")
    assert status["queue"]["pending"] == 0 and status["queue"]["running"] == 0


def test_ingesting_the_same_file_again_is_a_duplicate(
    ingested: list[dict[str, Any]],
    env: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (rec,) = _cli(
        env,
        monkeypatch,
        capsys,
        "ingest",
        str(LETTERS / "letter_png_200dpi.png"),
        "--json",
        "--no-progress",
    )
    first = next(r for r in ingested if r["source"] == "letter_png_200dpi.png")
    assert rec["status"] == "duplicate" and rec["duplicate_of"] == first["scan_id"]
    assert rec["documents"] == []


def test_check_reports_tools(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SCANSTATION_DATA_DIR", str(tmp_path))
    rc = main(["check", "--json"])
    rows = json.loads(capsys.readouterr().out)
    assert rc == 0, rows
    names = {r["name"]: r for r in rows}
    assert "deu" in names["tesseract languages"]["detail"]
    monkeypatch.setenv("SCANSTATION_OCR__LANGUAGES", '["deu", "xyz"]')
    assert main(["check", "--json"]) == 4
    rows = json.loads(capsys.readouterr().out)
    bad = [r for r in rows if not r["ok"]]
    assert [r["name"] for r in bad] == ["tesseract languages"] and "xyz" in bad[0]["detail"]


def test_letter_metadata_is_extracted(ingested: list[dict[str, Any]]) -> None:
    """Regression guard on the OCRed letters (measured: dates 9/11, references 7/12);
    the born-digital letter must come out exactly."""
    by_source = {r["source"]: r for r in ingested}
    dates = refs_wanted = refs_found = letters = 0
    for f in manifest()["files"]:
        for expected, doc in zip(f["documents"], by_source[f["file"]]["documents"], strict=True):
            meta = doc["metadata"]
            letters += 1
            dates += meta["letter_date"] == expected["letter_date"]
            got = {r["value"] for r in meta["references"]}
            refs_wanted += len(expected["references"])
            refs_found += sum(r["value"] in got for r in expected["references"])
    assert dates / letters >= 0.75, (dates, letters)
    assert refs_found / refs_wanted >= 0.5, (refs_found, refs_wanted)
    (digital,) = by_source["letter_born_digital.pdf"]["documents"]
    assert digital["metadata"]["letter_date"] == "2024-09-12"
    assert digital["metadata"]["subject"] == "Mitteilung über den Gewerbesteuermessbetrag 2023"
    assert digital["metadata"]["sender"] == "Finanzamt Braunschweig-Wilhelmstraße"
    assert [r["value"] for r in digital["metadata"]["references"]] == ["13/174/95487"]


def test_letters_are_routed_to_their_departments(ingested: list[dict[str, Any]]) -> None:
    """Every auto-routed letter is in the right department; the rest wait for review
    with candidates. (Measured on the committed letters: 11/11 routed correctly.)"""
    by_source = {r["source"]: r for r in ingested}
    routed = wrong = total = 0
    for f in manifest()["files"]:
        for expected, doc in zip(f["documents"], by_source[f["file"]]["documents"], strict=True):
            total += 1
            assert len(doc["candidates"]) == 3 and doc["confidence"] is not None
            if doc["status"] == "routed":
                routed += 1
                wrong += doc["department"] != expected["department"]
            else:
                assert doc["department"] is None
    assert wrong == 0
    assert routed / total >= 0.8, (routed, total)


def test_routed_letters_are_handed_to_enaio_once(
    ingested: list[dict[str, Any]], env: dict[str, Any]
) -> None:
    """``ingest`` delivers routed letters to the DMS (here the built-in simulator):
    each record names its enaio object, and enaio holds it with the index data."""
    from dms_connector.simulator import SimSettings, start_simulator

    routed = [d for r in ingested for d in r["documents"] if d["status"] == "routed"]
    assert routed and all(d["dms"]["state"] == "delivered" for d in routed), [
        d["dms"] for d in routed
    ]
    sim = start_simulator(
        SimSettings(data_dir=Path(env["SCANSTATION_DATA_DIR"]) / "enaio-sim", users={"t": "t"}),
        port=0,
    )
    try:
        objects = {o["id"]: o for o in sim.objects()}
    finally:
        sim.stop()
    for doc in routed:
        obj = objects[doc["dms"]["object_id"]]
        assert obj["fields"]["ExterneId"] == doc["id"]
        assert objects[obj["parent_id"]]["fields"]["Kennung"] == doc["department"]
        assert obj["fields"]["Organisationseinheit"] == doc["department"]
        if doc["metadata"]["letter_date"]:
            assert obj["fields"]["Briefdatum"] == doc["metadata"]["letter_date"]
    docs_in_enaio = [o for o in objects.values() if o["main_type"] == "document"]
    assert len(docs_in_enaio) == len(routed)
