"""The CPU-heavy stage bodies, run in worker processes (never in a server's
threads). Each takes and returns plain picklable data; exceptions are turned
into a :class:`TaskFailure` here because exception objects with extra state do
not survive pickling."""

from __future__ import annotations

import logging
import os
import shutil
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.config import LimitsConfig, OcrConfig, SeparationConfig
from ingest.errors import IngestError, ReasonCode
from ingest.models import PageRange, info_from_dict, info_to_dict

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TaskFailure:
    code: str
    message: str
    retryable: bool
    unexpected: bool = False  # a bug or a crash, not a known input problem


def _guarded(fn: Any, *args: Any) -> Any:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        return fn(*args)
    except IngestError as e:
        return TaskFailure(str(e.code), str(e), e.retryable)
    except Exception as e:
        log.error("task failed unexpectedly: %s", traceback.format_exc())
        return TaskFailure(ReasonCode.INTERNAL_ERROR, f"{type(e).__name__}: {e}", True, True)


def inspect_task(spool: str, limits: dict[str, Any]) -> dict[str, Any] | TaskFailure:
    from ingest.inspect import inspect_file

    def body() -> dict[str, Any]:
        return info_to_dict(inspect_file(Path(spool), LimitsConfig.model_validate(limits)))

    return _guarded(body)  # type: ignore[no-any-return]


def separate_task(
    spool: str, info: dict[str, Any], separation: dict[str, Any]
) -> list[list[int]] | TaskFailure:
    from ingest.separate import find_separator_pages, split_ranges

    def body() -> list[list[int]]:
        parsed = info_from_dict(info)
        cfg = SeparationConfig.model_validate(separation)
        separators: tuple[int, ...] = ()
        if cfg.enabled and not parsed.keep_original_bytes:
            separators = find_separator_pages(Path(spool), parsed.kind, cfg)
        return [[r.first, r.last] for r in split_ranges(parsed.page_count, separators)]

    return _guarded(body)  # type: ignore[no-any-return]


def convert_task(
    spool: str,
    info: dict[str, Any],
    pages: list[int],
    workdir: str,
    ocr: dict[str, Any],
    limits: dict[str, Any],
) -> dict[str, Any] | TaskFailure:
    from ingest.datezone import read_date_zone
    from ingest.extract import letter_date_in_text
    from ingest.ocr import convert_document

    def body() -> dict[str, Any]:
        work = Path(workdir)
        if work.exists():  # a previous attempt died half-way: start clean
            shutil.rmtree(work)
        work.mkdir(parents=True)
        result = convert_document(
            Path(spool),
            info_from_dict(info),
            PageRange(pages[0], pages[1]),
            work,
            OcrConfig.model_validate(ocr),
            LimitsConfig.model_validate(limits),
        )
        attachments = []
        att_dir = work / "attachments"
        for n, att in enumerate(result.attachments, 1):
            att_dir.mkdir(exist_ok=True)
            path = att_dir / f"{n}"
            path.write_bytes(att.data)
            attachments.append({"name": att.name, "path": str(path), "mime_type": att.mime_type})
        zone: list[str] = []
        if result.route.startswith("ocr") and letter_date_in_text(result.page_texts) is None:
            zone = read_date_zone(Path(result.pdf_path), OcrConfig.model_validate(ocr))
        return {
            "pdf_path": result.pdf_path,
            "page_texts": list(result.page_texts),
            "date_zone": zone,
            "route": result.route,
            "pdfa": result.pdfa,
            "attachments": attachments,
            "warnings": list(result.warnings),
        }

    return _guarded(body)  # type: ignore[no-any-return]
