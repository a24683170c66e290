"""Configuration groups of the ingest package (plain pydantic models; the
application's settings root nests them)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class LimitsConfig(BaseModel):
    """Guards applied to every input before and during processing."""

    max_file_bytes: int = Field(
        default=512 * 1024 * 1024, description="Largest input file accepted, in bytes."
    )
    max_image_mpixels: float = Field(
        default=100.0,
        description="Largest page image accepted, in megapixels (decompression-bomb guard).",
    )
    max_pages: int = Field(default=2000, description="Most pages accepted in one scan.")


class OcrConfig(BaseModel):
    """How OCRmyPDF/Tesseract are run."""

    languages: list[str] = Field(
        default_factory=lambda: ["deu", "eng"], description="Tesseract languages, in order."
    )
    rotate_pages: bool = Field(default=True, description="Rotate pages upright (--rotate-pages).")
    rotate_pages_threshold: float = Field(
        default=5.0,
        ge=0,
        description="Orientation confidence needed to turn a page; Tesseract reports only "
        "7-17 on one-page letters, so OCRmyPDF's default of 14 leaves turned pages unturned.",
    )
    deskew: bool = Field(default=False, description="Deskew pages (--deskew); costs ~1 s/page.")
    clean: bool = Field(default=False, description="Clean pages with unpaper before OCR (--clean).")
    optimize: int = Field(default=1, ge=0, le=3, description="OCRmyPDF optimisation level (-O).")
    jobs_per_document: int = Field(
        default=1, ge=1, description="OCRmyPDF --jobs inside one document's OCR process."
    )
    timeout_seconds: float = Field(
        default=600.0, gt=0, description="Wall-clock limit for one document's OCR process tree."
    )
    memory_limit_mb: int = Field(
        default=3072, gt=0, description="Resident-memory limit for one OCR process tree, in MiB."
    )
    default_image_dpi: int = Field(
        default=300,
        gt=0,
        description="DPI assumed for images whose metadata has no credible DPI.",
    )
    min_credible_dpi: int = Field(
        default=100, gt=0, description="Image DPI below this is treated as missing."
    )
    skip_big_mpixels: float = Field(
        default=0.0,
        ge=0,
        description="Pages larger than this (megapixels) are kept but not OCRed; 0 = off.",
    )


class SeparationConfig(BaseModel):
    """Separator-sheet detection."""

    enabled: bool = Field(default=True, description="Split stacks at separator sheets.")
    barcode_values: list[str] = Field(
        default_factory=lambda: ["PATCHT"],
        description="Barcode texts that mark a separator sheet (sheet is dropped).",
    )
    render_dpi: int = Field(
        default=150, gt=0, description="DPI at which pages are scanned for barcodes."
    )
