"""extract_metadata against the labelled letters of tests/resources/letters.

Two corpora: (1) letters from ``make_letters.py`` turned into text straight
from their layout (fast, no OCR; the same templates as the committed scans,
so this is a regression check, not a held-out score); (2) the committed scans
through the real OCRmyPDF/Tesseract conversion (marked ``ocr``).
"""

from __future__ import annotations

import importlib.util
import json
import random
import shutil
import sys
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ingest.config import LimitsConfig, OcrConfig
from ingest.extract import LetterMetadata, extract_metadata
from ingest.inspect import inspect_file
from ingest.models import PageRange
from ingest.ocr import convert_document

LETTERS = Path(__file__).resolve().parents[1] / "resources" / "letters"
# kinds in the manifest that extract_metadata does not extract (not in REFERENCE_KINDS)
UNSUPPORTED_KINDS = {"kennzeichen", "mastnummer"}


def _generator() -> ModuleType:
    fonts = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not fonts.exists():
        pytest.skip("DejaVu fonts are needed to lay out generated letters")
    spec = importlib.util.spec_from_file_location("make_letters", LETTERS / "make_letters.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_letters"] = module
    spec.loader.exec_module(module)
    return module


def _layout_text(gen: ModuleType, letter: Any, seed: int) -> list[str]:
    """Page texts in reading order (rows by y, then x), as a text layer would give."""
    ops, pages = gen.layout(letter, random.Random(seed))
    texts = []
    for page in range(pages):
        rows: dict[float, list[tuple[float, str]]] = {}
        for op in ops:
            if op.kind == "text" and op.page == page:
                x = op.x - len(op.text) if op.align == "right" else op.x
                rows.setdefault(round(op.y, 1), []).append((x, op.text))
        texts.append("\n".join(" ".join(t for _, t in sorted(rows[y])) for y in sorted(rows)))
    return texts


class Score:
    def __init__(self) -> None:
        self.n = self.dates = self.senders = self.subjects = self.refs = self.ref_total = 0

    def add(self, meta: LetterMetadata, truth: dict[str, Any]) -> None:
        self.n += 1
        self.dates += meta.letter_date == date.fromisoformat(truth["letter_date"])
        self.senders += meta.sender == truth["sender"]["name"]
        self.subjects += meta.subject == truth["subject"]
        found = {(r.kind, r.value) for r in meta.references}
        for ref in truth["references"]:
            if ref["kind"] not in UNSUPPORTED_KINDS:
                self.ref_total += 1
                self.refs += (ref["kind"], ref["value"]) in found

    def line(self, name: str) -> str:
        return (
            f"\n{name} n={self.n}: date {self.dates}/{self.n}, sender {self.senders}/{self.n}, "
            f"subject {self.subjects}/{self.n}, reference recall {self.refs}/{self.ref_total}"
        )


def test_generated_letters(capsys: pytest.CaptureFixture[str]) -> None:
    gen = _generator()
    score = Score()
    flagged: list[str] = []
    for i in range(120):
        letter = gen.make_letter(11, i)
        if i % 3 == 0:
            letter.stamp = "EINGANG"  # an incoming-mail stamp with a later date, top right
        meta = extract_metadata(_layout_text(gen, letter, i))
        score.add(meta, letter.manifest())
        if meta.restricted != (letter.scenario == "kostenerstattung_jugendhilfe"):
            flagged.append(f"{letter.scenario}: {meta.restricted_reasons}")
    with capsys.disabled():
        print(score.line("generated letters (layout text)"))
    assert score.dates / score.n >= 0.95
    assert score.refs / score.ref_total >= 0.95
    assert score.senders / score.n >= 0.9
    assert not flagged


@pytest.mark.ocr
@pytest.mark.slow
def test_committed_scans_through_ocr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if shutil.which("tesseract") is None or shutil.which("gs") is None:
        from tests.services import missing

        missing("tesseract/ghostscript")
    manifest = json.loads((LETTERS / "manifest.json").read_text(encoding="utf-8"))
    score = Score()
    for entry in manifest["files"]:
        src = LETTERS / entry["file"]
        info = inspect_file(src, LimitsConfig())
        for doc in entry["documents"]:
            pages = PageRange(doc["pages"]["first"], doc["pages"]["last"])
            work = tmp_path / doc["id"]
            res = convert_document(src, info, pages, work, OcrConfig(), LimitsConfig())
            meta = extract_metadata(res.page_texts, Path(res.pdf_path))
            score.add(meta, doc)
            assert not meta.restricted, (doc["id"], meta.restricted_reasons)
    with capsys.disabled():
        print(score.line("committed scans (OCR)"))
    assert score.dates / score.n >= 0.9
    assert score.refs / score.ref_total >= 0.8
