"""Configured routing rules: recipient-block names/aliases, Aktenzeichen prefixes
and weighted keywords. Pure and deterministic; each department gets a score and
human-readable reasons ("Aktenzeichen prefix 60.", "words: Bauantrag, Bauvorlage")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.classify.config import ClassifierConfig
from ingest.german import fold

# A labelled reference whose value may start with a unit number. "Unser Zeichen"
# is the sender's own reference and is skipped.
_AZ = re.compile(
    r"(?P<label>(?:unser|ihr|ihre)?\s*(?:zeichen|aktenzeichen|geschaftszeichen|az\.?))\s*[:.]?\s*"
    r"(?P<value>\d[\d.]*(?:[-/][\w.]+| \d[\w.]*)*)",
    re.IGNORECASE,
)
# The first line of the address window: the city administration, whatever the
# city is called ("Stadt Salzgitter", "Stadtverwaltung …", "An die Gemeinde …",
# "Der Oberbürgermeister"). Folded text; "Stadtwerke" or "Stadtkasse" do not match.
_RECIPIENT_START = re.compile(
    r"^\W*(an\s+(die|den|das)\s+)?(stadt|stadtverwaltung|gemeinde|samtgemeinde|hansestadt"
    r"|landeshauptstadt|universitatsstadt|kreisstadt|magistrat|(der|die)\s+(ober)?burgermeister(in)?)"
    r"(?![a-z])"
)


@dataclass(frozen=True, slots=True)
class RuleResult:
    """Per-department rule scores and the reasons behind them (departments with score 0 absent)."""

    scores: dict[str, float]
    reasons: dict[str, tuple[str, ...]]
    strong: frozenset[str] = frozenset()  # named in the recipient block or by Aktenzeichen

    def best(self) -> str | None:
        return max(self.scores, key=lambda d: self.scores[d]) if self.scores else None


# Place names match as whole words only: the river "Oker" is a topic of the
# environment office, a town "Okerstedt" or the "Okerstraße" in an address is not.
WHOLE_WORDS = frozenset({"oker"})
# Where the letter proper starts (subject or salutation); keywords count from
# there, so street and place names in letterheads and addresses do not.
_BODY_MARK = re.compile(r"^\s*(betreff|betr\.|sehr geehrte|guten tag|hallo|liebe|anfrage|antrag)")


def _word_pattern(phrase: str) -> re.Pattern[str]:
    """Folded phrase at a word start; prefix match so compounds/inflections count."""
    folded = fold(phrase)
    end = r"(?![a-z])" if folded in WHOLE_WORDS else ""
    return re.compile(r"(?<![a-z0-9])" + re.escape(folded) + end)


def body_of(text: str) -> str:
    """The text from the subject line or salutation on (all of it if neither is found)."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if _BODY_MARK.match(fold(line)):
            return "\n".join(lines[i:])
    return text


def prefix_matches(value: str, prefix: str) -> bool:
    """True if an Aktenzeichen ``value`` begins with the unit ``prefix``.

    The next character must be a separator, or — for dotted prefixes such as
    "20.3" — a further digit of a sub-unit ("20.31"). "20" does not match "2024-…".
    """
    if not value.startswith(prefix):
        return False
    if len(value) == len(prefix):
        return True
    nxt = value[len(prefix)]
    return nxt in ".-/ " or ("." in prefix and nxt.isdigit())


class RuleEngine:
    """Scores a text against the configured departments."""

    def __init__(self, config: ClassifierConfig) -> None:
        self._config = config
        self._aliases = {
            d.id: [(a, _word_pattern(a)) for a in (d.name, *d.aliases)] for d in config.departments
        }
        self._keywords = {
            d.id: [(k, w, _word_pattern(k)) for k, w in d.keywords.items()]
            for d in config.departments
        }
        self._prefixes = sorted(
            ((p, d.id) for d in config.departments for p in (d.az_prefixes or [d.id])),
            key=lambda pd: -len(pd[0]),
        )

    @property
    def departments(self) -> list[str]:
        return [d.id for d in self._config.departments]

    def recipient_block(self, text: str) -> str:
        """Folded top lines from the first line naming the city administration on
        ("Stadt …", "Stadtverwaltung …", "Der Oberbürgermeister"); else all top lines."""
        lines = [fold(line) for line in text.splitlines()[: self._config.recipient_lines]]
        for i, line in enumerate(lines):
            if _RECIPIENT_START.match(line):
                return "\n".join(lines[i:])
        return "\n".join(lines)

    def unit_of(self, value: str) -> str | None:
        """Department of an Aktenzeichen by the longest matching prefix."""
        for prefix, dep in self._prefixes:
            if prefix_matches(value, prefix):
                return dep
        return None

    def aktenzeichen(self, text: str) -> list[str]:
        """Values of labelled references; the sender's own ("Unser Zeichen") excluded."""
        out: list[str] = []
        for m in _AZ.finditer(fold(text)):
            if not m.group("label").strip().startswith("unser"):
                out.append(m.group("value").strip())
        return out

    def score(self, text: str) -> RuleResult:
        cfg = self._config
        scores: dict[str, float] = {}
        reasons: dict[str, list[str]] = {}
        strong: set[str] = set()

        def add(dep: str, value: float, reason: str) -> None:
            scores[dep] = scores.get(dep, 0.0) + value
            reasons.setdefault(dep, []).append(reason)

        block = self.recipient_block(text)
        for dep, pats in self._aliases.items():
            found = [a for a, pat in pats if pat.search(block)]
            if found:
                add(dep, cfg.alias_weight, f"recipient: {found[0]}")
                strong.add(dep)
        seen: set[str] = set()
        for value in self.aktenzeichen(text):
            unit = self.unit_of(value)
            if unit is not None and unit not in seen:
                seen.add(unit)
                strong.add(unit)
                add(
                    unit,
                    cfg.prefix_weight,
                    f"Aktenzeichen prefix {value.split('-')[0].split('/')[0].split()[0]}",
                )
        folded = fold(body_of(text))
        for dep, kws in self._keywords.items():
            hits = [(k, w) for k, w, pat in kws if pat.search(folded)]
            if hits:
                total = min(cfg.keyword_cap, cfg.keyword_scale * sum(w for _, w in hits))
                hits.sort(key=lambda kw: -kw[1])
                add(dep, total, "words: " + ", ".join(k for k, _ in hits[:4]))
        return RuleResult(
            scores=scores,
            reasons={d: tuple(r) for d, r in reasons.items()},
            strong=frozenset(strong),
        )
