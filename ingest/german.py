"""German text folding for everything in ingest that matches words (routing
rules, the text model, metadata extraction): lowercase, umlaut/ß folding with
Lucene's digraph rule ("Müller", "Mueller", "Muller" meet; "Steuer" and
"Quelle" stay), other diacritics stripped. Imitates ``search.normalize``
without importing it (the packages are independent leaves)."""

from __future__ import annotations

import unicodedata

_SPECIAL = str.maketrans(
    {"ß": "ss", "ẞ": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "\u00ad": ""}
)
_OTHER, _VOWEL, _UMLAUTABLE = 0, 1, 2


def _contract_digraphs(text: str) -> str:
    """ae/oe/ue → a/o/u, except "ue" after a vowel or "q" ("steuer", "quelle" stay)."""
    out: list[str] = []
    state = _OTHER
    for ch in text:
        if ch in "ao":
            state = _UMLAUTABLE
        elif ch == "u":
            state = _UMLAUTABLE if state == _OTHER else _VOWEL
        elif ch == "e":
            skip = state == _UMLAUTABLE
            state = _VOWEL
            if skip:
                continue
        elif ch in "iqy":
            state = _VOWEL
        else:
            state = _OTHER
        out.append(ch)
    return "".join(out)


def fold(text: str) -> str:
    """Fold a whole text: "Straße Überprüfung" → "strasse uberprufung"."""
    lowered = unicodedata.normalize("NFC", text).lower().translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", lowered)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _contract_digraphs(unicodedata.normalize("NFC", stripped))
