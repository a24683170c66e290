"""Domain values of the ingest package (frozen dataclasses, plain types)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class FileKind(StrEnum):
    """The container type of an input file, from its content (not its name)."""

    PDF = "pdf"
    TIFF = "tiff"
    JPEG = "jpeg"
    PNG = "png"


class PdfClass(StrEnum):
    """How an input is handled before OCR (see ingest.inspect)."""

    IMAGE_ONLY = "image_only"  # scan: no text layer -> OCR to PDF/A
    MIXED = "mixed"  # some pages with text, some without
    BORN_DIGITAL = "born_digital"  # text on every page -> keep text, make PDF/A
    SIGNED = "signed"  # digital signature -> keep byte for byte
    EINVOICE = "einvoice"  # ZUGFeRD/Factur-X/XRechnung -> keep byte for byte
    IMAGE = "image"  # raster input (TIFF/JPEG/PNG) -> OCR to PDF/A


@dataclass(frozen=True, slots=True)
class InputInfo:
    """What inspection found out about one input file."""

    kind: FileKind
    pdf_class: PdfClass
    page_count: int
    pages_with_text: tuple[int, ...] = ()  # 1-based page numbers with a text layer
    dpi: tuple[float, float] | None = None  # images only: DPI from metadata, if usable
    notes: tuple[str, ...] = ()  # human-readable observations (e.g. "owner password removed")

    @property
    def keep_original_bytes(self) -> bool:
        """Signed PDFs and e-invoices are archived byte for byte, never rewritten."""
        return self.pdf_class in (PdfClass.SIGNED, PdfClass.EINVOICE)


@dataclass(frozen=True, slots=True)
class PageRange:
    """An inclusive, 1-based page range of a scan."""

    first: int
    last: int

    def __post_init__(self) -> None:
        if self.first < 1 or self.last < self.first:
            raise ValueError(f"invalid page range {self.first}-{self.last}")

    @property
    def count(self) -> int:
        return self.last - self.first + 1


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file embedded in a PDF (e.g. the ZUGFeRD XML)."""

    name: str
    data: bytes
    mime_type: str = "application/octet-stream"


@dataclass(frozen=True, slots=True)
class ConversionResult:
    """The outcome of turning one document's pages into an archival PDF."""

    pdf_path: str  # the archival PDF (PDF/A-2b, or the untouched original)
    page_texts: tuple[str, ...]  # plain text per page of the output
    route: str  # how it was made, e.g. "ocr", "born_digital_pdfa", "original_bytes"
    pdfa: str | None  # "2B" when the output claims PDF/A-2b, else None (originals)
    attachments: tuple[Attachment, ...] = field(default=())
    warnings: tuple[str, ...] = field(default=())


def info_to_dict(info: InputInfo) -> dict[str, object]:
    """JSON-able form of an InputInfo (stored in the catalog)."""
    return {
        "kind": info.kind.value,
        "pdf_class": info.pdf_class.value,
        "page_count": info.page_count,
        "pages_with_text": list(info.pages_with_text),
        "dpi": list(info.dpi) if info.dpi else None,
        "notes": list(info.notes),
    }


def info_from_dict(data: dict[str, object]) -> InputInfo:
    dpi = data.get("dpi")
    pages_with_text = data.get("pages_with_text") or []
    notes = data.get("notes") or []
    assert isinstance(pages_with_text, list) and isinstance(notes, list)
    return InputInfo(
        kind=FileKind(str(data["kind"])),
        pdf_class=PdfClass(str(data["pdf_class"])),
        page_count=int(str(data["page_count"])),
        pages_with_text=tuple(int(p) for p in pages_with_text),
        dpi=(float(dpi[0]), float(dpi[1])) if isinstance(dpi, list) and len(dpi) == 2 else None,
        notes=tuple(str(n) for n in notes),
    )
