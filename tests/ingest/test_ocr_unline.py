"""Ruled lines are hidden from OCR, text is not (``ingest.ocr_unline``)."""

from __future__ import annotations

from pathlib import Path

import img2pdf
import numpy as np
import pikepdf
import pytest
from pikepdf import PdfImage
from PIL import Image, ImageDraw, ImageFont

from ingest.config import OcrConfig
from ingest.ocr_unline import otsu_threshold, remove_lines, unline_image, whiten_background
from tests.ingest.test_ocr import _convert

DPI = (300.0, 300.0)
FONTS = Path("/usr/share/fonts/truetype/dejavu")
FORMS = Path(__file__).resolve().parent.parent / "resources" / "forms"
FIELDS = (
    ("Unser Zeichen:", "GS 2026/07 - Ha"),
    ("Kassenzeichen:", "3800.0031.5"),
    ("Datum:", "14.03.2026"),
    ("Aktenzeichen:", "KG-LER-0315/HB"),
)


def _page(height: int = 600, width: int = 2480) -> np.ndarray:
    return np.full((height, width), 235, dtype=np.uint8)  # a grey scanner background


def test_a_long_thin_line_is_painted_in_the_background_colour() -> None:
    grey = _page()
    grey[300:304, 200:2200] = 60
    out, changed = remove_lines(grey, DPI)
    assert changed >= 4 * 2000
    assert out[296:308, 200:2200].min() >= 200
    assert grey[300:304, 200:2200].max() == 60  # the input is not modified


def test_text_strokes_short_dashes_and_filled_bars_stay() -> None:
    grey = _page()
    grey[100:160, 300:306] = 20  # a letter's stem, 0.2 in tall
    grey[200:204, 300:400] = 20  # a dash, 1/3 in: shorter than a rule
    grey[400:440, 300:1500] = 20  # a filled bar, 0.13 in thick
    out, changed = remove_lines(grey, DPI)
    assert changed == 0
    assert np.array_equal(out, grey)


def test_vertical_rules_go_but_tall_letters_stay() -> None:
    grey = _page(height=1000)
    grey[100:900, 1000:1003] = 40  # a table's column rule, 2.7 in
    grey[100:250, 500:510] = 40  # a 40 pt letterhead stem, 0.5 in
    out, _ = remove_lines(grey, DPI)
    assert out[100:900, 1000:1003].min() >= 200
    assert out[100:250, 500:510].max() == 40


def test_ragged_edge_of_a_line_goes_with_it_but_a_full_stop_above_stays() -> None:
    grey = _page()
    grey[300:304, 200:2200] = 60
    grey[304:306, 700:703] = 60  # a speck hanging off the line
    grey[288:297, 900:908] = 30  # a full stop just above the line
    out, _ = remove_lines(grey, DPI)
    assert out[304:306, 700:703].min() >= 200
    assert out[288:297, 900:908].max() == 30


def test_kernel_follows_the_image_resolution() -> None:
    grey = _page()
    grey[300:302, 200:300] = 40  # 100 px: 1/3 in at 300 dpi, 2/3 in at 150 dpi
    assert remove_lines(grey, DPI)[1] == 0
    assert remove_lines(grey, (150.0, 150.0))[1] > 0


def test_page_without_lines_is_passed_through_unchanged() -> None:
    image = Image.fromarray(_page(), mode="L")
    image.info["dpi"] = DPI
    assert unline_image(image) is image


def _form(path: Path) -> Path:
    """A filled-in form: values typed just above the underline of each field."""
    sans = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 42)
    mono = ImageFont.truetype(str(FONTS / "DejaVuSansMono.ttf"), 42)
    image = Image.new("L", (2480, 900), 255)
    draw = ImageDraw.Draw(image)
    for row, (label, value) in enumerate(FIELDS):
        top = 120 + 150 * row
        draw.text((200, top), label, font=sans, fill=0)
        draw.text((800, top), value, font=mono, fill=40)
        draw.line([(790, top + 40), (2200, top + 40)], fill=90, width=4)
    png = path.with_suffix(".png")
    image.save(png, dpi=(300, 300))
    path.write_bytes(img2pdf.convert(str(png)))
    return path


@pytest.mark.ocr
def test_ocr_reads_values_typed_on_underlines(tmp_path: Path) -> None:
    src = _form(tmp_path / "form.pdf")
    result = _convert(src, tmp_path / "work", cfg=OcrConfig(remove_lines=True))
    text = result.page_texts[0]
    for label, value in FIELDS:
        assert f"{label} {value}" in text, text
    with pikepdf.Pdf.open(result.pdf_path) as pdf:
        (raw,) = pdf.pages[0].get_images().values()
        archived = np.asarray(PdfImage(raw).as_pil_image().convert("L"))
    assert archived[160, 1500] < 200  # the archived page keeps its lines


@pytest.mark.ocr
@pytest.mark.parametrize("remove_lines", [True, False])
def test_invoice_fields_on_underlines(tmp_path: Path, remove_lines: bool) -> None:
    # A rendered scan whose information block is typed on underlines. Without
    # the plugin Tesseract reads the values as junk (the control, measured with
    # Tesseract 5.3.0 and Debian's deu/eng data); with it they come out whole.
    cfg = OcrConfig(remove_lines=remove_lines, whiten_background=False)
    result = _convert(FORMS / "invoice_underlined_fields.pdf", tmp_path, cfg=cfg)
    text = result.page_texts[0]
    values = ("Kundennummer: 10044", "Ihre Bestellung: 65.3/B-26-019")
    assert all(value in text for value in values) is remove_lines, text


def test_whitening_turns_the_paper_white_and_keeps_the_ink() -> None:
    grey = _page(200, 400)
    grey[50:60, 50:350] = 30  # ink
    grey[60:62, 50:350] = 110  # an anti-aliased edge
    out, changed = whiten_background(grey)
    threshold = otsu_threshold(grey)
    assert 30 < threshold <= 235
    assert changed == int((grey > threshold).sum())
    assert (out[grey > threshold] == 255).all()
    assert (out[grey <= threshold] == grey[grey <= threshold]).all()
    assert out[0, 0] == 255 and out[55, 100] == 30


def test_a_white_page_is_left_alone() -> None:
    grey = np.full((100, 100), 255, dtype=np.uint8)
    assert whiten_background(grey)[1] == 0
    image = Image.fromarray(grey)
    assert unline_image(image, whiten=True) is image


def test_a_bilevel_page_keeps_its_ink() -> None:
    # Otsu's threshold of a black-and-white page is its ink level (0).
    grey = np.full((100, 100), 255, dtype=np.uint8)
    grey[40:60, 10:90] = 0
    out, changed = whiten_background(grey)
    assert changed == 0 and (out == grey).all()


@pytest.mark.ocr
@pytest.mark.parametrize("whiten", [True, False])
def test_monospace_date_on_grey_paper(tmp_path: Path, whiten: bool) -> None:
    # The control (whiten=False) is measured with Tesseract 5.3.0 and Debian's
    # deu/eng data: the date comes out as "0312192026".
    cfg = OcrConfig(remove_lines=True, whiten_background=whiten)
    result = _convert(FORMS / "invoice_monospace_date.pdf", tmp_path, cfg=cfg)
    text = result.page_texts[0]
    assert ("Datum: 03.11.2026" in text) is whiten, text
    assert "Rechnung Nr.: N-26-0944" in text
