"""How the kind of evidence shapes a routing decision (``weigh_evidence``)."""

from __future__ import annotations

import numpy as np

from ingest.classify.combined import weigh_evidence
from ingest.classify.config import default_config
from ingest.classify.rules import RuleResult
from ingest.classify.seedmodel import load_seed_classifier

CLASSES = ["32", "51", "60", "67"]


def result(scores: dict[str, float], strong: set[str], reason: str = "recipient: x") -> RuleResult:
    return RuleResult(
        scores=scores, reasons={d: (reason,) for d in scores}, strong=frozenset(strong)
    )


def test_named_department_on_top_is_trusted() -> None:
    combined = np.array([0.1, 0.7, 0.1, 0.1])
    ranking, cap, note = weigh_evidence(
        combined, combined, result({"51": 4.0}, {"51"}), CLASSES, 0.4
    )
    assert cap == 1.0 and note is None
    assert ranking.argmax() == 1


def test_named_department_against_the_text_leads_but_goes_to_a_person() -> None:
    probs = np.array([0.05, 0.1, 0.8, 0.05])  # the text reads like a building application
    combined = 0.7 * probs + 0.3 * np.array([0.0, 1.0, 0.0, 0.0])
    ranking, cap, note = weigh_evidence(
        combined, probs, result({"51": 4.0}, {"51"}), CLASSES, model_conf=0.9
    )
    assert CLASSES[int(ranking.argmax())] == "51"
    assert cap < 0.5  # 1 - the text model's confidence
    assert note == "the recipient block names 51; the text fits 60"


def test_aktenzeichen_is_named_as_the_source() -> None:
    probs = np.array([0.7, 0.1, 0.1, 0.1])
    _, _, note = weigh_evidence(
        probs, probs, result({"67": 5.0}, {"67"}, "Aktenzeichen prefix 67.2"), CLASSES, 0.8
    )
    assert note == "the Aktenzeichen names 67; the text fits 32"


def test_keywords_against_the_text_model_give_way() -> None:
    probs = np.array([0.1, 0.1, 0.7, 0.1])
    combined = np.array([0.5, 0.1, 0.35, 0.05])  # keywords pulled 32 ahead
    ranking, cap, note = weigh_evidence(
        combined, probs, result({"32": 2.0}, set(), "words: Hund"), CLASSES, 0.8
    )
    assert CLASSES[int(ranking.argmax())] == "60"
    assert cap == 0.8 and note and "keywords point to 32" in note


def test_no_rule_the_text_model_confidence_is_the_ceiling() -> None:
    probs = np.array([0.1, 0.1, 0.7, 0.1])
    ranking, cap, note = weigh_evidence(probs, probs, result({}, set()), CLASSES, 0.66)
    assert cap == 0.66 and note is None and ranking.argmax() == 2


def test_misaddressed_letter_is_reviewed_with_the_named_department_first() -> None:
    clf = load_seed_classifier(default_config())
    decision = clf.classify(
        "Stadt Salzgitter\nJugendamt\nJoachim-Campe-Straße 6\n38226 Salzgitter\n\n"
        "Bauantrag für ein Einfamilienhaus mit Doppelgarage, Flurstück 112/4\n\n"
        "Sehr geehrte Damen und Herren,\nanbei erhalten Sie die Bauvorlagen, den Lageplan, "
        "die Baubeschreibung und den Standsicherheitsnachweis für unser Bauvorhaben. "
        "Bitte teilen Sie uns mit, ob die Bauvorlagen vollständig sind.\n\n"
        "Mit freundlichen Grüßen\nArchitekturbüro Lindner"
    )
    assert decision.candidates[0].department == "51"
    assert decision.department is None  # a person looks at it
    assert "recipient block names 51" in decision.reason
    assert "60" in [c.department for c in decision.candidates]
