"""Fast unit tests of ingest.inspect over real corpus files and generated bad inputs."""

from __future__ import annotations

import contextlib
import io
import zipfile
from pathlib import Path

import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from reportlab.pdfgen import canvas

from ingest.config import LimitsConfig
from ingest.errors import InputRejectedError, ReasonCode
from ingest.inspect import inspect_file
from ingest.models import FileKind, PdfClass
from ingest.pdftext import embedded_files, page_texts

CORPUS = Path(__file__).resolve().parent.parent / "resources" / "corpus"
LIMITS = LimitsConfig()


def _reject(path: Path, code: ReasonCode, limits: LimitsConfig = LIMITS) -> None:
    with pytest.raises(InputRejectedError) as info:
        inspect_file(path, limits)
    assert info.value.code is code, str(info.value)


@pytest.mark.parametrize(
    ("name", "kind", "pdf_class", "pages"),
    [
        ("docspell__letter-de.pdf", FileKind.PDF, PdfClass.BORN_DIGITAL, 1),
        ("paperless__with-form.pdf", FileKind.PDF, PdfClass.BORN_DIGITAL, 1),
        ("paperless__invalid_pdf.pdf", FileKind.PDF, PdfClass.BORN_DIGITAL, 2),
        ("docspell__protected-test123.pdf", FileKind.PDF, PdfClass.BORN_DIGITAL, 13),
        ("ocrmypdf__graph_ocred.pdf", FileKind.PDF, PdfClass.BORN_DIGITAL, 1),
        ("paperless__tagged-but-no-text.pdf", FileKind.PDF, PdfClass.IMAGE_ONLY, 1),
        ("ocrmypdf__cardinal.pdf", FileKind.PDF, PdfClass.IMAGE_ONLY, 4),
        ("ocrmypdf__kcs.pdf", FileKind.PDF, PdfClass.IMAGE_ONLY, 1),
        ("paperless__multi-page-mixed.pdf", FileKind.PDF, PdfClass.MIXED, 6),
        ("paperless__signed.pdf", FileKind.PDF, PdfClass.SIGNED, 1),
        ("mustang__zugferd_RE-20170509_505.pdf", FileKind.PDF, PdfClass.EINVOICE, 1),
        ("paperless__multi-page-images.tiff", FileKind.TIFF, PdfClass.IMAGE, 3),
        ("tesseract__eurotext.tif", FileKind.TIFF, PdfClass.IMAGE, 1),
        ("docspell__camera_letter-en.jpg", FileKind.JPEG, PdfClass.IMAGE, 1),
    ],
)
def test_corpus_files_are_classified(
    name: str, kind: FileKind, pdf_class: PdfClass, pages: int
) -> None:
    info = inspect_file(CORPUS / name, LIMITS)
    assert (info.kind, info.pdf_class, info.page_count) == (kind, pdf_class, pages)


def test_mixed_pdf_lists_pages_with_text() -> None:
    info = inspect_file(CORPUS / "paperless__multi-page-mixed.pdf", LIMITS)
    assert info.pages_with_text == (4, 5, 6)


def test_owner_password_pdf_is_accepted_with_a_note() -> None:
    info = inspect_file(CORPUS / "docspell__protected-test123.pdf", LIMITS)
    assert any("owner password" in note for note in info.notes)


@pytest.mark.parametrize(
    ("name", "dpi"),
    [
        ("tesseract__eurotext.tif", (300.0, 300.0)),
        ("paperless__multi-page-images.tiff", None),  # no DPI metadata
        ("docspell__camera_letter-en.jpg", None),  # 72 dpi is not credible
    ],
)
def test_image_dpi_policy(name: str, dpi: tuple[float, float] | None) -> None:
    assert inspect_file(CORPUS / name, LIMITS).dpi == dpi


def test_min_credible_dpi_is_a_parameter() -> None:
    info = inspect_file(CORPUS / "docspell__camera_letter-en.jpg", LIMITS, min_credible_dpi=50)
    assert info.dpi == (72.0, 72.0)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("ocrmypdf__invalid.pdf", ReasonCode.CORRUPT_FILE),
        ("ocrmypdf__livecycle.pdf", ReasonCode.UNSUPPORTED_PDF),
        ("ocrmypdf__hugemono.pdf", ReasonCode.IMAGE_TOO_LARGE),
        ("docspell__bomb_20K-gray.png", ReasonCode.IMAGE_TOO_LARGE),
        ("paperless__encrypted.pdf", ReasonCode.ENCRYPTED_PDF),
        ("paperless__password-is-test.pdf", ReasonCode.ENCRYPTED_PDF),
    ],
)
def test_corpus_rejections(name: str, code: ReasonCode) -> None:
    _reject(CORPUS / name, code)


def test_pixel_limit_applies_to_ordinary_images(tmp_path: Path) -> None:
    _reject(
        CORPUS / "tesseract__eurotext.tif",
        ReasonCode.IMAGE_TOO_LARGE,
        LimitsConfig(max_image_mpixels=0.5),
    )
    _reject(
        CORPUS / "ocrmypdf__cardinal.pdf",
        ReasonCode.IMAGE_TOO_LARGE,
        LimitsConfig(max_image_mpixels=1.0),
    )


def test_empty_and_too_large_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    _reject(empty, ReasonCode.EMPTY_FILE)
    _reject(
        CORPUS / "docspell__letter-de.pdf",
        ReasonCode.FILE_TOO_LARGE,
        LimitsConfig(max_file_bytes=1000),
    )


def test_too_many_pages() -> None:
    _reject(CORPUS / "ocrmypdf__cardinal.pdf", ReasonCode.FILE_TOO_LARGE, LimitsConfig(max_pages=3))
    _reject(
        CORPUS / "paperless__multi-page-images.tiff",
        ReasonCode.FILE_TOO_LARGE,
        LimitsConfig(max_pages=2),
    )


def test_unknown_and_unsupported_types(tmp_path: Path) -> None:
    text = tmp_path / "note.pdf"
    text.write_text("just some text, named like a PDF\n")
    _reject(text, ReasonCode.NOT_A_DOCUMENT)
    gif = tmp_path / "scan.pdf"
    Image.new("L", (10, 10)).save(gif, format="GIF")
    _reject(gif, ReasonCode.UNSUPPORTED_TYPE)
    docx = tmp_path / "letter.docx"
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    _reject(docx, ReasonCode.UNSUPPORTED_TYPE)


def test_content_not_name_decides(tmp_path: Path) -> None:
    renamed = tmp_path / "scan.txt"
    renamed.write_bytes((CORPUS / "docspell__letter-de.pdf").read_bytes())
    assert inspect_file(renamed, LIMITS).kind is FileKind.PDF


def test_junk_before_pdf_header_is_accepted() -> None:
    assert (CORPUS / "paperless__invalid_pdf.pdf").read_bytes()[:4] != b"%PDF"
    texts = page_texts(CORPUS / "paperless__invalid_pdf.pdf")
    assert "Invoice number" in texts[0]


def test_truncated_and_corrupt_images(tmp_path: Path) -> None:
    buf = io.BytesIO()
    Image.new("RGB", (200, 200), "white").save(buf, format="JPEG")
    truncated = tmp_path / "cut.jpg"
    truncated.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    _reject(truncated, ReasonCode.CORRUPT_FILE)
    png = tmp_path / "bad.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    _reject(png, ReasonCode.CORRUPT_FILE)


def test_pdf_without_pages(tmp_path: Path) -> None:
    path = tmp_path / "nopages.pdf"
    pikepdf.new().save(path)
    _reject(path, ReasonCode.NO_PAGES)


def test_generated_born_digital_and_image_only(tmp_path: Path) -> None:
    text_pdf = tmp_path / "text.pdf"
    c = canvas.Canvas(str(text_pdf))
    c.drawString(72, 700, "Sehr geehrte Damen und Herren, anbei die Rechnung.")
    c.showPage()
    c.rect(100, 100, 200, 200)  # a page with vector art, no text
    c.save()
    info = inspect_file(text_pdf, LIMITS)
    assert (info.pdf_class, info.pages_with_text) == (PdfClass.MIXED, (1,))


def test_einvoice_attachment_is_extracted() -> None:
    attachments = embedded_files(CORPUS / "mustang__zugferd_RE-20170509_505.pdf")
    names = [a.name for a in attachments]
    assert names == ["ZUGFeRD-invoice.xml"]
    assert b"CrossIndustryDocument" in attachments[0].data
    assert attachments[0].mime_type == "text/xml"


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    prefix=st.sampled_from(
        [
            b"",
            b"%PDF-1.4\n",
            b"\x89PNG\r\n\x1a\n",
            b"\xff\xd8\xff",
            b"II*\x00",
            b"MM\x00*",
            b"GIF89a",
            b"PK\x03\x04",
        ]
    ),
    body=st.binary(max_size=2048),
)
def test_random_bytes_only_raise_input_rejected(tmp_path: Path, prefix: bytes, body: bytes) -> None:
    path = tmp_path / "random.bin"
    path.write_bytes(prefix + body)
    with contextlib.suppress(InputRejectedError):
        inspect_file(path, LIMITS)
