"""The second look at the date line: the top-right zone of page 1 read on its own,
and the letter date taken from it only when the page text has none."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest.config import OcrConfig
from ingest.datezone import read_date_zone
from ingest.extract import extract_metadata, letter_date_in_text

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def scanned_letter(path: Path, sideways: bool = False) -> Path:
    """An A4 image-only page at 300 dpi: address window left, date line right.

    ``sideways``: the image is stored turned clockwise and the page's /Rotate
    turns it back, as a scanner or ``--rotate-pages`` leaves it."""
    page = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(FONT), 42)
    for i, line in enumerate(["Manuela Wittkopf", "Feldstraße 44", "38259 Wendelstedt"]):
        draw.text((320, 240 + i * 56), line, font=font, fill=0)
    for i, line in enumerate(["An die Stadt Wendelstedt", "Rathausmarkt 1", "38259 Wendelstedt"]):
        draw.text((320, 580 + i * 56), line, font=font, fill=0)
    draw.text((1490, 555), "Wendelstedt, 05.03.2025", font=font, fill=0)
    draw.text((320, 1000), "Fehlende Auszahlung der Geldleistung Februar 2025", font=font, fill=0)
    if sideways:
        page = page.rotate(-90, expand=True)
    page.save(path, "PDF", resolution=300.0)
    if sideways:
        with pikepdf.open(path, allow_overwriting_input=True) as pdf:
            pdf.pages[0].Rotate = 270
            pdf.save(path)
    return path


def test_date_line_is_read_from_the_zone(tmp_path: Path) -> None:
    lines = read_date_zone(scanned_letter(tmp_path / "brief.pdf"), OcrConfig())
    assert "Wendelstedt, 05.03.2025" in lines
    assert not any("Manuela" in line for line in lines)  # the left column is not in the zone


def test_zone_is_taken_from_the_page_as_displayed(tmp_path: Path) -> None:
    lines = read_date_zone(scanned_letter(tmp_path / "quer.pdf", sideways=True), OcrConfig())
    assert "Wendelstedt, 05.03.2025" in lines


def test_unreadable_file_gives_no_lines(tmp_path: Path) -> None:
    bad = tmp_path / "kaputt.pdf"
    bad.write_bytes(b"%PDF-1.7 nothing")
    assert read_date_zone(bad, OcrConfig()) == []


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        # the page text lost the date line: the zone supplies it
        ("An die Stadt Wendelstedt Loe _ 2\nRathausmarkt 1\n\nSehr geehrte Damen und Herren,",
         ["Wendelstedt, 05.03.2025"], date(2025, 3, 5)),
        # the page text has a date line: the zone is not asked
        ("Wendelstedt, 04.03.2025\n\nSehr geehrte Damen und Herren,",
         ["Wendelstedt, 05.03.2025"], date(2025, 3, 4)),
        # a zone date that is a mentioned date does not become the letter date
        ("Sehr geehrte Damen und Herren,", ["Ihr Schreiben vom 01.02.2025"], None),
    ],
)  # fmt: skip
def test_zone_is_the_fallback(text: str, zone: list[str], expected: date | None) -> None:
    assert extract_metadata([text], zone_lines=zone).letter_date == expected


def test_letter_date_in_text_reads_page_one_first() -> None:
    assert letter_date_in_text(["Datum: 12.03.2025", "Berlin, 01.01.2024"]) == date(2025, 3, 12)
    assert letter_date_in_text(["Sehr geehrte Damen und Herren,"]) is None
