"""The sender: return-address line, letterhead, or the signature.

The return-address line (DIN 5008 "Rücksendeangabe", small print above the
address window) reads "Name · Street 3 · 38116 Braunschweig"; OCR turns the
middle dots into "-", "»", ":" or "°". The sender is everything before the
street. The recipient (the city) is never the sender.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.extract.folding import fold_same_length, squash_spaces

DEFAULT_RECIPIENTS: tuple[str, ...] = ("stadt braunschweig", "stadtverwaltung braunschweig")
_SEP = r"\s+[·•\-–—»«:;|°*,©®’']\s+|\s*[·•|]\s*|,\s+"
_SEP_RE = re.compile(_SEP)
_POSTCODE = re.compile(r"(?<!\d)\d{5}\s+\w")
_STREET = re.compile(
    r"(stra(ss|ß)e|str\.|weg|allee|platz|ring|gasse|damm|ufer|tor|markt|postfach|am |an der |"
    r"im |zum |zur )|\s\d{1,4}\s?[a-zA-Z]?$|^\d{5}\s",
    re.IGNORECASE,
)
_NOT_NAME = re.compile(
    r"(^|\b)(tel|telefon|fax|e-?mail|www|http|iban|bic|betreff|datum|seite|sehr geehrte|"
    r"fachbereich|abteilung|referat|z\. ?hd|postfach|an das|an die)\b|@|\d{3,}",
    re.IGNORECASE,
)
_STAMP = re.compile(r"eingang|eingegangen|^\W*\d{1,2}\.\d{1,2}\.\d{2,4}\W*$", re.IGNORECASE)
_HOUSE_NUMBER = re.compile(r"\s\d{1,4}\s?[a-zA-Z]?$")
_CLOSING = re.compile(r"^(mit )?(freundlichen|besten|herzlichen|viele|beste) gr", re.IGNORECASE)
_SIGN_SKIP = re.compile(
    r"^(i\. ?a\.|i\. ?v\.|im auftrag|in vertretung|ppa\.|anlage|gez\.)", re.IGNORECASE
)


def _is_recipient(text: str, recipients: Sequence[str]) -> bool:
    t = fold_same_length(text)
    return any(fold_same_length(r) in t for r in recipients)


def _plausible(name: str, recipients: Sequence[str]) -> bool:
    return (
        3 <= len(name) <= 90
        and any(ch.isalpha() for ch in name)
        and not _NOT_NAME.search(name)
        and not _is_recipient(name, recipients)
    )


def _from_return_line(line: str, first_line: str) -> str | None:
    if not _POSTCODE.search(line) or not _SEP_RE.search(line):
        return None
    parts = _SEP_RE.split(line)
    street_at = next((i for i, p in enumerate(parts) if i > 0 and _STREET.search(p)), None)
    if not street_at or any(_HOUSE_NUMBER.search(p) for p in parts[:street_at]):
        return None
    name = " · ".join(p.strip() for p in parts[:street_at])
    head = squash_spaces(first_line)
    if head.isupper() and not name.isupper():
        return name  # "KANZLEI DR. X" in the letterhead, "Kanzlei Dr. X" in the return line
    same = _SEP_RE.sub(" ", head).lower() == _SEP_RE.sub(" ", name).lower()
    if same and set(re.findall(r"[^\w\s&.+/()'-]", head)) <= {"·", "|", "•"}:
        return head  # "Krüger Heizung · Lüftung · Klima GmbH": the letterhead keeps the dots
    return name


def _signature(lines: Sequence[str], recipients: Sequence[str]) -> str | None:
    for i, line in enumerate(lines):
        if _CLOSING.match(line.strip()):
            for cand in lines[i + 1 : i + 6]:
                c = squash_spaces(cand)
                if not c or _SIGN_SKIP.match(c) or len(c) < 5:
                    continue
                if _plausible(c, recipients) and len(c.split()) >= 2:
                    return c
    return None


def find_sender(lines: Sequence[str], recipients: Sequence[str] = DEFAULT_RECIPIENTS) -> str | None:
    """Sender name from the return-address line, the letterhead or the signature."""
    head = [squash_spaces(ln) for ln in lines if ln.strip() and not _STAMP.search(ln)][:4]
    first = head[0] if head else ""
    for line in lines[:30]:
        name = _from_return_line(squash_spaces(line), first)
        if name and _plausible(name, recipients):
            return name
    for line in head:
        if _HOUSE_NUMBER.search(line):
            continue
        if _plausible(line, recipients) and len(line.split()) >= 2:
            return line
    return _signature(lines, recipients)
