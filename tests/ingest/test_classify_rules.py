"""Routing rules: Aktenzeichen prefixes, recipient-block aliases, keywords, reasons."""

from __future__ import annotations

import pytest

from ingest.classify.config import default_config
from ingest.classify.rules import RuleEngine, prefix_matches
from ingest.german import fold


@pytest.fixture(scope="module")
def engine() -> RuleEngine:
    return RuleEngine(default_config())


@pytest.mark.parametrize(
    ("value", "dept"),
    [
        ("66.3-0123/2024", "66"),
        ("20.3-44", "20.3"),
        ("20.31 2024-1", "20.3"),
        ("20.1-5", "20"),
        ("20-0012/2025", "20"),
        ("0110/12", "0110"),
        ("60.21-2024-0123", "60"),
        ("2025-07399", None),
    ],
)
def test_longest_prefix_wins(engine: RuleEngine, value: str, dept: str | None) -> None:
    assert engine.unit_of(value) == dept


def test_prefix_needs_separator() -> None:
    assert not prefix_matches("2024-1", "20")
    assert prefix_matches("20.32-1", "20.3")


def test_own_reference_is_ignored(engine: RuleEngine) -> None:
    text = "Kanzlei\nUnser Zeichen: 66.1-7/25\nIhr Zeichen: 60.2-1234/2024\n"
    assert engine.aktenzeichen(text) == ["60.2-1234/2024"]


def test_alias_in_recipient_block(engine: RuleEngine) -> None:
    text = (
        "Jens Müller\nAm Lehmanger 3\n\nStadt Braunschweig\nJugendamt\n"
        "38100 Braunschweig\n\nHallo,\nFrage."
    )
    result = engine.score(text)
    assert result.best() == "51"
    assert "recipient: Jugendamt" in result.reasons["51"]


@pytest.mark.parametrize(
    "city", ["Stadt Salzgitter", "Stadtverwaltung Celle", "An die Gemeinde Wendeburg",
             "Der Oberbürgermeister der Stadt Hildesheim"],
)  # fmt: skip
def test_recipient_block_of_any_city(engine: RuleEngine, city: str) -> None:
    # the sender's own letterhead names a unit of another city's administration
    text = (
        "Kreisjugendamt Peine · Burgstraße 1 · 31224 Peine\nJugendamt\n\n"
        f"{city}\nBauordnung\nPostfach 12 34\n\nSehr geehrte Damen und Herren,\nFrage."
    )
    assert engine.recipient_block(text).startswith(fold(city).split(" der stadt")[0])
    result = engine.score(text)
    assert "60" in result.strong and "51" not in result.strong


def test_alias_outside_recipient_block_does_not_count(engine: RuleEngine) -> None:
    text = "\n".join(["x"] * 20) + "\nDas Jugendamt weiß Bescheid."
    assert "51" not in engine.score(text).scores


def test_reasons_name_prefix_and_words(engine: RuleEngine) -> None:
    text = (
        "Stadt Braunschweig\n38100 Braunschweig\n"
        "Ihr Zeichen: 60.2-12/2024\nBauantrag und Bauvorlagen"
    )
    result = engine.score(text)
    assert result.best() == "60"
    assert "Aktenzeichen prefix 60.2" in result.reasons["60"]
    assert any(r.startswith("words: Bauantrag") and "Bauvorlage" in r for r in result.reasons["60"])


def test_keywords_match_folded_spellings(engine: RuleEngine) -> None:
    assert engine.score("Antrag auf Schuelerbefoerderung").best() == "40"
    assert fold("Straße Überprüfung Steuer") == "strasse uberprufung steuer"
