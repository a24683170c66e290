"""Configuration groups of the ingest package (plain pydantic models; the
application's settings root nests them)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, Field, SecretStr


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
    remove_lines: bool = Field(
        default=True,
        description="Hide ruled lines (form underlines, boxes, table rules) from Tesseract; "
        "the archived page keeps them. Costs ~0.4 s per A4 page at 300 dpi.",
    )
    whiten_background: bool = Field(
        default=True,
        description="Turn the paper's grey white (pixels above the page's Otsu "
        "threshold) in the image Tesseract reads; darker pixels keep their grey. Helps thin "
        "monospace digits on grey stock; the archived page is untouched.",
    )
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


class LocalArchiveConfig(BaseModel):
    """Archive in a local directory (the embedded default)."""

    backend: Literal["local"] = Field(default="local", description="Local directory store.")
    path: Path | None = Field(default=None, description="Store root; default <data_dir>/archive.")


class MemoryArchiveConfig(BaseModel):
    backend: Literal["memory"] = Field(description="In-memory store (tests only; not durable).")


class S3ArchiveConfig(BaseModel):
    """Archive in S3-compatible object storage (MinIO)."""

    backend: Literal["s3"] = Field(description="S3 / MinIO object store.")
    endpoint: str = Field(default="127.0.0.1:9000", description="host:port of the S3 server.")
    access_key: str = Field(default="", description="S3 access key.")
    secret_key: SecretStr = Field(
        default=SecretStr(""), description="S3 secret key (set it from the environment)."
    )
    bucket: str = Field(default="scanstation", description="Bucket; created if missing.")
    secure: bool = Field(default=False, description="Use HTTPS.")
    region: str | None = Field(default=None, description="S3 region, if the server needs one.")
    retention_days: int = Field(
        default=0,
        ge=0,
        description="Object-lock retention (governance mode) for new objects; 0 = off. "
        "Only takes effect on a bucket created with object lock.",
    )
    part_size_mb: int = Field(default=16, ge=5, description="Multipart upload part size, MiB.")


ArchiveConfig = Annotated[
    LocalArchiveConfig | MemoryArchiveConfig | S3ArchiveConfig, Field(discriminator="backend")
]
