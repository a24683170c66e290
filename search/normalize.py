"""Word-level normalisation: lowercasing, umlaut/ß folding, stop words, stemming.

Folding follows Lucene's GermanNormalizationFilter (the one Elasticsearch's
``german_normalization`` uses): ä/ö/ü → a/o/u, ß → ss, and "ae", "oe", "ue" → a,
o, u, except "ue" after a vowel or "q" (so "Steuer", "Bauer", "Quelle" stay).
Other Latin diacritics are stripped too ("José" → "jose"). The same folding
runs on index and query side, so "Mueller", "Müller" and "Muller" meet.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import snowballstemmer

from search.german import STOP_WORDS

_SPECIAL = str.maketrans(
    {"ß": "ss", "ẞ": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "\u00ad": ""}
)
_OTHER, _VOWEL, _UMLAUTABLE = 0, 1, 2


def _contract_digraphs(word: str) -> str:
    """ae/oe/ue → a/o/u with Lucene's state machine (see module docstring)."""
    out: list[str] = []
    state = _OTHER
    for ch in word:
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


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lowercase and fold one word: "Straße" → "strasse", "Müller"/"Mueller" → "muller"."""
    lowered = unicodedata.normalize("NFC", word).lower().translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", lowered)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _contract_digraphs(unicodedata.normalize("NFC", stripped))


_STOP: frozenset[str] = frozenset(fold(w) for w in STOP_WORDS)
_STEMMER = snowballstemmer.stemmer("german")


def is_stop(folded: str) -> bool:
    """True for a (folded) German stop word."""
    return folded in _STOP


@lru_cache(maxsize=200_000)
def stem(folded: str) -> str:
    """Snowball German stem of a folded word; words with digits are kept as they are."""
    if not folded or any(ch.isdigit() for ch in folded):
        return folded
    result: str = _STEMMER.stemWord(folded)
    return result or folded
