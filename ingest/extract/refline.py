"""The reference line of a form-B letter (DIN 5008 "Bezugszeichenzeile").

Instead of an information block, many authorities and firms print one row
of labels and, on the next line, one row of values under them::

    Ihr Zeichen      Ihre Nachricht vom   Unser Zeichen   Datum
    60.2-0047/2026   03.02.2026           P-2519 / ha     16. Februar 2026

OCR keeps the two rows but not the columns, so values are matched to labels
by their shape: dates anchor the date columns, and the text between two
anchors belongs to the reference column between them. Where that is
ambiguous (two reference columns with no date between them) the value is
left alone rather than guessed. The result is rewritten as labelled lines
("Ihr Zeichen: 60.2-0047/2026", "Datum: 16. Februar 2026") that the
reference and date readers understand.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.extract.dates import parse_dates
from ingest.extract.folding import fold

# Column labels, folded; the kind says what a value under it looks like.
_LABELS: tuple[tuple[str, str, str], ...] = (
    (r"ihr(e)? zeichen", "Ihr Zeichen", "ref"),
    (r"ihr(e)? (nachricht|schreiben) vom", "Ihre Nachricht vom", "date"),
    (r"unser(e)? zeichen", "Unser Zeichen", "ref"),
    (r"unser(e)? (nachricht|schreiben) vom", "Unsere Nachricht vom", "date"),
    (r"(telefon|durchwahl|tel\.)", "Telefon", "phone"),
    (r"(name|bearbeiter(in)?|sachbearbeiter(in)?)", "Name", "text"),
    (r"datum", "Datum", "date"),
)
_LABEL_RX = re.compile("|".join(f"(?P<l{i}>{rx})" for i, (rx, _, _) in enumerate(_LABELS)))
_PHONE_TAIL = re.compile(r"\s*\(?\+?\d[\d\s/()-]{4,}\d$")
_LEFTOVER = re.compile(r"^[\s,;|_]+|[\s,;|_]+$")


def _labels(line: str) -> list[int] | None:
    """Indexes into ``_LABELS`` in the order the row names them; None if not a label row."""
    folded = fold(line)
    found = [int(m.lastgroup[1:]) for m in _LABEL_RX.finditer(folded) if m.lastgroup]
    rest = _LABEL_RX.sub(" ", folded)
    if len(found) < 3 or re.search(r"[a-z0-9]{2,}", rest.replace("vom", " ")):
        return None  # a label row holds labels only
    kinds = {_LABELS[i][2] for i in found}
    return found if "ref" in kinds and "date" in kinds else None


def _split(segment: str, labels: list[int]) -> list[tuple[int, str]]:
    """Give the text between two date anchors to the columns between them, if unambiguous."""
    segment = _LEFTOVER.sub("", segment)
    if not segment or not labels:
        return []
    if labels and _LABELS[labels[-1]][2] == "phone":
        phone = _PHONE_TAIL.search(segment)
        if phone:
            segment = _LEFTOVER.sub("", segment[: phone.start()])
        labels = labels[:-1]
    refs = [i for i in labels if _LABELS[i][2] == "ref"]
    if len(labels) == 1 and refs and segment:
        return [(refs[0], segment)]
    return []


def _values(labels: list[int], line: str) -> list[tuple[int, str]]:
    """Match the value row to the labels; [] when they cannot be matched."""
    dates = parse_dates(line)
    date_cols = [n for n, i in enumerate(labels) if _LABELS[i][2] == "date"]
    if not dates:
        return []
    out: list[tuple[int, str]] = []
    if len(dates) < len(date_cols):
        # Some date columns are empty: only a closing "Datum" column is certain.
        last = dates[-1]
        if _LABELS[labels[-1]][1] == "Datum" and not _LEFTOVER.sub("", line[last.end :]):
            out.append((labels[-1], f"{last.value:%d.%m.%Y}"))
        return out
    if len(dates) > len(date_cols):
        return []
    start, col = 0, 0
    for found, date_col in zip(dates, date_cols, strict=True):
        out += _split(line[start : found.start], labels[col:date_col])
        out.append((labels[date_col], f"{found.value:%d.%m.%Y}"))
        start, col = found.end, date_col + 1
    out += _split(line[start:], labels[col:])
    return out


def reference_line(lines: Sequence[str]) -> list[str]:
    """Labelled lines ("Unser Zeichen: P-2519 / ha") read from a form-B reference line."""
    for i, line in enumerate(lines[:60]):
        labels = _labels(line)
        if labels is None:
            continue
        rows = [ln.strip() for ln in lines[i + 1 : i + 4] if ln.strip()]
        values = rows[0] if rows else ""
        if len(rows) > 1 and len(rows[1]) <= 12:  # a wrapped last column ("16. Februar" / "2026")
            joined = f"{values} {rows[1]}"
            if len(parse_dates(joined)) > len(parse_dates(values)):
                values = joined
        return [f"{_LABELS[n][1]}: {value.strip()}" for n, value in _values(labels, values)]
    return []
