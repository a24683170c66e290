"""Configuration of the classifier (plain pydantic models; the application's
settings root nests ``ClassifierConfig``). ``default_config()`` builds the
shipped routing rules from the built-in vocabulary; ``config_from_toml()``
reads a ``departments.toml`` and merges the built-in aliases and keywords."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, Field

from ingest.classify import vocabulary


class DepartmentRules(BaseModel):
    """Routing rules for one department."""

    id: str = Field(description='Stable department id, e.g. "20.3" or "0110".')
    name: str = Field(description="Official name; also matched in the recipient block.")
    aliases: list[str] = Field(
        default_factory=list,
        description='Other names matched in the recipient block ("Jugendamt").',
    )
    az_prefixes: list[str] = Field(
        default_factory=list,
        description="Aktenzeichen prefixes (unit numbers); empty means the id itself. "
        'The longest matching prefix over all departments wins ("20.3" before "20").',
    )
    keywords: dict[str, float] = Field(
        default_factory=dict,
        description="Words or phrases (matched folded, at a word start) and their weights.",
    )


class ClassifierConfig(BaseModel):
    """Rules, weights and the routing threshold of the combined classifier."""

    threshold: float = Field(
        default=0.75,
        ge=0.0,
        le=1.0,
        description="Calibrated confidence at or above which a letter is routed; below it goes "
        "to review. Tuned by cross-validation on the seed corpus for >= 97 % routed precision.",
    )
    target_precision: float = Field(
        default=0.97,
        ge=0.5,
        le=1.0,
        description="Routed precision aimed at when tuning a threshold.",
    )
    recipient_lines: int = Field(
        default=15, ge=1, description="Lines at the top searched for the recipient block."
    )
    alias_weight: float = Field(
        default=4.0, ge=0, description="Rule score of a name/alias in the recipient block."
    )
    prefix_weight: float = Field(
        default=5.0, ge=0, description="Rule score of an Aktenzeichen prefix match."
    )
    keyword_scale: float = Field(
        default=1.0, ge=0, description="Multiplier on all keyword weights."
    )
    keyword_cap: float = Field(
        default=6.0, ge=0, description="Most keyword score one department can get."
    )
    rule_blend: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="Share of the rule distribution in the combined score; None tunes it by "
        "cross-validation at training time.",
    )
    cv_folds: int = Field(default=5, ge=2, description="Folds for tuning blend and calibration.")
    departments: list[DepartmentRules] = Field(
        default_factory=list, description="The routing targets and their rules."
    )


def _rules(dep_id: str, name: str, topics: list[str] | tuple[str, ...]) -> DepartmentRules:
    keywords = {t: 1.0 for t in topics}
    keywords.update(vocabulary.KEYWORDS.get(dep_id, {}))
    return DepartmentRules(
        id=dep_id, name=name, aliases=list(vocabulary.ALIASES.get(dep_id, ())), keywords=keywords
    )


def default_config() -> ClassifierConfig:
    """The shipped configuration: the 14 departments with aliases and keywords."""
    deps = [_rules(i, n, t) for i, n, t in vocabulary.DEPARTMENTS]
    return ClassifierConfig(departments=deps)


def config_from_toml(path: Path) -> ClassifierConfig:
    """Departments from a ``departments.toml`` (``[[department]]`` id, name, topics)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    deps = [
        _rules(str(d["id"]), str(d["name"]), list(d.get("topics", []))) for d in data["department"]
    ]
    return ClassifierConfig(departments=deps)
