"""Moving files that cannot be processed into quarantine/, with a sidecar.

Each quarantined file sits next to ``<name>.error.json`` holding a stable
reason code, the stage, a message that says what to do, and the ids. The
file name starts with the scan id so names never collide.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from scanstation.catalog.clock import utcnow

_UNSAFE = re.compile(r"[^A-Za-z0-9ÄÖÜäöüß._ -]+")

# What a person can do about each reason (shown in the sidecar and the CLI).
ADVICE = {
    "empty_file": "The file was empty. Scan the letter again.",
    "not_a_document": "Not a PDF, TIFF, JPEG or PNG. Check the scanner's output format.",
    "unsupported_type": "This file type is not accepted. Save it as PDF, TIFF, JPEG or PNG.",
    "corrupt_file": "The file is damaged. Scan again or ask the sender for a new copy.",
    "encrypted_pdf": "The PDF is password-protected. Ask the sender for an unprotected copy.",
    "unsupported_pdf": "The PDF uses dynamic XFA forms. Print it to PDF and drop it again.",
    "image_too_large": "Page image too large. Scan at 300 dpi or raise limits.max_image_mpixels.",
    "file_too_large": "The file is too large. Split it or raise limits.max_file_bytes.",
    "symlink": "Symbolic links are not followed. Copy the real file into the hot folder.",
    "unsafe_name": "The file name cannot be stored safely. Rename it and drop it again.",
    "no_pages": "The scan has no pages (or only separator sheets). Check the stack.",
    "ocr_failed": "OCR failed. Re-scan the pages; see the message for details.",
    "ocr_timeout": "OCR took too long. Split the stack or raise ocr.timeout_seconds.",
    "ocr_out_of_memory": "Out of memory in OCR. Scan at lower dpi or raise ocr.memory_limit_mb.",
    "pdfa_failed": "The PDF/A conversion failed. See the message; the original is kept.",
    "internal_error": "An unexpected error occurred. Report it to IT with the scan id.",
}


@dataclass(frozen=True, slots=True)
class QuarantineRecord:
    code: str
    stage: str
    message: str
    advice: str
    scan_id: str | None
    document_id: str | None
    original_name: str
    quarantined_at: str


def safe_name(name: str, limit: int = 120) -> str:
    """A file-system-safe version of an arbitrary (possibly undecodable) name."""
    cleaned = _UNSAFE.sub("_", name.encode("utf-8", "replace").decode("utf-8", "replace"))
    cleaned = cleaned.strip(" .") or "file"
    return cleaned[-limit:]


def quarantine(
    src: Path,
    qdir: Path,
    *,
    code: str,
    stage: str,
    message: str,
    original_name: str,
    scan_id: str | None,
    document_id: str | None = None,
    copy: bool = False,
) -> Path:
    """Move (or copy) ``src`` into ``qdir`` and write its sidecar. Returns the new path.

    With ``copy`` the source stays where it is; a source that is not a regular
    file (a directory, a device, a link) is then not taken at all and only the
    sidecar records it."""
    qdir.mkdir(parents=True, exist_ok=True)
    prefix = document_id or scan_id or utcnow().strftime("%Y%m%dT%H%M%S")
    dest = _free_path(qdir / f"{prefix}__{safe_name(original_name)}")
    record = QuarantineRecord(
        code=code,
        stage=stage,
        message=message,
        advice=ADVICE.get(code, ADVICE["internal_error"]),
        scan_id=scan_id,
        document_id=document_id,
        original_name=original_name,
        quarantined_at=utcnow().isoformat(),
    )
    sidecar = dest.with_name(dest.name + ".error.json")
    tmp = sidecar.with_name(sidecar.name + ".tmp")
    tmp.write_text(json.dumps(asdict(record), ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, sidecar)
    if not copy:
        _move(src, dest)
    elif not src.is_symlink() and src.is_file():
        shutil.copy2(src, dest)
    return dest


def _move(src: Path, dest: Path) -> None:
    try:
        os.rename(src, dest)
    except OSError:
        if src.is_symlink():
            dest.symlink_to(os.readlink(src))
            src.unlink()
        else:
            shutil.copy2(src, dest)
            src.unlink()


def _free_path(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists() or candidate.is_symlink():
        candidate = path.with_name(f"{path.stem}.{n}{path.suffix}")
        n += 1
    return candidate


def list_quarantine(qdir: Path) -> list[dict[str, object]]:
    """Every sidecar in the quarantine folder, newest first."""
    if not qdir.is_dir():
        return []
    rows: list[dict[str, object]] = []
    for sidecar in qdir.glob("*.error.json"):
        try:
            data = json.loads(sidecar.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        data["path"] = str(sidecar.with_name(sidecar.name.removesuffix(".error.json")))
        rows.append(data)
    rows.sort(key=lambda r: str(r.get("quarantined_at", "")), reverse=True)
    return rows
