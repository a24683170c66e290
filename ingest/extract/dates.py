"""German date parsing and the choice of a letter's own date.

``parse_dates`` finds every date in a line ("27.02.2025", "27. Februar 2025",
"3. Mär. 25", "2025-02-27", with OCR noise such as "2O25" or "Marz").
``find_letter_date`` scores the dates of a letter by where they stand: the
date line (place + date, "Datum:"), the information block and the top of the
letter win; dates after "vom", "bis", "geboren", in an incoming-mail stamp or
in the body lose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ingest.extract.folding import fix_ocr_digits, fold_same_length

MIN_YEAR = 1900
MAX_YEAR = 2099

_MONTHS: dict[str, int] = {
    "januar": 1, "jan": 1, "janner": 1, "jänner": 1,
    "februar": 2, "feb": 2, "febr": 2,
    "marz": 3, "mrz": 3, "mar": 3, "maerz": 3, "miirz": 3, "mirz": 3,  # OCR reads "ä" as "ii"
    "april": 4, "apr": 4,
    "mai": 5,
    "juni": 6, "jun": 6,
    "juli": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10,
    "november": 11, "nov": 11,
    "dezember": 12, "dez": 12,
}  # fmt: skip
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_B = r"(?<![0-9])"  # no digit before
_E = r"(?![0-9])"  # no digit after
_NUMERIC = re.compile(_B + r"(\d{1,2}) ?[.,] ?(\d{1,2}) ?[.,] ?(\d{4}|\d{2})" + _E)
_ISO = re.compile(_B + r"(\d{4})-(\d{1,2})-(\d{1,2})" + _E)
_LONG = re.compile(
    _B + r"(\d{1,2})\s?[.,:]?\s*(" + _MONTH_ALT + r")[a-z1|]*\.?,?\s*(\d{4}|\d{2})" + _E
)

# A numeric date whose dots OCR lost or read as digits ("120372025" for
# 12.03.2025, "2020322025" for 20.03.2025): trusted only as the whole line or
# behind a date label, where nothing else (a Kassenzeichen, a phone number) stands.
_FUSED = re.compile(
    r"^(?P<label>(?:datum|date|rechnungsdatum|briefdatum)\s*[:.]?\s*)?"
    r"(\d{2})\d?(0[1-9]|1[0-2])\d(20\d{2})$"
)


@dataclass(frozen=True, slots=True)
class FoundDate:
    value: date
    start: int
    end: int


def _year(text: str) -> int:
    y = int(text)
    return 2000 + y if len(text) == 2 else y


def _make(y: int, m: int, d: int) -> date | None:
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_dates(line: str) -> list[FoundDate]:
    """All dates in one line, in order of position; impossible dates are dropped."""
    text = fold_same_length(fix_ocr_digits(line))
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for pattern, order in ((_ISO, "ymd"), (_LONG, "dMy"), (_NUMERIC, "dmy")):
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            a, b, c = m.group(1), m.group(2), m.group(3)
            if order == "ymd":
                value = _make(int(a), int(b), int(c))
            elif order == "dMy":
                value = _make(_year(c), _MONTHS[b], int(a))
            else:
                value = _make(_year(c), int(b), int(a))
            if value is not None:
                found.append(FoundDate(value, m.start(), m.end()))
                taken.append((m.start(), m.end()))
    if not found:
        stripped = text.strip()
        fused = _FUSED.match(stripped)
        if fused:
            value = _make(int(fused.group(4)), int(fused.group(3)), int(fused.group(2)))
            offset = text.index(stripped) + len(fused.group("label") or "")
            if value is not None:
                found.append(FoundDate(value, offset, text.index(stripped) + len(stripped)))
    return sorted(found, key=lambda f: f.start)


def parse_date(text: str) -> date | None:
    """The first date in ``text`` or None."""
    found = parse_dates(text)
    return found[0].value if found else None


# Words right before a date that make it a date *mentioned* in the letter.
_MENTION = re.compile(
    r"(\bvom|\bvon|\bam|\bbis|\bzum|\bab|\bseit|\bdem|\bden\s+am|\bgeb\.?|\bgeboren|\bfrist"
    r"|\bbescheid|\bschreiben|\bnachricht|\bantrag|\bzugegangen|\bzugestellt|\bfallig"
    r"|\bstand|\bgultig|\bbis zum|\bzahlbar|\bleistungsdatum|\bzeitraum|-)\W{0,3}$"
)
_WEEKDAY = r"(montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|mo|di|mi|do|fr|sa|so)"
# "Datum:", and the date of an e-mail printout ("Gesendet: Montag, 3. März 2025 08:51")
# or an invoice ("Rechnungsdatum: 11.03.2025").
_DATE_LABEL = re.compile(
    r"(^|\b)(datum|date|dat\.|gesendet|sent|rechnungsdatum|briefdatum"
    r"|datum de[rs] (meldung|anzeige|mitteilung|erklarung|schreibens|antragstellung))\s*[:.]?\s*"
    r"[^a-z0-9\s]{0,2}\s*"  # OCR noise after the label ("Gesendet: © Samstag")
    r"(" + _WEEKDAY + r"[.,\s]*|[a-zß][a-zß .\-]{1,40},\s*)?$"  # a weekday, or "Ort, Datum: X,"
)
# The date of a document that has no "Datum" of its own: a delivery note's "Lieferdatum",
# a receipt's "Belegdatum". Weaker than "Datum:", so an invoice's "Rechnungsdatum" wins.
_DOC_DATE_LABEL = re.compile(
    r"\b(lieferdatum|belegdatum|ausstellungsdatum|ausgestellt am)\s*[:.]?\W{0,2}$"
)
# OCR noise and a letterhead column that OCR put on the date line
# ("_ Stadt Okerstedt = Okerstedt, 30. Januar 2025", "* Braunschweig, 14.01.2025").
_COLUMN_SPLIT = re.compile(r"\s{3,}|\s[=|_*»«“”„>—–:]+\s|:\s")
# The sender's street OCR put before the place ("Rathausmarkt 1 4 Wendelstedt, 03.03.2025").
_ADDRESS_COLUMN = re.compile(r"^.*\d[\d\s]*\s(?=[a-zß][a-zß .\-]{1,40},\s*(den\s*)?$)")
_JUNK = re.compile(r"^[^a-zß]*(?:[a-zß](?:\s|[^a-zß\s]))?[^a-zß]*")
_TIME = re.compile(r"^(um\s*)?\d{1,2}[:.]\d{2}(\s*uhr)?$")
_PLACE_PREFIX = re.compile(r"^[a-zß][a-zß .\-/()]{1,40},?\s*(den\s*)?$")
_STAMP = re.compile(r"eingang|eingegangen|posteingang|empfangen|erhalten am")
_BODY_START = re.compile(r"^\s*(sehr geehrte|guten tag|hallo|liebe[rs]?\b|moin)")
_SUBJECT = re.compile(r"^\s*(betreff|betr\.|betrifft)")


def _score(lines: Sequence[str], i: int, found: FoundDate, body_at: int) -> float:
    line = fold_same_length(fix_ocr_digits(lines[i]))
    before = line[: found.start].strip()
    after = line[found.end :].strip(" .,;:|_-–—~'‘’\"")  # specks OCR read after the date
    if _TIME.match(after):
        after = ""  # "... 2025 08:51" in a sent line
    prev = next((fold_same_length(ln).strip() for ln in reversed(lines[:i]) if ln.strip()), "")
    score = 0.0
    if _MENTION.search(before) or (not before and _MENTION.search(prev)):
        score -= 6
    above = " ".join(fold_same_length(ln) for ln in lines[max(0, i - 3) : i])
    if _STAMP.search(line) or _STAMP.search(prev) or (not before and _STAMP.search(above)):
        score -= 8
    if _DATE_LABEL.search(before) or (not before and _DATE_LABEL.search(prev)):
        score += 6
    elif _DATE_LABEL.search(prev) and not _MENTION.search(before):
        score += 4  # OCR put the info-block value behind an address line
    elif _DOC_DATE_LABEL.search(before) or (not before and _DOC_DATE_LABEL.search(prev)):
        score += 3
    elif before and _PLACE_PREFIX.match(_place_part(before)) and not after:
        score += 5
    elif not _place_part(before).strip(" .,;:") and not after:
        score += 3  # the date alone on its line (perhaps behind a speck OCR read as ".")
    if after:
        score -= 1
    if i >= body_at:
        score -= 3
    return score - i * 0.02


def _place_part(before: str) -> str:
    """The text before a date without OCR junk and a neighbouring column."""
    last = _COLUMN_SPLIT.split(before)[-1]
    last = _ADDRESS_COLUMN.sub("", last)
    if re.fullmatch(r"[^a-zß]*[a-zß]?[^a-zß]*", last):
        return ""  # only specks and at most one stray letter ("x", "h ,", ".")
    return _JUNK.sub("", last, count=1)


def _body_start(lines: Sequence[str]) -> int:
    for i, raw in enumerate(lines):
        if _BODY_START.match(fold_same_length(raw)):
            return i
    return len(lines)


def find_letter_date(lines: Sequence[str], *, min_score: float = 0.0) -> date | None:
    """The letter's own date: the best-placed date of the page, or None.

    A date more than a year ahead is no letter's date (OCR read "2025" as "2095")."""
    body_at = _body_start(lines)
    latest = date.today().year + 1
    best: tuple[float, date] | None = None
    for i, line in enumerate(lines):
        for found in parse_dates(line):
            if found.value.year > latest:
                continue
            s = _score(lines, i, found, body_at)
            if best is None or s > best[0]:
                best = (s, found.value)
    if best is None or best[0] < min_score:
        return None
    return best[1]
