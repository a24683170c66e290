"""Validate PDF/A files with veraPDF (installed by scripts/install-verapdf.sh)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.services import missing

REPO = Path(__file__).resolve().parent.parent
WRAPPER = REPO / ".cache" / "verapdf" / "verapdf"


def validate_pdfa(path: Path, flavour: str = "2b") -> tuple[bool, str]:
    """Return (compliant, report) for ``path`` against the PDF/A ``flavour`` profile.

    The report is veraPDF's machine-readable XML. Skips (locally) or fails
    (CI) when veraPDF is not installed.
    """
    if not WRAPPER.is_file():
        missing("veraPDF (scripts/install-verapdf.sh)")
    proc = subprocess.run(
        [str(WRAPPER), "--flavour", flavour, str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    match = re.search(r'isCompliant="(true|false)"', proc.stdout)
    if match is None:
        raise RuntimeError(f"veraPDF gave no verdict (rc={proc.returncode}): {proc.stderr[-2000:]}")
    return match.group(1) == "true", proc.stdout


def failed_rules(report: str) -> list[str]:
    """The failed rules of a veraPDF report, as 'clause-test' strings."""
    return [
        f"{clause}-{test}"
        for clause, test in re.findall(
            r'clause="([^"]+)" testNumber="(\d+)" status="failed"', report
        )
    ]
