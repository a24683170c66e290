"""German text folding shared by the extractors: case, umlauts, ß, OCR digits.

Every function keeps the string length where noted, so offsets found in the
folded text point into the original.
"""

from __future__ import annotations

import re

from ingest.german import fold

__all__ = ["fix_ocr_digits", "fold", "fold_same_length", "squash_spaces"]

_UMLAUTS = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "Ä": "a", "Ö": "o", "Ü": "u"})
_DIGITLIKE = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1"})
# A run that looks like a number written with OCR confusions.
_NUMBERISH = re.compile(r"(?<![A-Za-zÄÖÜäöüß])[0-9OoIl|]*[0-9][0-9OoIl|]*(?![A-Za-zÄÖÜäöüß])")


def fold_same_length(text: str) -> str:
    """Lower-case and fold umlauts character by character (length-preserving)."""
    return text.lower().translate(_UMLAUTS).replace("ß", "s")


def fix_ocr_digits(text: str) -> str:
    """Turn O/o/I/l/| into digits inside number-like runs ("2O25" -> "2025").

    Length-preserving. A run must contain a real digit and must not touch a
    letter, so words such as "Oktober" or "Ihr" are never changed.
    """

    def repl(m: re.Match[str]) -> str:
        run = m.group(0)
        if run.isdigit():
            return run
        return run.translate(_DIGITLIKE)

    return _NUMBERISH.sub(repl, text)


def squash_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
