"""Page-layout help for the date line (pdfplumber word positions).

DIN 5008 puts the date line or the information block in the upper part of
page 1, right of the address window. This module returns the text lines of
that zone so the date scorer can look there first. Text-only extraction does
not need it; a PDF without a text layer simply yields no lines.
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)

TOP_SHARE = 0.45  # upper share of the page that holds letterhead, address and date line
RIGHT_SHARE = 0.5  # words starting right of this share of the width


def date_zone_lines(pdf_path: Path) -> list[str]:
    """Lines of the top-right zone of page 1, top to bottom; [] if unreadable."""
    try:
        import pdfplumber

        with pdfplumber.open(str(pdf_path)) as pdf:
            if not pdf.pages:
                return []
            page = pdf.pages[0]
            words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
            width, height = float(page.width), float(page.height)
    except Exception as e:  # any unreadable PDF: fall back to text only
        log.debug("no layout for %s: %s", pdf_path, e)
        return []
    rows: dict[int, list[tuple[float, str]]] = {}
    for w in words:
        top, x0 = float(w["top"]), float(w["x0"])
        if top > height * TOP_SHARE or x0 < width * RIGHT_SHARE:
            continue
        rows.setdefault(round(top / 3), []).append((x0, str(w["text"])))
    return [" ".join(t for _, t in sorted(rows[k])) for k in sorted(rows)]
