"""Metadata extraction from a letter's OCR text (and optionally its PDF layout).

``extract_metadata(page_texts)`` returns a :class:`LetterMetadata` with the
letter's own date, sender, subject, references and the ``restricted`` flag
(health, disability, social-benefit or child-welfare details).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ingest.extract.dates import find_letter_date, parse_date, parse_dates
from ingest.extract.layout import date_zone_lines
from ingest.extract.models import REFERENCE_KINDS, LetterMetadata, Reference
from ingest.extract.references import find_references
from ingest.extract.refline import reference_line
from ingest.extract.restricted import find_restricted
from ingest.extract.sender import DEFAULT_RECIPIENTS, find_sender
from ingest.extract.subject import find_subject

__all__ = [
    "DEFAULT_RECIPIENTS",
    "REFERENCE_KINDS",
    "LetterMetadata",
    "Reference",
    "extract_metadata",
    "letter_date_in_text",
    "parse_date",
    "parse_dates",
]

# A date line found in the layout zone must score at least this to win.
_LAYOUT_MIN_SCORE = 2.0


def letter_date_in_text(page_texts: Sequence[str]) -> date | None:
    """The letter's own date as the page text gives it (page 1 first), or None."""
    pages = [p or "" for p in page_texts]
    first = pages[0].splitlines() if pages else []
    lines = [ln for page in pages for ln in page.splitlines()]
    return find_letter_date(first) or find_letter_date(lines, min_score=2.0)


def extract_metadata(
    page_texts: Sequence[str],
    pdf_path: Path | None = None,
    recipients: Sequence[str] = DEFAULT_RECIPIENTS,
    zone_lines: Sequence[str] = (),
) -> LetterMetadata:
    """Read date, sender, subject, references and the restricted flag off a letter.

    ``page_texts`` is the text of each page (OCR sidecar or text layer).
    ``pdf_path`` adds pdfplumber word positions for the date line when the
    PDF has a text layer. ``recipients`` are names that are never the sender.
    ``zone_lines`` are the top-right zone of page 1 read again on its own
    (``ingest.datezone``): the letter date when the page text has none.
    """
    pages = [p or "" for p in page_texts]
    first = pages[0].splitlines() if pages else []
    lines = [ln for page in pages for ln in page.splitlines()]
    letter_date = None
    if pdf_path is not None:
        letter_date = find_letter_date(date_zone_lines(pdf_path), min_score=_LAYOUT_MIN_SCORE)
    refline = reference_line(first)  # a form-B letter's row of labels and values
    if letter_date is None:
        letter_date = find_letter_date(refline, min_score=_LAYOUT_MIN_SCORE)
    if letter_date is None:
        letter_date = letter_date_in_text(pages)
    if letter_date is None and zone_lines:
        letter_date = find_letter_date(list(zone_lines), min_score=_LAYOUT_MIN_SCORE)
    reasons = find_restricted(lines)
    return LetterMetadata(
        letter_date=letter_date,
        sender=find_sender(first or lines, recipients) or find_sender(lines, recipients),
        subject=find_subject(first) or find_subject(lines),
        references=find_references([*refline, *lines]),
        restricted=bool(reasons),
        restricted_reasons=reasons,
    )
