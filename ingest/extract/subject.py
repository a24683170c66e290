"""The subject: the "Betreff" line, or the standalone line before the salutation."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.extract.dates import parse_dates
from ingest.extract.folding import squash_spaces
from ingest.extract.references import starts_with_label

_LABEL = re.compile(r"^[\W_]{0,3}(betreff|betr\.|betrifft|subject)\s*[:;.,]?\s*", re.IGNORECASE)
_SALUTATION = re.compile(
    r"^\s*(sehr geehrte|guten tag|hallo|liebe[rs]?\b|moin|werte )", re.IGNORECASE
)
_KEY_VALUE = re.compile(r"^[\wÄÖÜäöüß .\-/]{2,30}:\s*\S")
_ADDRESS = re.compile(r"(?<!\d)\d{5}\s+\w|postfach|z\. ?hd|^\s*(tel|fax|e-?mail)", re.IGNORECASE)
_JUNK_TAIL = re.compile(r"[\s.:;,'\"`|_]+$")


def _clean(text: str) -> str | None:
    t = _JUNK_TAIL.sub("", squash_spaces(text)).strip(" -–")
    return t or None


def _continues(first: str, nxt: str) -> bool:
    """A wrapped subject: long first line and a next line that is not key: value."""
    n = nxt.strip()
    return (
        bool(n)
        and len(first) >= 60
        and not _KEY_VALUE.match(n)
        and not starts_with_label(n)
        and not parse_dates(n)
        and not _SALUTATION.match(n)
        and not first.rstrip().endswith((".", ":"))
    )


def _labelled(lines: Sequence[str]) -> str | None:
    for i, line in enumerate(lines):
        m = _LABEL.match(line)
        if not m:
            continue
        rest, at = line[m.end() :], i
        if not rest.strip():  # label alone, subject on the next non-empty line
            at = next((j for j in range(i + 1, min(i + 3, len(lines))) if lines[j].strip()), i)
            rest = lines[at] if at != i else ""
        # the printed line, label included, decides whether the subject wrapped
        if at + 1 < len(lines) and _continues(lines[at], lines[at + 1]):
            rest = f"{rest} {lines[at + 1]}"
        return _clean(rest)
    return None


def _before_salutation(lines: Sequence[str]) -> str | None:
    sal = next((i for i, ln in enumerate(lines) if _SALUTATION.match(ln)), None)
    if sal is None:
        return None
    block: list[str] = []
    for line in reversed(lines[max(0, sal - 8) : sal]):
        t = line.strip()
        if not t:
            if block:
                break
            continue
        if (parse_dates(t) and len(t) < 45) or _ADDRESS.search(t):
            break
        block.insert(0, t)
    candidates = [t for t in block if not _KEY_VALUE.match(t)]
    return _clean(candidates[0]) if candidates else None


def find_subject(lines: Sequence[str]) -> str | None:
    return _labelled(lines[:60]) or _before_salutation(lines)
