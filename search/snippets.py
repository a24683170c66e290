"""Highlighted snippets cut from the original text (not from stems).

A snippet is a window of the document text around the place where the most
distinct query terms match, whitespace collapsed, with every matching word
wrapped in « and ». Matching is on analysed tokens, so "Bescheides" in the
text is highlighted for the query "Bescheid", and "Grundsteuerbeschcid" for a
fuzzy "Grundsteuerbescheid".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from search.analysis import AnalyzedQuery, Token, analyze
from search.matching import fuzzy_match

SNIPPET_CHARS = 240
LEAD_CHARS = 60  # context shown before the first match
OPEN, CLOSE, ELLIPSIS = "«", "»", "…"
_SPACE_RE = re.compile(r"\s+")


def _matches(token: Token, query: AnalyzedQuery, fuzzy: bool) -> bool:
    terms = query.terms
    if token.term in terms or any(p in terms for p in token.parts):
        return True
    if not fuzzy:
        return False
    return any(fuzzy_match(q, token.term) for q in terms) or any(
        fuzzy_match(f, token.form) for f in query.forms
    )


def _best_window(hits: Sequence[Token], terms_of: dict[int, str]) -> tuple[int, int]:
    """(start, end) character range holding the most distinct matched words."""
    best: tuple[int, int, int] = (-1, 0, 0)
    for i, first in enumerate(hits):
        seen: set[str] = set()
        count = 0
        for hit in hits[i:]:
            if hit.end - first.start > SNIPPET_CHARS - LEAD_CHARS:
                break
            seen.add(terms_of[hit.position])
            count += 1
        if (len(seen), count) > (best[0], best[1]):
            best = (len(seen), count, i)
    start = hits[best[2]].start
    return max(0, start - LEAD_CHARS), start - LEAD_CHARS + SNIPPET_CHARS


def _snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Move the window's edges onto whitespace so no word is cut."""
    end = min(len(text), max(end, start + 1))
    if start > 0:
        space = text.find(" ", start, start + LEAD_CHARS)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return start, end


def make_snippet(
    text: str, query: AnalyzedQuery, fuzzy: bool, tokens: Sequence[Token] | None = None
) -> str:
    """A snippet of ``text`` for ``query``; the text's start when nothing matches."""
    tokens = analyze(text) if tokens is None else tokens
    hits = [t for t in tokens if _matches(t, query, fuzzy)]
    flat = text.replace("\f", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
    if hits:
        start, _ = _best_window(hits, {t.position: t.term for t in hits})
        start = max(0, min(start, len(flat) - SNIPPET_CHARS))  # use the whole window
        start, end = _snap(flat, start, start + SNIPPET_CHARS)
    else:
        start, end = _snap(flat, 0, SNIPPET_CHARS)
    pieces: list[str] = [ELLIPSIS] if start > 0 else []
    cursor = start
    for hit in hits:
        if hit.start < start or hit.end > end:
            continue
        pieces += [flat[cursor : hit.start], OPEN, flat[hit.start : hit.end], CLOSE]
        cursor = hit.end
    pieces.append(flat[cursor:end])
    if end < len(flat):
        pieces.append(ELLIPSIS)
    return _SPACE_RE.sub(" ", "".join(pieces)).strip()
