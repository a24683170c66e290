"""Separator-sheet detection (zxing-cpp) and the pure split into page ranges."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import zxingcpp
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from ingest.config import SeparationConfig
from ingest.errors import InputRejectedError, ReasonCode
from ingest.models import FileKind, PageRange
from ingest.separate import find_separator_pages, normalise_barcode_text, split_ranges

CORPUS = Path(__file__).resolve().parent.parent / "resources" / "corpus"
CFG = SeparationConfig()

# --- split_ranges -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "seps", "expected"),
    [
        (3, [2], [(1, 1), (3, 3)]),
        (7, [3, 6], [(1, 2), (4, 5), (7, 7)]),
        (5, [], [(1, 5)]),
        (5, [1], [(2, 5)]),
        (5, [5], [(1, 4)]),
        (5, [2, 3], [(1, 1), (4, 5)]),
        (3, [1, 2, 3], []),
        (1, [1], []),
        (0, [], []),
        (4, [2, 2, 2], [(1, 1), (3, 4)]),
        (6, (s for s in [6, 1]), [(2, 5)]),
    ],
)
def test_split_ranges_examples(
    count: int, seps: list[int], expected: list[tuple[int, int]]
) -> None:
    assert split_ranges(count, seps) == tuple(PageRange(a, b) for a, b in expected)


@pytest.mark.parametrize(("count", "seps"), [(-1, []), (3, [0]), (3, [4]), (0, [1])])
def test_split_ranges_rejects_bad_input(count: int, seps: list[int]) -> None:
    with pytest.raises(ValueError):
        split_ranges(count, seps)


@st.composite
def stacks(draw: st.DrawFn) -> tuple[int, set[int]]:
    count = draw(st.integers(0, 200))
    seps = draw(st.sets(st.integers(1, count), max_size=count)) if count else set()
    return count, seps


@given(stacks())
def test_split_ranges_partitions_the_non_separator_pages(stack: tuple[int, set[int]]) -> None:
    count, seps = stack
    ranges = split_ranges(count, sorted(seps, reverse=True))
    covered = [p for r in ranges for p in range(r.first, r.last + 1)]
    # every non-separator page exactly once, no separator page, in order
    assert covered == [p for p in range(1, count + 1) if p not in seps]
    for r in ranges:
        assert r.count >= 1
    for a, b in itertools.pairwise(ranges):
        assert a.last < b.first
        # consecutive documents are divided by at least one separator
        assert any(a.last < s < b.first for s in seps)
    if not seps and count:
        assert ranges == (PageRange(1, count),)


# --- text matching ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["PATCHT", "PATCH T", "patcht", " Patch\tT "])
def test_normalised_text_matches(text: str) -> None:
    assert normalise_barcode_text(text) == normalise_barcode_text("PATCHT")


# --- real scans -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "pages", "separators", "documents"),
    [
        ("paperless__barcode-fax-image.pdf", 3, (2,), [(1, 1), (3, 3)]),
        ("paperless__several-patcht-codes.pdf", 7, (3, 6), [(1, 2), (4, 5), (7, 7)]),
    ],
)
def test_real_corpus_stacks(
    name: str, pages: int, separators: tuple[int, ...], documents: list[tuple[int, int]]
) -> None:
    path = CORPUS / name
    found = find_separator_pages(path, FileKind.PDF, CFG)
    assert found == separators
    assert split_ranges(pages, found) == tuple(PageRange(a, b) for a, b in documents)


def test_disabled_separation_finds_nothing() -> None:
    cfg = SeparationConfig(enabled=False)
    assert (
        find_separator_pages(CORPUS / "paperless__barcode-fax-image.pdf", FileKind.PDF, cfg) == ()
    )


def test_other_configured_value_does_not_match_patcht() -> None:
    cfg = SeparationConfig(barcode_values=["TRENNBLATT"])
    path = CORPUS / "paperless__several-patcht-codes.pdf"
    assert find_separator_pages(path, FileKind.PDF, cfg) == ()


# --- synthetic stacks -------------------------------------------------------------------------

DPI = 200
PAGE_PX = (round(8.27 * DPI), round(11.69 * DPI))  # A4 at 200 dpi


def barcode_image(text: str, fmt: zxingcpp.BarcodeFormat, scale: int) -> Image.Image:
    code = zxingcpp.create_barcode(text, fmt)
    raw = zxingcpp.write_barcode_to_image(code, scale=scale)
    height, width = raw.shape[:2]
    return Image.frombytes("L", (width, height), bytes(memoryview(raw)))


def text_page(lines: list[str]) -> Image.Image:
    page = Image.new("L", PAGE_PX, 255)
    draw = ImageDraw.Draw(page)
    for i, line in enumerate(lines):
        draw.text((150, 200 + i * 60), line, fill=0, font_size=40)
    return page


def separator_page(code: Image.Image, *, rotate: int = 0) -> Image.Image:
    page = text_page(["TRENNBLATT / separator sheet"])
    if rotate:
        code = code.rotate(rotate, expand=True, fillcolor=255)
    page.paste(code, ((PAGE_PX[0] - code.width) // 2, (PAGE_PX[1] - code.height) // 2))
    return page


# Realistic sizes at 200 dpi: Code 128 "PATCHT" with 4 px (0.5 mm) modules is ~7 cm wide;
# a QR code with 8 px modules is ~2.5 cm square.
CODE128 = barcode_image("PATCHT", zxingcpp.BarcodeFormat.Code128, 4)
CODE39 = barcode_image("PATCHT", zxingcpp.BarcodeFormat.Code39, 4)
QR_SEPARATOR = barcode_image("PATCHT", zxingcpp.BarcodeFormat.QRCode, 8)
QR_ASN = barcode_image("ASN000123", zxingcpp.BarcodeFormat.QRCode, 8)
CODE128_SPACED = barcode_image("PATCH T", zxingcpp.BarcodeFormat.Code128, 4)


def write_tiff(path: Path, pages: list[Image.Image], *, bilevel: bool) -> None:
    frames = [p.convert("1") if bilevel else p for p in pages]
    compression = "group4" if bilevel else "tiff_lzw"
    frames[0].save(
        path, save_all=True, append_images=frames[1:], dpi=(DPI, DPI), compression=compression
    )


def write_pdf(path: Path, pages: list[tuple[str, Image.Image | None]]) -> None:
    """Vector text pages; a barcode (if any) placed 8 cm wide in the middle of the page."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    for text, code in pages:
        pdf.setFont("Helvetica", 14)
        pdf.drawString(2 * cm, height - 3 * cm, text)
        if code is not None:
            w = 8 * cm if code.width > code.height else 4 * cm
            h = w * code.height / code.width
            pdf.drawImage(ImageReader(code), (width - w) / 2, (height - h) / 2, w, h)
        pdf.showPage()
    pdf.save()


def test_synthetic_pdf_stack_with_three_symbologies(tmp_path: Path) -> None:
    path = tmp_path / "stack.pdf"
    write_pdf(
        path,
        [
            ("Brief 1, Seite 1", None),
            ("Trennblatt", CODE128),  # 2
            ("Brief 2, Seite 1", None),
            ("Brief 2, Seite 2 mit ASN-Etikett", QR_ASN),  # must not split
            ("Trennblatt", CODE39),  # 5
            ("Brief 3", None),
            ("Trennblatt", QR_SEPARATOR),  # 7
            ("Brief 4", None),
            ("Trennblatt", CODE128_SPACED),  # 9
        ],
    )
    found = find_separator_pages(path, FileKind.PDF, CFG)
    assert found == (2, 5, 7, 9)
    assert split_ranges(9, found) == (
        PageRange(1, 1),
        PageRange(3, 4),
        PageRange(6, 6),
        PageRange(8, 8),
    )


def test_asn_qr_code_does_not_split(tmp_path: Path) -> None:
    path = tmp_path / "asn.pdf"
    write_pdf(path, [("Brief", QR_ASN), ("Seite 2", None)])
    assert find_separator_pages(path, FileKind.PDF, CFG) == ()


def test_asn_value_can_be_configured(tmp_path: Path) -> None:
    path = tmp_path / "asn.pdf"
    write_pdf(path, [("Brief", QR_ASN), ("Seite 2", None)])
    cfg = SeparationConfig(barcode_values=["asn 000123"])
    assert find_separator_pages(path, FileKind.PDF, cfg) == (1,)


@pytest.mark.parametrize("bilevel", [True, False], ids=["group4", "gray-lzw"])
def test_multipage_tiff_stack(tmp_path: Path, bilevel: bool) -> None:
    pages = [
        text_page(["Sehr geehrte Damen und Herren,", "Brief 1"]),
        text_page(["Brief 1, Seite 2"]),
        separator_page(CODE128),  # 3
        text_page(["Brief 2"]),
        separator_page(QR_SEPARATOR, rotate=90),  # 5, sideways sheet
        separator_page(CODE39),  # 6, two sheets in a row
        text_page(["Brief 3"]),
        separator_page(QR_ASN),  # not a separator
    ]
    path = tmp_path / "stack.tif"
    write_tiff(path, pages, bilevel=bilevel)
    found = find_separator_pages(path, FileKind.TIFF, CFG)
    assert found == (3, 5, 6)
    assert split_ranges(len(pages), found) == (
        PageRange(1, 2),
        PageRange(4, 4),
        PageRange(7, 8),
    )


def test_big_tiff_without_dpi_is_downscaled_and_still_read(tmp_path: Path) -> None:
    # 600 dpi-sized frame with no DPI metadata: barcode modules 12 px wide
    big = Image.new("L", (PAGE_PX[0] * 3, PAGE_PX[1] * 3), 255)
    code = barcode_image("PATCHT", zxingcpp.BarcodeFormat.Code128, 12)
    big.paste(code, (800, 800))
    path = tmp_path / "big.tif"
    big.save(path, compression="tiff_lzw")
    assert find_separator_pages(path, FileKind.TIFF, CFG) == (1,)


@pytest.mark.parametrize(("suffix", "kind"), [(".png", FileKind.PNG), (".jpg", FileKind.JPEG)])
def test_single_images(tmp_path: Path, suffix: str, kind: FileKind) -> None:
    path = tmp_path / f"sheet{suffix}"
    separator_page(CODE128).save(path, dpi=(DPI, DPI))
    assert find_separator_pages(path, kind, CFG) == (1,)
    plain = tmp_path / f"plain{suffix}"
    text_page(["nur Text"]).save(plain, dpi=(DPI, DPI))
    assert find_separator_pages(plain, kind, CFG) == ()


def test_corrupt_pdf_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\nthis is not a pdf")
    with pytest.raises(InputRejectedError) as info:
        find_separator_pages(path, FileKind.PDF, CFG)
    assert info.value.code is ReasonCode.CORRUPT_FILE


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")
def test_corrupt_image_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "broken.tif"
    path.write_bytes(b"II*\x00garbage")
    with pytest.raises(InputRejectedError) as info:
        find_separator_pages(path, FileKind.TIFF, CFG)
    assert info.value.code is ReasonCode.CORRUPT_FILE
