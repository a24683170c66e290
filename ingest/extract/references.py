"""File, account and invoice numbers printed on a letter.

Labelled values ("Kassenzeichen: 5.0123.456789.1", "Ihr Zeichen" with the value
on the next line as OCR reads an information block) come first; then numbers
whose shape alone identifies them (city Aktenzeichen "66.3-12/2025",
Kassenzeichen, Steuernummer). An information-block field ("Unser Zeichen:",
"Aktenzeichen:" at the start of a line) keeps its whole printed value
("Dr. K/sm", "WEG Parkstr. 2-6 / Gr"), as a person would copy it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ingest.extract.folding import fix_ocr_digits
from ingest.extract.models import Reference

_NR = r"(?:\s*[-.]?\s*(?:nr|nummer|no)\.?)"
_LABELS: tuple[tuple[str, str], ...] = (
    ("ihr_zeichen", r"ihr(?:e|er)?[.,]?\s+(?:zeichen|az\.?|aktenzeichen|gesch[aä]ftszeichen)"),
    ("unser_zeichen", r"(?:unser(?:e)?|mein)[.,]?\s+"
     r"(?:zeichen|az\.?|aktenzeichen|gesch[aä]ftszeichen)"),
    ("kassenzeichen", r"kassen[-\s]?zeichen|kassenz\."),
    ("aktenzeichen", r"aktenzeichen|gesch[aä]ftszeichen|gesch[aä]ftsnummer|gesch\.?-?z\."
     r"|az\.|az:|az(?=\s+\d)"),
    ("steuernummer", r"steuer[-\s]?(?:nummer|nr\.?)|st\.?-?nr\.?"),
    ("rechnungsnummer", r"(?:honorar|schluss|teil|abschlags)?rechnungs[-\s]?(?:nummer|nr\.?)"
     + r"|(?:honorar|schluss|teil|abschlags)?rechnung" + _NR + r"|re\.?-nr\.?"
     + r"|rechnung(?=\s+[A-Z]{1,4}-\d)|rechnung(?=\s+\d{2,}[-/]\d+\s*$)"),
    ("kundennummer", r"kunden[-\s]?(?:nummer|nr\.?)|kd\.?-?nr\.?"),
    ("bestellnummer", r"bestell[-\s]?(?:nummer|nr\.?)|bestellung" + _NR + r"|bestellung(?=\s*:)"
     + r"|auftrags?[-\s]?(?:nummer|nr\.?)"),
    ("vorgangsnummer", r"vorgangs[-\s]?(?:nummer|nr\.?)|vorgang" + _NR
     + r"|(?:antrags?|projekt|fall|verfahrens|bg|wohngeld|buchungs|schadens?)"
     + r"[-\s]?(?:nummer|nr\.?)"),
    ("bauantrag", r"bauantrags?[-\s]?(?:nummer|nr\.?)|bauantrag" + _NR
     + r"|bauantrag(?=\s+[A-Z]{1,4}-\d)"),
)  # fmt: skip
_LABEL_RE = re.compile(
    "|".join(f"(?P<{kind}>(?<![a-zäöüß])(?:{rx}))" for kind, rx in _LABELS),
    re.IGNORECASE,
)
_VALUE_TOKEN = re.compile(r"[A-Za-z0-9ÄÖÜäöü][A-Za-z0-9ÄÖÜäöü./\-_]*")
_ADDRESS_WORDS = {"der", "die", "das", "am", "an", "im", "zum", "zur", "von", "und", "z.", "hd."}
_STOP_WORDS = {"vom", "von", "über", "ueber", "bei", "und", "für", "fuer", "zum", "am", "bis"}
# Shapes that identify a number without a label.
_SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("kassenzeichen", re.compile(r"(?<![\d.:])\d[.:]\d{4}[.:]\d{6}[.:] ?\d(?![\d.])")),
    ("aktenzeichen",
     re.compile(r"(?<![\w.])\d{2}(?:\.\d{1,2})+-[\w-]*\d[\w-]*(?:/\d{2,4})?(?![\w/])")),
    # the same with OCR's space after the unit's dot, only before letters ("60. 1-BA-0097/26")
    ("aktenzeichen",
     re.compile(r"(?<![\w.])\d{2}\.\s\d{1,2}-[A-ZÄÖÜ][\w-]*\d[\w-]*(?:/\d{2,4})?(?![\w/])")),
    ("steuernummer", re.compile(r"(?<![\d/])\d{2,3}/\d{3}/\d{4,5}(?![\d/])")),
    # a bailiff's register number (Dienstregister), often printed without a label
    ("aktenzeichen", re.compile(r"(?<![\w/])DR\s+[IVX]{1,4}\s+\d{1,5}/\d{2,4}(?![\w/])")),
)  # fmt: skip
# City Aktenzeichen begin with the unit number; under "Ihr Zeichen" they are the city's file.
_CITY_AZ = re.compile(r"^\d{2}(?:\.\d{1,2})*-")


def _has_digit(token: str) -> bool:
    return any(ch.isdigit() for ch in token)


def _clean(value: str) -> str:
    return value.strip(" .,;:·-–—_()[]\"'„“”°|")  # "°": OCR's reading of a closing quote


def _joined(tokens: Sequence[str]) -> str:
    """Tokens as one value; OCR's space after a digit group's dot is dropped ("5. 0214.")."""
    return re.sub(r"(?<=\d\.) (?=\d)", "", " ".join(tokens)).rstrip(".")


# Between a label and its value: "(BG-Nr.)", "(falls bekannt)", "ist", "lautet",
# or a few words up to a colon ("Kundennummer bei Ihrer Behörde: MR-55102").
_PREAMBLE = re.compile(
    r"^\s*(?:[:#.)]|nr\.?|nummer|\([^()\d]{1,30}\)|ist|lautet|lauten)*\s*"
    r"(?:[^\d:\n]{1,35}:\s*|[^\d:\n]{1,40}?\b(?:lautet|lauten|ist)\s+)?",
    re.IGNORECASE,
)
# A letter code before the number: "AZ", "GewSt 4/2025-113", "SoVD-BZ 25-0196".
_CODE = re.compile(r"[A-ZÄÖÜ][A-Za-zÄÖÜäöü]{0,6}(?:-[A-ZÄÖÜ]{1,4})?")
_SUFFIX = re.compile(r"[A-Za-zÄÖÜäöü]{1,3}")  # "BV", "Ke", "kü" after "0431/25"
# Dictation initials alone as the sender's reference ("Unser Zeichen: SH/Ro").
_DICTATION = re.compile(
    r"[A-ZÄÖÜ][A-Za-zÄÖÜäöü]{0,3}/(?:[A-ZÄÖÜ]?[a-zäöü]{1,3}|[A-ZÄÖÜ]{1,3})"
    r"|[A-ZÄÖÜ]{1,4}/[A-ZÄÖÜ]{1,4}"
)
# A Roman numeral between separators that OCR read with an "l" ("W-Ill-27" for "W-III-27").
_ROMAN = re.compile(r"(?<=[-/ ])(?=[Il]*l)(?=[Il]*I)[Il]{2,3}(?=[-/ ]|$)")
# Typist's initials after a slash are lower case: OCR's "I"/"1" there is an "l".
_TYPIST = re.compile(r"(?<=[A-ZÄÖÜa-zäöü]/)[A-Za-zÄÖÜäöü1]{1,3}(?![\w/])")


def _typist_initials(token: str) -> str:
    """'MB/It' -> 'MB/lt', 'HO/k1' -> 'HO/kl'; other tokens unchanged."""

    def fix(m: re.Match[str]) -> str:
        group = m.group(0)
        if not any(ch.islower() for ch in group):
            return group  # "Be/IV", "A/1"
        return re.sub(r"^I(?=[a-zäöü])", "l", group).replace("1", "l")

    return _TYPIST.sub(fix, token)


_NOT_INITIALS = {
    "die", "der", "das", "den", "dem", "des", "ein", "wir", "ich", "sie", "es", "er", "am",
    "im", "in", "an", "zu", "um", "ab", "mit", "auf", "aus", "ist", "hat", "nun", "bzw",
}  # fmt: skip


def _value_after(rest: str, allow_initials: bool = False) -> str | None:
    """The value right after a label on the same line ("Nr. RE-2025-1 vom ...").

    ``allow_initials`` accepts dictation initials alone ("SH/Ro") as the value."""
    rest = _PREAMBLE.sub("", rest, count=1)
    raws = rest.split()
    while raws and not _clean(raws[0]):
        raws.pop(0)  # OCR noise before the value ('Ihr Zeichen: " 61.1-BP 52/2025')
    if allow_initials and raws and _DICTATION.fullmatch(_clean(raws[0])):
        # initials, maybe followed by a number ("HO/kl 24-118", "KW/sr 2231")
        parts = [_typist_initials(_clean(raws[0]))]
        for raw in raws[1:]:
            if not (_has_digit(raw) and _VALUE_TOKEN.fullmatch(_clean(raw))):
                break
            parts.append(_clean(raw))
        return " ".join(parts)
    tokens: list[str] = []
    for n, raw in enumerate(raws):
        token = _clean(raw)
        if not token or token.lower() in _STOP_WORDS or not _VALUE_TOKEN.fullmatch(token):
            break
        nxt = _clean(raws[n + 1]) if n + 1 < len(raws) else ""
        if tokens and not (_has_digit(token) or ("/" in token and len(token) <= 6)):
            # a court register letter between digit groups ("15 F 402/24", "23 IN 45/25")
            # or the clerk's initials after a file number ("0431/25 Ha")
            inner = re.fullmatch(r"[A-Z]{1,3}|[IVX]{1,4}", token) and _has_digit(nxt)
            initials = (
                "/" in tokens[-1]
                and _SUFFIX.fullmatch(token)
                and token.lower() not in _NOT_INITIALS
                and not _has_digit(nxt)
            )
            if not (inner or initials):
                break
            tokens.append(token)
            if initials:
                break
            continue
        if not tokens and not _has_digit(token) and not _CODE.fullmatch(token):
            return None
        tokens.append(token + "." if raw.endswith(".") and raw.rstrip(".") == token else token)
        if raw.rstrip().endswith((",", ";")):
            break
    value = _joined(tokens)
    return value if _has_digit(value) else None


def _value_at_end(line: str) -> str | None:
    """The value OCR put at the end of the next line (info block beside the address)."""
    tokens: list[str] = []
    for raw in reversed(line.split()):
        token = _clean(raw)
        if _VALUE_TOKEN.fullmatch(token) and (
            _has_digit(token) or ("/" in token and len(token) <= 6)
        ):
            tokens.insert(0, token)
            continue
        break
    if tokens and tokens[0] == line.split()[0] and re.fullmatch(r"\d{5}", tokens[0]):
        return None
    # OCR splits digit groups ("P-202 5-298", "1 99/24 Sc/ks"): rejoin digit-space-digit
    value = re.sub(r"(?<=\d) (?=\d)", "", " ".join(tokens))
    return value if _has_digit(value) else None


# Where an information-block field's value ends: a date, "vom ...", the date label.
_FIELD_END = re.compile(r"\s(?:vom|von|datum)\b|\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}", re.IGNORECASE)
_FIELD_KINDS = frozenset({"ihr_zeichen", "unser_zeichen", "aktenzeichen"})


# A word of a field value once quote noise is stripped ("Parkstr.", "2-6", "/", "(AG").
_FIELD_WORD = re.compile(r"\(?[\w./&-]+\)?|[/–-]")
_QUOTES = "\"'„“”°|"


def _field_words(raws: list[str]) -> list[str] | None:
    """The words of a field value up to OCR junk; None when the words are prose."""
    while raws and not any(ch.isalnum() for ch in raws[0]):
        raws.pop(0)
    while len(raws) > 1 and re.fullmatch(r"[a-zäöü]", raws[0]):
        raws.pop(0)  # a speck OCR read as a letter before the value ("Unser Zeichen: i TÖB-...")
    if raws:
        raws[0] = re.sub(r"^[^\w(]+", "", raws[0])  # '"KR/24-031', '+»2.3-21024'
    tokens: list[str] = []
    for n, raw in enumerate(raws):
        tok = raw.strip(_QUOTES)
        word = tok.strip("(),;")
        if not _FIELD_WORD.fullmatch(tok.rstrip(",;")) or not (
            any(ch.isalnum() for ch in tok) or tok in ("/", "–", "-")
        ):
            break  # OCR junk ends the value
        if word.lower() in _NOT_INITIALS and not word.isupper():
            return None  # a sentence ("12/2025 Die Stadt hat ..."), not "11 IN 342/25"
        if word[:1].islower() and word.isalpha():
            if len(word) == 1:
                break  # a speck read as a letter
            if len(word) > 3 or n < len(raws) - 1:
                return None  # prose, or lower-case initials anywhere but last
        tokens.append(_typist_initials(tok))
        if raw.endswith((",", ";")):
            break
    return tokens


def _field_value(rest: str) -> str | None:
    """The whole value of an information-block field ("Unser Zeichen: WEG Parkstr. 2-6 / Gr").

    Only after a colon, up to the next label or date on the line, without a
    remark in brackets at its end. The value ends before OCR junk (a word with
    "=", "©", "»"...; a lone lower-case letter); it has at most eight words, no
    prose (a lower-case word of four letters or more), and a digit or dictation
    initials in it.
    """
    colon = re.match(r"\s*[.]?\s*:\s*", rest)
    if not colon:
        return None
    rest = rest[colon.end() :]
    for stop in (_LABEL_RE.search(rest), _FIELD_END.search(rest)):
        if stop:
            rest = rest[: stop.start()]
    rest = re.sub(r"\s\([^()]*\)?\s*$", "", rest)  # a remark: "23 IK 188/25 (AG Hildesheim)"
    tokens = _field_words(rest.split())
    if tokens is None:
        return None
    while tokens and tokens[-1] in ("/", "–", "-"):
        tokens.pop()
    if not tokens or len(tokens) > 8:
        return None
    value = _joined(tokens).rstrip(" ,;:-–")
    if value.count(")") > value.count("("):
        value = value.rstrip(")")
    if len(value) > 40 or not (_has_digit(value) or _DICTATION.search(value)):
        return None
    return value


def _starts_field(line: str, start: int) -> bool:
    """Before the label stands at most a little OCR junk, or an address line that
    OCR joined to the information block beside it (no lower-case prose words)."""
    junk = line[:start].split()
    if len(junk) <= 2 and all(len(t) <= 3 for t in junk):
        return True
    return len(junk) <= 6 and not any(t[0].islower() and t not in _ADDRESS_WORDS for t in junk)


def _label_only(line: str, start: int, end: int) -> bool:
    """The label ends the line and starts an information-block field."""
    return not line[end:].strip(" :.;") and _starts_field(line, start)


def _labelled(lines: Sequence[str]) -> Iterator[Reference]:
    for i, line in enumerate(lines):
        for m in _LABEL_RE.finditer(line):
            kind = m.lastgroup or ""
            value = None
            if kind in _FIELD_KINDS and _starts_field(line, m.start()):
                value = _field_value(line[m.end() :])
            if value is None:
                value = _value_after(
                    line[m.end() :], allow_initials=kind in ("unser_zeichen", "ihr_zeichen")
                )
            if value is None and _label_only(line, m.start(), m.end()):
                # the value may sit one line further down, behind an address line
                for nxt in [ln for ln in lines[i + 1 : i + 4] if ln.strip()][:2]:
                    value = _value_at_end(nxt)
                    if value:
                        break
            if value:
                if kind == "ihr_zeichen" and _CITY_AZ.match(value):
                    kind = "aktenzeichen"
                yield Reference(kind, value)


def _shaped(lines: Sequence[str]) -> Iterator[Reference]:
    for line in lines:
        for kind, pattern in _SHAPES:
            for m in pattern.finditer(line):
                value = _clean(m.group(0))
                if kind == "kassenzeichen":  # OCR reads a dot as a colon: "3:0300.114029.2"
                    value = value.replace(":", ".")
                if kind == "aktenzeichen":
                    value = re.sub(r"^(\d{2})\.\s", r"\1.", value)
                yield Reference(kind, value)


def starts_with_label(line: str) -> bool:
    """True for "Kassenzeichen 5.0123...", "Az. 60.2-1/2025" and the like."""
    m = _LABEL_RE.search(line)
    return m is not None and not line[: m.start()].strip(" -–•·")


def find_references(lines: Sequence[str]) -> tuple[Reference, ...]:
    """Labelled and shaped references, deduplicated by value, in order of appearance."""
    fixed = [fix_ocr_digits(line) for line in lines]
    seen: set[str] = set()
    out: list[Reference] = []
    for found in [*_labelled(fixed), *_shaped(fixed)]:
        ref = Reference(found.kind, _ROMAN.sub(lambda m: "I" * len(m.group()), found.value))
        key = re.sub(r"\s+", "", ref.value).lower()
        if key in seen:
            continue
        seen.add(key)
        out.append(ref)
    return tuple(out)
