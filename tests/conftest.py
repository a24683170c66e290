from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
RESOURCES = REPO / "tests" / "resources"

# Every OCR process in tests is single-threaded, as in production.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@pytest.fixture(scope="session")
def resources() -> Path:
    return RESOURCES
