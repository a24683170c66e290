"""How an IndexedDoc becomes analysed fields; every backend indexes these.

- ``text``: the terms of the document text, with positions (phrase queries);
- ``meta``: the terms of title, sender, file name and references;
- ``parts``: compound parts and reference-number pieces of both;
- ``forms``: the folded but unstemmed words of the text, so fuzzy matching
  also catches OCR errors in word endings that defeat the stemmer.
"""

from __future__ import annotations

from dataclasses import dataclass

from search.analysis import Token, analyze
from search.base import IndexedDoc


@dataclass(frozen=True, slots=True)
class AnalysedDoc:
    text: tuple[Token, ...]
    meta: tuple[Token, ...]

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(p for t in (*self.text, *self.meta) for p in t.parts)

    @property
    def forms(self) -> tuple[str, ...]:
        """Unstemmed folded forms of the text's words (fuzzy matching only)."""
        return tuple(t.form for t in self.text)


def meta_text(doc: IndexedDoc) -> str:
    """Searchable metadata as one text, one value a line."""
    return "\n".join(v for v in (doc.title, doc.sender, doc.source, *doc.references) if v)


def analyse_doc(doc: IndexedDoc) -> AnalysedDoc:
    return AnalysedDoc(text=tuple(analyze(doc.text)), meta=tuple(analyze(meta_text(doc))))
