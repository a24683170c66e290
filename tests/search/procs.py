"""Helpers to run search code in child processes (for lock and crash tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def spawn(code: str, *args: str) -> subprocess.Popen[str]:
    """Start ``python -c code args...`` with the repo importable, pipes for stdin/stdout."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def expect_line(proc: subprocess.Popen[str], wanted: str) -> None:
    """Read the child's stdout until a line equals ``wanted`` (fails if it exits first)."""
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == wanted:
            return
    stderr = proc.stderr.read() if proc.stderr else ""
    raise AssertionError(f"child exited before printing {wanted!r}: {stderr}")
