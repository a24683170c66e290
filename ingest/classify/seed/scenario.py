"""The shape of one letter scenario."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Scenario:
    """One kind of letter a department receives.

    ``senders`` holds sender-kind codes: c citizen, C company, l lawyer,
    a authority, v association. ``parts`` is a sequence of paragraphs, each a
    tuple of alternatives ("" = leave the paragraph out); text may use the
    ``{slot}`` names filled in by ``generate.py``. ``refs`` lists the reference
    slots printed in the header. ``restricted`` is the share of letters that
    disclose health, disability, social-benefit or child-welfare details.
    """

    dept: str
    key: str
    senders: str
    subjects: tuple[str, ...]
    parts: tuple[tuple[str, ...], ...]
    refs: tuple[str, ...] = ("az",)
    restricted: float = 0.0


KIND_CODES = {
    "c": "citizen",
    "C": "company",
    "l": "lawyer",
    "a": "authority",
    "v": "association",
}
