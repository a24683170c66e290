"""Inspect an input file: sniff its type by content, apply the limits, classify it.

Every refusal is an :class:`~ingest.errors.InputRejectedError` with a stable
reason code. Pixel limits are checked from headers and PDF dictionaries only,
before any pixel is decoded (decompression bombs).
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from pathlib import Path

import pikepdf
from PIL import Image, UnidentifiedImageError

from ingest.config import LimitsConfig
from ingest.errors import InputRejectedError, ReasonCode
from ingest.models import FileKind, InputInfo, PdfClass
from ingest.pdftext import MIN_TEXT_CHARS, pages_with_text

log = logging.getLogger(__name__)

PDF_HEADER_WINDOW = 1024
EINVOICE_NAMES = frozenset({"factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml", "order-x.xml"})

_RASTER_MAGIC: tuple[tuple[bytes, FileKind], ...] = (
    (b"\x89PNG\r\n\x1a\n", FileKind.PNG),
    (b"\xff\xd8\xff", FileKind.JPEG),
    (b"II*\x00", FileKind.TIFF),
    (b"MM\x00*", FileKind.TIFF),
)
_UNSUPPORTED_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive / Office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"{\\rtf", "RTF document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"%!PS", "PostScript document"),
    (b"\x00\x00\x00\x0cjP  ", "JPEG 2000 image"),
    (b"II+\x00", "BigTIFF image"),
    (b"MM\x00+", "BigTIFF image"),
)


def inspect_file(path: Path, limits: LimitsConfig, min_credible_dpi: int = 100) -> InputInfo:
    """Sniff, check and classify one input file (see module docstring)."""
    head = _read_head(path, limits)
    if b"%PDF-" in head:
        return _inspect_pdf(path, limits)
    for magic, kind in _RASTER_MAGIC:
        if head.startswith(magic):
            return _inspect_raster(path, kind, limits, min_credible_dpi)
    for magic, what in _UNSUPPORTED_MAGIC:
        if head.startswith(magic):
            raise InputRejectedError(
                f"{path.name}: {what} is not supported", code=ReasonCode.UNSUPPORTED_TYPE
            )
    if head[8:12] == b"WEBP" and head.startswith(b"RIFF"):
        raise InputRejectedError(
            f"{path.name}: WebP is not supported", code=ReasonCode.UNSUPPORTED_TYPE
        )
    raise InputRejectedError(
        f"{path.name}: content is not a PDF, TIFF, JPEG or PNG", code=ReasonCode.NOT_A_DOCUMENT
    )


def _read_head(path: Path, limits: LimitsConfig) -> bytes:
    try:
        size = path.stat().st_size
        if size == 0:
            raise InputRejectedError(f"{path.name}: file is empty", code=ReasonCode.EMPTY_FILE)
        if size > limits.max_file_bytes:
            raise InputRejectedError(
                f"{path.name}: {size} bytes exceeds the limit of {limits.max_file_bytes}",
                code=ReasonCode.FILE_TOO_LARGE,
            )
        with path.open("rb") as fh:
            return fh.read(PDF_HEADER_WINDOW)
    except OSError as e:
        raise InputRejectedError(
            f"{path.name}: cannot read file: {e}", code=ReasonCode.NOT_FOUND
        ) from e


# --- PDF ---------------------------------------------------------------------


def _inspect_pdf(path: Path, limits: LimitsConfig) -> InputInfo:
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError as e:
        raise InputRejectedError(
            f"{path.name}: PDF needs a password to open", code=ReasonCode.ENCRYPTED_PDF
        ) from e
    except (pikepdf.PikepdfError, ValueError, RecursionError) as e:
        raise InputRejectedError(
            f"{path.name}: PDF cannot be parsed: {e}", code=ReasonCode.CORRUPT_FILE
        ) from e
    try:
        with pdf:
            pdf_class, notes = _check_pdf_structure(path, pdf, limits)
            page_count = len(pdf.pages)
    except InputRejectedError:
        raise
    except (
        pikepdf.PikepdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        RecursionError,
    ) as e:
        raise InputRejectedError(
            f"{path.name}: PDF structure is damaged: {e}", code=ReasonCode.CORRUPT_FILE
        ) from e
    with_text = pages_with_text(path, MIN_TEXT_CHARS)
    if pdf_class is None:
        pdf_class = _class_from_text(page_count, with_text)
    log.debug("inspected %s: %s, %d pages, text on %s", path.name, pdf_class, page_count, with_text)
    return InputInfo(
        kind=FileKind.PDF,
        pdf_class=pdf_class,
        page_count=page_count,
        pages_with_text=with_text,
        notes=tuple(notes),
    )


def _check_pdf_structure(
    path: Path, pdf: pikepdf.Pdf, limits: LimitsConfig
) -> tuple[PdfClass | None, list[str]]:
    """Apply the limits; return SIGNED/EINVOICE (or None) and notes."""
    notes: list[str] = []
    if pdf.is_encrypted:
        notes.append("encrypted with an owner password only; restrictions are not applied")
    if bool(pdf.Root.get("/NeedsRendering", False)):
        raise InputRejectedError(
            f"{path.name}: dynamic XFA form (Adobe LiveCycle) is not supported",
            code=ReasonCode.UNSUPPORTED_PDF,
        )
    count = len(pdf.pages)
    if count == 0:
        raise InputRejectedError(f"{path.name}: PDF has no pages", code=ReasonCode.NO_PAGES)
    if count > limits.max_pages:
        raise InputRejectedError(
            f"{path.name}: {count} pages exceeds the limit of {limits.max_pages}",
            code=ReasonCode.FILE_TOO_LARGE,
        )
    _check_pdf_images(path, pdf, limits)
    acroform = pdf.Root.get("/AcroForm")
    if isinstance(acroform, pikepdf.Dictionary) and "/XFA" in acroform:
        notes.append("static XFA form data present; only the AcroForm is used")
    if _is_signed(acroform):
        return PdfClass.SIGNED, notes
    names = {str(spec.filename or key).lower() for key, spec in pdf.attachments.items()}
    if names & EINVOICE_NAMES:
        return PdfClass.EINVOICE, notes
    if names:
        notes.append(f"embedded files: {', '.join(sorted(names))}")
    return None, notes


def _check_pdf_images(path: Path, pdf: pikepdf.Pdf, limits: LimitsConfig) -> None:
    limit = limits.max_image_mpixels * 1_000_000
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream) or obj.get("/Subtype") != pikepdf.Name.Image:
            continue
        width, height = int(obj.get("/Width", 0)), int(obj.get("/Height", 0))
        if width * height > limit:
            raise InputRejectedError(
                f"{path.name}: image of {width}x{height} px exceeds {limits.max_image_mpixels} Mpx",
                code=ReasonCode.IMAGE_TOO_LARGE,
            )


def _iter_fields(fields: object, depth: int = 0) -> Iterator[pikepdf.Dictionary]:
    if not isinstance(fields, pikepdf.Array) or depth > 32:
        return
    for field in fields:
        if isinstance(field, pikepdf.Dictionary):
            yield field
            yield from _iter_fields(field.get("/Kids"), depth + 1)


def _is_signed(acroform: object) -> bool:
    if not isinstance(acroform, pikepdf.Dictionary):
        return False
    if int(acroform.get("/SigFlags", 0)) & 1:
        return True
    fields = _iter_fields(acroform.get("/Fields"))
    return any(f.get("/FT") == pikepdf.Name.Sig and "/V" in f for f in fields)


def _class_from_text(page_count: int, with_text: tuple[int, ...]) -> PdfClass:
    if len(with_text) == page_count:
        return PdfClass.BORN_DIGITAL
    return PdfClass.MIXED if with_text else PdfClass.IMAGE_ONLY


# --- raster images -------------------------------------------------------------


def _inspect_raster(
    path: Path, kind: FileKind, limits: LimitsConfig, min_credible_dpi: int
) -> InputInfo:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                frames, dpi = _check_frames(path, im, limits, min_credible_dpi)
    except InputRejectedError:
        raise
    except Image.DecompressionBombError as e:
        raise InputRejectedError(
            f"{path.name}: image is a decompression bomb: {e}", code=ReasonCode.IMAGE_TOO_LARGE
        ) from e
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
        MemoryError,
        ZeroDivisionError,
        TypeError,
        IndexError,
        KeyError,
    ) as e:
        raise InputRejectedError(
            f"{path.name}: image is corrupt: {e}", code=ReasonCode.CORRUPT_FILE
        ) from e
    notes = () if dpi else ("no credible DPI in metadata; a default DPI will be assumed",)
    return InputInfo(kind=kind, pdf_class=PdfClass.IMAGE, page_count=frames, dpi=dpi, notes=notes)


def _check_frames(
    path: Path, im: Image.Image, limits: LimitsConfig, min_credible_dpi: int
) -> tuple[int, tuple[float, float] | None]:
    """Check every frame's size from its header, then decode it (integrity check)."""
    frames = int(getattr(im, "n_frames", 1))
    if frames > limits.max_pages:
        raise InputRejectedError(
            f"{path.name}: {frames} frames exceeds the limit of {limits.max_pages}",
            code=ReasonCode.FILE_TOO_LARGE,
        )
    limit = limits.max_image_mpixels * 1_000_000
    dpi = _credible_dpi(im.info.get("dpi"), min_credible_dpi)
    for index in range(frames):
        im.seek(index)
        width, height = im.size
        if width * height > limit:
            raise InputRejectedError(
                f"{path.name}: frame {index + 1} of {width}x{height} px exceeds "
                f"{limits.max_image_mpixels} Mpx",
                code=ReasonCode.IMAGE_TOO_LARGE,
            )
        if width == 0 or height == 0:
            raise InputRejectedError(f"{path.name}: empty image", code=ReasonCode.CORRUPT_FILE)
        im.load()
    return frames, dpi


def _credible_dpi(raw: object, min_credible_dpi: int) -> tuple[float, float] | None:
    if not isinstance(raw, tuple) or len(raw) != 2:
        return None
    try:
        x, y = float(raw[0]), float(raw[1])
    except (TypeError, ValueError):
        return None
    if x < min_credible_dpi or y < min_credible_dpi or x > 4800 or y > 4800:
        return None
    return (x, y)
