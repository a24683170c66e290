"""Compound splitting ("Grundsteuerbescheid" → grund, steuer, bescheid, ...).

The analysis asks a Decompounder for the parts of every long word and indexes
them beside the word, so a search for "Bescheid" or "Steuerbescheid" finds
"Grundsteuerbescheid". Any splitter with the same one-method interface can
replace the small-lexicon one here (e.g. a full dictionary or a statistical
splitter); the index then only needs rebuilding.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from search.german import COMPOUND_WORDS
from search.normalize import fold, stem

# Linking elements (Fugenelemente) that may sit between two constituents.
_LINKS: tuple[str, ...] = ("", "s", "es", "n", "en", "e", "er", "ns")
MIN_COMPOUND = 7  # shorter words are never split
MIN_HEAD = 4  # the last constituent
MIN_MODIFIER = 3  # every other constituent


class Decompounder(Protocol):
    def split(self, folded: str) -> tuple[str, ...]:
        """Parts of a folded word, each folded but not stemmed; () when it is no compound."""
        ...


class NoDecompounder:
    """Splits nothing."""

    def split(self, folded: str) -> tuple[str, ...]:
        return ()


class LexiconDecompounder:
    """Splits a word when it ends in a known constituent (its head).

    The part before the head is split again the same way; what remains at the
    front is kept if it is known or at least MIN_HEAD letters long. The parts
    returned are the constituents plus every compound that starts or ends at
    a split point ("steuerbescheid", "grundsteuer"), so a query for any of
    them finds the whole word.
    """

    def __init__(self, words: Iterable[str] = COMPOUND_WORDS) -> None:
        self._stems = frozenset(stem(fold(w)) for w in words)

    def _known(self, chunk: str) -> bool:
        return len(chunk) >= MIN_MODIFIER and stem(chunk) in self._stems

    def _known_modifier(self, chunk: str) -> str | None:
        """The chunk without its linking element, if that is a known word."""
        for link in _LINKS:
            if link and not chunk.endswith(link):
                continue
            base = chunk[: len(chunk) - len(link)] if link else chunk
            if self._known(base):
                return base
        return None

    def _split_points(self, word: str, end: int) -> list[int]:
        """Split points inside word[:end], found from the right."""
        for k in range(MIN_MODIFIER, end - MIN_HEAD + 1):
            if not self._known(word[k:end]):
                continue
            prefix = word[:k]
            if self._known_modifier(prefix) is not None:
                return [k]
            return [*self._split_points(word, k), k] if len(prefix) >= MIN_COMPOUND else [k]
        return []

    def split(self, folded: str) -> tuple[str, ...]:
        if len(folded) < MIN_COMPOUND or not folded.isalpha():
            return ()
        points = self._split_points(folded, len(folded))
        if not points:
            return ()
        bounds = [0, *points, len(folded)]
        parts: list[str] = []
        for i in range(len(bounds) - 1):
            chunk = folded[bounds[i] : bounds[i + 1]]
            base = self._known_modifier(chunk) or (chunk if len(chunk) >= MIN_HEAD else None)
            if base is not None:
                parts.append(base)
        parts.extend(folded[p:] for p in points[:-1])  # suffix compounds
        parts.extend(folded[:p] for p in points[1:])  # prefix compounds
        return tuple(dict.fromkeys(p for p in parts if p != folded))
