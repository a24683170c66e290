"""The ``Classifier`` protocol and its value types."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Candidate:
    """One ranked department with its score (a calibrated probability-like value)."""

    department: str
    score: float


@dataclass(frozen=True, slots=True)
class Decision:
    """A routing decision. ``department`` is None when the letter goes to review."""

    department: str | None
    confidence: float
    candidates: tuple[Candidate, ...]
    reason: str
    model_version: str

    @property
    def routed(self) -> bool:
        return self.department is not None


class Classifier(Protocol):
    """Routes a letter's text to a department or to review."""

    def classify(self, text: str) -> Decision: ...

    def check(self) -> None:
        """Raise if the classifier cannot work (no model, empty configuration)."""
