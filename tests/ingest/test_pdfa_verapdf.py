"""Outputs of ingest.ocr validated by veraPDF (PDF/A-2B profile).

Run ``scripts/install-verapdf.sh`` first; without veraPDF these tests skip
locally and fail in CI.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from ingest.config import LimitsConfig, OcrConfig
from ingest.inspect import inspect_file
from ingest.models import PageRange
from ingest.ocr import convert_document
from ingest.pdftext import page_texts
from tests.verapdf import failed_rules, validate_pdfa

pytestmark = [pytest.mark.integration, pytest.mark.ocr]

CORPUS = Path(__file__).resolve().parent.parent / "resources" / "corpus"


def _convert_and_validate(src: Path, workdir: Path) -> tuple[str, Path]:
    info = inspect_file(src, LimitsConfig())
    result = convert_document(
        src, info, PageRange(1, info.page_count), workdir, OcrConfig(), LimitsConfig()
    )
    out = Path(result.pdf_path)
    ok, report = validate_pdfa(out, "2b")
    assert ok, f"{src.name} ({result.route}): veraPDF failed {failed_rules(report)}"
    assert result.pdfa == "2B"
    assert len(result.page_texts) == len(page_texts(out))
    return result.route, out


def _reportlab_ttf(path: Path) -> Path:
    font = os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf")
    pdfmetrics.registerFont(TTFont("Vera", font))
    c = canvas.Canvas(str(path))
    c.setTitle("Bescheid")
    c.setFont("Vera", 14)
    c.drawString(72, 700, "Sehr geehrte Frau Müller, Ihr Antrag vom 3. März ist eingegangen.")
    c.showPage()
    c.setFont("Vera", 14)
    c.drawString(72, 700, "Seite 2: Straße, Größe, Übergabe")
    c.save()
    return path


def _reportlab_helvetica(path: Path) -> Path:
    c = canvas.Canvas(str(path))
    c.setFont("Helvetica", 16)
    c.drawString(72, 700, "Rechnung Nummer 4711 vom Tiefbauamt")
    c.save()
    return path


@pytest.mark.parametrize(
    "name",
    [
        "docspell__letter-de.pdf",
        "paperless__with-form.pdf",  # LibreOffice 7.0 with an AcroForm
        "paperless__invalid_pdf.pdf",  # 4 junk bytes before %PDF
        "docspell__protected-test123.pdf",  # owner password (AES-256)
        "ocrmypdf__graph_ocred.pdf",  # earlier OCR text layer
    ],
)
def test_born_digital_direct_route_is_valid_and_keeps_text(name: str, tmp_path: Path) -> None:
    src = CORPUS / name
    route, out = _convert_and_validate(src, tmp_path)
    assert route == "born_digital_pdfa"
    assert page_texts(out) == page_texts(src)


def test_reportlab_with_embedded_font_takes_direct_route(tmp_path: Path) -> None:
    src = _reportlab_ttf(tmp_path / "ttf.pdf")
    route, out = _convert_and_validate(src, tmp_path / "work")
    assert route == "born_digital_pdfa"
    assert page_texts(out) == page_texts(src)


def test_reportlab_standard_font_is_rasterised_into_valid_pdfa(tmp_path: Path) -> None:
    src = _reportlab_helvetica(tmp_path / "helv.pdf")
    route, _ = _convert_and_validate(src, tmp_path / "work")
    assert route == "born_digital_rasterised"


@pytest.mark.parametrize(
    "name",
    [
        "paperless__tagged-but-no-text.pdf",
        "paperless__multi-page-mixed.pdf",
        "paperless__multi-page-images.tiff",
    ],
)
def test_ocr_outputs_are_valid_pdfa(name: str, tmp_path: Path) -> None:
    route, _ = _convert_and_validate(CORPUS / name, tmp_path)
    assert route in ("ocr", "ocr_skip_text", "ocr_skip_text_pdfa")


def test_original_bytes_are_not_claimed_as_pdfa(tmp_path: Path) -> None:
    src = CORPUS / "paperless__signed.pdf"
    info = inspect_file(src, LimitsConfig())
    result = convert_document(src, info, PageRange(1, 1), tmp_path, OcrConfig(), LimitsConfig())
    ok, _ = validate_pdfa(Path(result.pdf_path), "2b")
    assert result.pdfa is None and not ok
