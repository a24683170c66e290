"""Split scanned stacks into letters at separator sheets.

A separator sheet is a page carrying a barcode (any format zxing-cpp reads:
Code 128, Code 39, QR, ...) whose text equals one of
``SeparationConfig.barcode_values`` -- compared case-insensitively and with all
whitespace removed, so ``"PATCH T"`` and ``"patcht"`` match ``"PATCHT"``.
Other barcodes on a page (e.g. an ASN label ``ASN000123``) do not split.

PDF pages are rendered with pdfium at ``render_dpi`` in grayscale; TIFF frames
and other images are read with Pillow and downscaled to about ``render_dpi``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

import pypdfium2 as pdfium
import zxingcpp
from PIL import Image, ImageSequence, UnidentifiedImageError

from ingest.config import SeparationConfig
from ingest.errors import InputRejectedError, ReasonCode
from ingest.models import FileKind, PageRange

log = logging.getLogger(__name__)

MAX_RENDER_PIXELS = 60_000_000  # a page rendered larger than this is scaled down further
ASSUMED_PAGE_INCHES = 11.7  # long side of A4, for images without a credible DPI
MIN_CREDIBLE_DPI = 72.0


def normalise_barcode_text(text: str) -> str:
    """Barcode text as compared with the configured values: no whitespace, casefolded."""
    return "".join(text.split()).casefold()


def find_separator_pages(
    pdf_or_image: Path, kind: FileKind, cfg: SeparationConfig
) -> tuple[int, ...]:
    """1-based numbers of the pages that are separator sheets, ascending.

    Returns ``()`` when separation is disabled. Raises InputRejectedError when
    the file cannot be read as ``kind``.
    """
    wanted = {normalise_barcode_text(v) for v in cfg.barcode_values}
    wanted.discard("")
    if not cfg.enabled or not wanted:
        return ()
    pages = (
        _pdf_pages(pdf_or_image, cfg.render_dpi)
        if kind is FileKind.PDF
        else (_image_frames(pdf_or_image, cfg.render_dpi))
    )
    found: list[int] = []
    for number, image in pages:
        texts = barcode_texts(image)
        if any(normalise_barcode_text(t) in wanted for t in texts):
            log.debug("page %d of %s is a separator (%s)", number, pdf_or_image.name, texts)
            found.append(number)
        elif texts:
            log.debug(
                "page %d of %s: barcodes %s are not separators", number, pdf_or_image.name, texts
            )
    return tuple(found)


def barcode_texts(image: Image.Image) -> list[str]:
    """Texts of every barcode zxing-cpp finds in ``image`` (grayscale preferred)."""
    if image.mode not in ("L", "RGB"):
        image = image.convert("L")
    return [b.text for b in zxingcpp.read_barcodes(image) if b.valid]


def split_ranges(page_count: int, separators: Iterable[int]) -> tuple[PageRange, ...]:
    """Page ranges of the documents between separator pages.

    Separator pages are dropped and empty documents (two separators in a row, a
    separator first or last) are skipped. No separator -> one range over all
    pages; only separators (or no pages) -> ``()``, which the caller quarantines.
    """
    if page_count < 0:
        raise ValueError(f"page_count must be >= 0, got {page_count}")
    seps = set(separators)
    bad = sorted(s for s in seps if not 1 <= s <= page_count)
    if bad:
        raise ValueError(f"separator pages {bad} outside 1..{page_count}")
    ranges: list[PageRange] = []
    start = 1
    for boundary in [*sorted(seps), page_count + 1]:
        if boundary > start:
            ranges.append(PageRange(start, boundary - 1))
        start = boundary + 1
    return tuple(ranges)


def _pdf_pages(path: Path, dpi: int) -> Iterator[tuple[int, Image.Image]]:
    """Render each page in grayscale at ``dpi`` (less if the page is huge)."""
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as e:
        code = ReasonCode.ENCRYPTED_PDF if "password" in str(e).lower() else ReasonCode.CORRUPT_FILE
        raise InputRejectedError(f"cannot open PDF {path.name}: {e}", code=code) from e
    try:
        for index in range(len(pdf)):
            yield index + 1, _render_page(pdf, index, dpi, path)
    finally:
        pdf.close()


def _render_page(pdf: pdfium.PdfDocument, index: int, dpi: int, path: Path) -> Image.Image:
    try:
        page = pdf[index]
        try:
            width, height = page.get_size()  # points
            scale = dpi / 72.0
            pixels = width * height * scale * scale
            if pixels > MAX_RENDER_PIXELS:
                scale *= (MAX_RENDER_PIXELS / pixels) ** 0.5
            bitmap = page.render(scale=scale, grayscale=True)
            image: Image.Image = bitmap.to_pil()
            return image
        finally:
            page.close()
    except pdfium.PdfiumError as e:
        raise InputRejectedError(
            f"cannot render page {index + 1} of {path.name}: {e}", code=ReasonCode.CORRUPT_FILE
        ) from e


def _image_frames(path: Path, dpi: int) -> Iterator[tuple[int, Image.Image]]:
    """Each frame of a (multi-page) image, grayscale, downscaled to about ``dpi``."""
    try:
        with Image.open(path) as img:
            for index, frame in enumerate(ImageSequence.Iterator(img)):
                yield index + 1, _prepare_frame(frame, dpi)
    except Image.DecompressionBombError as e:
        raise InputRejectedError(
            f"image {path.name} is too large: {e}", code=ReasonCode.IMAGE_TOO_LARGE
        ) from e
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        raise InputRejectedError(
            f"cannot read image {path.name}: {e}", code=ReasonCode.CORRUPT_FILE
        ) from e


def _prepare_frame(frame: Image.Image, dpi: int) -> Image.Image:
    gray = frame.convert("L")
    factor = _downscale_factor(gray.size, frame.info.get("dpi"), dpi)
    if factor >= 1.0:
        return gray
    size = (max(1, round(gray.width * factor)), max(1, round(gray.height * factor)))
    return gray.resize(size, Image.Resampling.BOX)


def _downscale_factor(size: tuple[int, int], image_dpi: object, target_dpi: int) -> float:
    """How much to shrink a frame so it is about ``target_dpi`` (never enlarges)."""
    source_dpi = _credible_dpi(image_dpi)
    if source_dpi is not None:
        factor = target_dpi / source_dpi
    else:  # no usable metadata: assume the long side is an A4 page
        factor = target_dpi * ASSUMED_PAGE_INCHES / max(size)
    return min(1.0, factor)


def _credible_dpi(value: object) -> float | None:
    if isinstance(value, tuple) and value:
        try:
            dpi = float(min(value))
        except (TypeError, ValueError):
            return None
        if dpi >= MIN_CREDIBLE_DPI:
            return dpi
    return None
