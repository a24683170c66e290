"""Shared helpers for the end-to-end tests."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf

REPO = Path(__file__).resolve().parents[2]
LETTERS = REPO / "tests" / "resources" / "letters"
CORPUS = REPO / "tests" / "resources" / "corpus"


def manifest() -> dict[str, Any]:
    return json.loads((LETTERS / "manifest.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def pdfa_part(path: Path) -> str | None:
    with pikepdf.open(path) as pdf:
        status = pdf.open_metadata().pdfa_status
    return status or None


def wait_for(predicate: Callable[[], bool], timeout: float, what: str, step: float = 0.5) -> None:
    """Poll until predicate() holds; fail with ``what`` after ``timeout`` seconds.
    (A guard against hanging, not a timing assertion.)"""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(step)
    raise AssertionError(f"timed out waiting for {what}")
