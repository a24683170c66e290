"""Real OCRmyPDF/Tesseract conversions (marked ``ocr``; each takes seconds)."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from ingest.config import LimitsConfig, OcrConfig
from ingest.errors import IngestError, ReasonCode
from ingest.inspect import inspect_file
from ingest.models import ConversionResult, PageRange
from ingest.ocr import _sidecar_pages, convert_document, ocrmypdf_command
from ingest.pdftext import page_texts

CORPUS = Path(__file__).resolve().parent.parent / "resources" / "corpus"
LIMITS = LimitsConfig()
CFG = OcrConfig()


def _ocr_tools_available() -> bool:
    return shutil.which("tesseract") is not None and shutil.which("gs") is not None


def _convert(
    src: Path,
    workdir: Path,
    pages: PageRange | None = None,
    cfg: OcrConfig = CFG,
    limits: LimitsConfig = LIMITS,
) -> ConversionResult:
    if not _ocr_tools_available():
        from tests.services import missing

        missing("tesseract/ghostscript")
    info = inspect_file(src, LIMITS)
    return convert_document(src, info, pages or PageRange(1, info.page_count), workdir, cfg, limits)


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def test_command_line_follows_config(tmp_path: Path) -> None:
    cfg = OcrConfig(deskew=True, jobs_per_document=2, optimize=2)
    cmd = ocrmypdf_command(
        tmp_path / "a.pdf",
        tmp_path / "b.pdf",
        tmp_path / "b.txt",
        [],
        cfg,
        LimitsConfig(max_image_mpixels=50),
    )
    assert cmd[1:3] == ["-m", "ocrmypdf"]
    joined = " ".join(cmd)
    for part in (
        "--output-type pdfa-2",
        "-l deu+eng",
        "-O 2",
        "--jobs 2",
        "--max-image-mpixels 50.0",
        "--image-dpi 300",
        "--rotate-pages",
        "--deskew",
    ):
        assert part in joined
    assert "--clean" not in cmd
    plugin = cmd[cmd.index("--plugin") + 1]
    assert plugin.endswith("ocr_unline.py") and Path(plugin).is_file()
    off = ocrmypdf_command(
        tmp_path / "a.pdf", tmp_path / "b.pdf", tmp_path / "b.txt", [],
        OcrConfig(remove_lines=False, whiten_background=False), LIMITS,
    )  # fmt: skip
    assert "--plugin" not in off
    assert "--scanstation-whiten" in cmd and "--scanstation-keep-lines" not in cmd
    whiten_only = ocrmypdf_command(
        tmp_path / "a.pdf", tmp_path / "b.pdf", tmp_path / "b.txt", [],
        OcrConfig(remove_lines=False), LIMITS,
    )  # fmt: skip
    assert "--plugin" in whiten_only and "--scanstation-keep-lines" in whiten_only


@pytest.mark.ocr
def test_image_only_scan_is_ocred(tmp_path: Path) -> None:
    result = _convert(CORPUS / "paperless__tagged-but-no-text.pdf", tmp_path)
    assert (result.route, result.pdfa) == ("ocr", "2B")
    assert "this is a test" in _norm(result.page_texts[0])
    assert "this is a test" in _norm(page_texts(Path(result.pdf_path))[0])


@pytest.mark.ocr
def test_rotated_page_of_a_range_is_turned_upright(tmp_path: Path) -> None:
    # cardinal.pdf page 3 is printed upside down; only that page is converted.
    result = _convert(CORPUS / "ocrmypdf__cardinal.pdf", tmp_path, PageRange(3, 3))
    assert len(result.page_texts) == 1
    words = _norm(result.page_texts[0])
    assert "linn" in words and "sequencer" in words


@pytest.mark.ocr
def test_multi_frame_tiff_without_dpi(tmp_path: Path) -> None:
    result = _convert(CORPUS / "paperless__multi-page-images.tiff", tmp_path)
    assert (result.route, result.pdfa) == ("ocr", "2B")
    assert [f"page {n}" in _norm(t) for n, t in enumerate(result.page_texts, 1)] == [True] * 3


@pytest.mark.ocr
def test_mixed_pdf_keeps_text_and_ocrs_the_rest(tmp_path: Path) -> None:
    src = CORPUS / "paperless__multi-page-mixed.pdf"
    before = page_texts(src)
    result = _convert(src, tmp_path)
    assert result.route in ("ocr_skip_text", "ocr_skip_text_pdfa")
    assert result.pdfa == "2B"
    assert len(result.page_texts) == 6
    for n, text in enumerate(result.page_texts, 1):
        assert f"page {n}" in _norm(text)
    assert result.page_texts[3:] == before[3:]  # the text layer of pages 4-6 is untouched


@pytest.mark.ocr
def test_born_digital_keeps_its_text_layer(tmp_path: Path) -> None:
    src = CORPUS / "docspell__letter-de.pdf"
    result = _convert(src, tmp_path)
    assert (result.route, result.pdfa) == ("born_digital_pdfa", "2B")
    assert result.page_texts == page_texts(src)
    assert "kündige" in result.page_texts[0] and "Grüßen" in result.page_texts[0]


@pytest.mark.ocr
def test_born_digital_with_unembedded_font_is_rasterised(tmp_path: Path) -> None:
    src = tmp_path / "helvetica.pdf"
    c = canvas.Canvas(str(src))
    c.setFont("Helvetica", 16)
    c.drawString(72, 700, "Rechnung Nummer 4711 vom Tiefbauamt")
    c.save()
    result = _convert(src, tmp_path / "work")
    assert (result.route, result.pdfa) == ("born_digital_rasterised", "2B")
    assert any("Helvetica" in w for w in result.warnings)
    assert "rechnung nummer 4711" in _norm(result.page_texts[0])


@pytest.mark.ocr
def test_signed_pdf_is_kept_byte_for_byte(tmp_path: Path) -> None:
    src = CORPUS / "paperless__signed.pdf"
    result = _convert(src, tmp_path)
    assert (result.route, result.pdfa) == ("original_bytes", None)
    digest = hashlib.sha256(Path(result.pdf_path).read_bytes()).hexdigest()
    assert digest == hashlib.sha256(src.read_bytes()).hexdigest()
    assert "digitally signed" in result.page_texts[0]


@pytest.mark.ocr
def test_einvoice_keeps_original_and_returns_the_xml(tmp_path: Path) -> None:
    src = CORPUS / "mustang__zugferd_RE-20170509_505.pdf"
    result = _convert(src, tmp_path)
    assert result.route == "original_bytes"
    assert Path(result.pdf_path).read_bytes() == src.read_bytes()
    assert [a.name for a in result.attachments] == ["ZUGFeRD-invoice.xml"]
    assert "RE-20170509/505" in result.page_texts[0]


def test_signed_pdf_is_only_converted_whole(tmp_path: Path) -> None:
    src = CORPUS / "paperless__signed.pdf"
    info = inspect_file(src, LIMITS)
    with pytest.raises(IngestError):
        convert_document(src, info, PageRange(1, 2), tmp_path, CFG, LIMITS)


@pytest.mark.ocr
@pytest.mark.parametrize(
    ("cfg", "limits", "code"),
    [
        (OcrConfig(timeout_seconds=0.5), LIMITS, ReasonCode.OCR_TIMEOUT),
        (OcrConfig(memory_limit_mb=8), LIMITS, ReasonCode.OCR_OUT_OF_MEMORY),
        (CFG, LimitsConfig(max_image_mpixels=1), ReasonCode.IMAGE_TOO_LARGE),
    ],
    ids=["timeout", "memory", "pixel-bomb"],
)
def test_guards_stop_the_ocr_process(
    tmp_path: Path, cfg: OcrConfig, limits: LimitsConfig, code: ReasonCode
) -> None:
    with pytest.raises(IngestError) as info:
        _convert(CORPUS / "paperless__tagged-but-no-text.pdf", tmp_path, cfg=cfg, limits=limits)
    assert info.value.code is code, str(info.value)
    assert os.environ.get("OMP_THREAD_LIMIT") == "1"


def test_sidecar_gives_one_entry_per_page_for_a_run_of_skipped_pages(tmp_path: Path) -> None:
    # OCRmyPDF --skip-text writes one marker for consecutive pages that have text.
    sidecar = tmp_path / "s.txt"
    sidecar.write_text(
        "[OCR skipped on page(s) 1-2]\fpage three\f[OCR skipped on page(s) 4]\fpage five\f",
        encoding="utf-8",
    )
    assert _sidecar_pages(sidecar) == ("", "", "page three", "", "page five")


@pytest.mark.ocr
def test_mixed_range_keeps_each_page_its_own_text(tmp_path: Path) -> None:
    # Pages 1-2 carry text, page 3 is a scanned separator sheet: the OCR text of
    # page 3 used to be looked up at the wrong index (IndexError).
    src = CORPUS / "paperless__several-patcht-codes.pdf"
    result = _convert(src, tmp_path, PageRange(1, 3))
    assert len(result.page_texts) == 3
    assert result.route in ("ocr_skip_text", "ocr_skip_text_pdfa")
    assert "OCR skipped" not in " ".join(result.page_texts)
    assert all(text.strip() for text in result.page_texts[:2])
