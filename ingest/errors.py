"""Errors raised by the ingest package.

Every error carries a stable ``code`` (a :class:`ReasonCode`) and whether it is
``retryable``. Policy (retry, quarantine) is decided by the application's
pipeline, never here. Foreign exceptions are translated at the wrapper with
``raise ... from e``.
"""

from __future__ import annotations

from enum import StrEnum


class ReasonCode(StrEnum):
    """Stable, machine-readable reasons written to quarantine sidecars."""

    EMPTY_FILE = "empty_file"
    NOT_A_DOCUMENT = "not_a_document"
    UNSUPPORTED_TYPE = "unsupported_type"
    CORRUPT_FILE = "corrupt_file"
    ENCRYPTED_PDF = "encrypted_pdf"
    UNSUPPORTED_PDF = "unsupported_pdf"  # e.g. dynamic XFA forms
    IMAGE_TOO_LARGE = "image_too_large"  # pixel limit / decompression bomb
    FILE_TOO_LARGE = "file_too_large"
    SYMLINK = "symlink"
    UNSAFE_NAME = "unsafe_name"
    NO_PAGES = "no_pages"
    OCR_FAILED = "ocr_failed"
    OCR_TIMEOUT = "ocr_timeout"
    OCR_OUT_OF_MEMORY = "ocr_out_of_memory"
    PDFA_FAILED = "pdfa_failed"
    STORAGE_UNAVAILABLE = "storage_unavailable"
    CHECKSUM_MISMATCH = "checksum_mismatch"
    NOT_FOUND = "not_found"
    INTERNAL_ERROR = "internal_error"


class IngestError(Exception):
    """Base class of everything the ingest package raises on purpose."""

    code: ReasonCode = ReasonCode.INTERNAL_ERROR
    retryable: bool = False

    def __init__(self, message: str, *, code: ReasonCode | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        return str(self)


class InputRejectedError(IngestError):
    """The input can never be processed (corrupt, encrypted, bomb, wrong type...)."""

    code = ReasonCode.NOT_A_DOCUMENT
    retryable = False


class OcrError(IngestError):
    """OCR / PDF/A conversion failed for this document."""

    code = ReasonCode.OCR_FAILED
    retryable = False


class StorageError(IngestError):
    """An archive store operation failed."""

    code = ReasonCode.STORAGE_UNAVAILABLE
    retryable = True


class ObjectNotFoundError(StorageError):
    code = ReasonCode.NOT_FOUND
    retryable = False


class ChecksumMismatchError(StorageError):
    code = ReasonCode.CHECKSUM_MISMATCH
    retryable = False
