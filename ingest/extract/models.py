"""Typed results of metadata extraction (frozen value objects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

REFERENCE_KINDS: tuple[str, ...] = (
    "aktenzeichen",
    "ihr_zeichen",
    "unser_zeichen",
    "kassenzeichen",
    "steuernummer",
    "rechnungsnummer",
    "kundennummer",
    "bestellnummer",
    "vorgangsnummer",
    "bauantrag",
)


@dataclass(frozen=True, slots=True)
class Reference:
    """A file or account number printed on a letter, e.g. ``kassenzeichen``."""

    kind: str
    value: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "value": self.value}


@dataclass(frozen=True, slots=True)
class LetterMetadata:
    """What the mail room reads off a letter before routing it."""

    letter_date: date | None = None
    sender: str | None = None
    subject: str | None = None
    references: tuple[Reference, ...] = ()
    restricted: bool = False
    restricted_reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """JSON-able form: ISO date, lists instead of tuples."""
        return {
            "letter_date": self.letter_date.isoformat() if self.letter_date else None,
            "sender": self.sender,
            "subject": self.subject,
            "references": [r.to_dict() for r in self.references],
            "restricted": self.restricted,
            "restricted_reasons": list(self.restricted_reasons),
        }
