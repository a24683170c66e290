"""``scanstation check``: are the external programs and backends usable?"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

from scanstation.service import hot_folders
from scanstation.wiring import Services


@dataclass(frozen=True, slots=True)
class CheckResult:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def _version(cmd: list[str]) -> str:
    exe = shutil.which(cmd[0])
    if exe is None:
        raise FileNotFoundError(f"{cmd[0]} not found on PATH")
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False)
    text = (out.stdout or out.stderr).strip().splitlines()
    if out.returncode != 0 and not text:
        raise RuntimeError(f"{cmd[0]} exited with {out.returncode}")
    return text[0] if text else "?"


def _tesseract_langs(required: list[str]) -> str:
    out = subprocess.run(
        ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=False
    )
    langs = {line.strip() for line in (out.stdout + out.stderr).splitlines()[1:]}
    missing = [lang for lang in required if lang not in langs]
    if missing:
        raise RuntimeError(f"language data missing: {', '.join(missing)}")
    return "languages " + ", ".join(sorted(lang for lang in langs if lang))


def _package(name: str) -> str:
    return f"{name} {importlib.metadata.version(name)}"


def _writable(services: Services) -> str:
    folders = [
        *hot_folders(services.settings),
        services.settings.spool_dir,
        services.settings.quarantine_dir,
    ]
    for folder in folders:
        with tempfile.NamedTemporaryFile(dir=folder):
            pass
    return ", ".join(str(f) for f in folders)


def run_checks(services: Services, *, only: set[str] | None = None) -> list[CheckResult]:
    s = services.settings
    apt = "install it with the README's set-up command (apt package {})"
    probes: list[tuple[str, Callable[[], str], str]] = [
        ("tesseract", lambda: _version(["tesseract", "--version"]), apt.format("tesseract-ocr")),
        (
            "tesseract languages",
            lambda: _tesseract_langs(s.ocr.languages),
            apt.format("tesseract-ocr-deu / tesseract-ocr-eng"),
        ),
        ("ghostscript", lambda: "gs " + _version(["gs", "--version"]), apt.format("ghostscript")),
        ("qpdf", lambda: _version(["qpdf", "--version"]), apt.format("qpdf")),
        ("unpaper", lambda: "unpaper " + _version(["unpaper", "--version"]), apt.format("unpaper")),
        ("pngquant", lambda: _version(["pngquant", "--version"]), apt.format("pngquant")),
        ("ocrmypdf", lambda: _package("ocrmypdf"), "pip install ocrmypdf"),
        ("pikepdf", lambda: _package("pikepdf"), "pip install pikepdf"),
        ("zxing-cpp", lambda: _package("zxing-cpp"), "pip install zxing-cpp"),
        ("catalog", lambda: _catalog(services), "check catalog_url"),
        ("archive", lambda: _archive(services), "check the archive settings"),
        ("search index", lambda: _index(services), "check the search settings"),
        ("folders", lambda: _writable(services), "make the data and hot folders writable"),
        (
            "dms",
            lambda: _dms(services),
            "check dms.base_url, dms.username and SCANSTATION_DMS__PASSWORD (or dms.enabled)",
        ),
    ]
    results = []
    for name, probe, fix in probes:
        if only is not None and name not in only:
            continue
        try:
            results.append(CheckResult(name, True, probe()))
        except Exception as e:
            results.append(CheckResult(name, False, f"{type(e).__name__}: {e}", fix))
    return results


def _catalog(services: Services) -> str:
    from sqlalchemy import text

    with services.catalog() as session:
        session.execute(text("SELECT 1"))
        url = services.settings.effective_catalog_url()
    return url.split("@")[-1] if "@" in url else url


def _archive(services: Services) -> str:
    services.archive.check()
    return f"{services.settings.archive.backend} ok"


def _index(services: Services) -> str:
    services.index.check()
    return f"{services.settings.search.backend} ok"


def _dms(services: Services) -> str:
    cfg = services.settings.dms
    if not cfg.enabled:
        return "disabled"
    if cfg.target == "simulator":
        return (
            f"enaio SIMULATOR (not a real enaio), started with 'scanstation run' on "
            f"{cfg.simulator.host}:{cfg.simulator.port}"
        )
    from scanstation.wiring import build_dms_client

    client = build_dms_client(services.settings)
    try:
        client.check()
    finally:
        client.close()
    return f"enaio {cfg.api} API at {cfg.base_url} ok"


def omp_note() -> str:
    value = os.environ.get("OMP_THREAD_LIMIT")
    return (
        f"OMP_THREAD_LIMIT={value}" if value else "OMP_THREAD_LIMIT unset (OCR workers set it to 1)"
    )


PREFLIGHT = {"tesseract", "tesseract languages", "ghostscript", "qpdf"}


def preflight(services: Services) -> None:
    """Fail fast before processing when an OCR program is missing."""
    from scanstation.errors import ExitCode, ScanstationError

    failed = [r for r in run_checks(services, only=PREFLIGHT) if not r.ok]
    if failed:
        lines = "; ".join(f"{r.name}: {r.detail} -> {r.fix}" for r in failed)
        raise ScanstationError(f"cannot process scans: {lines}", ExitCode.DEPENDENCY)
