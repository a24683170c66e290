"""Text model and combined classifier trained on the seed corpus."""

from __future__ import annotations

import json

import numpy as np
import pytest

from ingest.classify.combined import CombinedClassifier
from ingest.classify.config import default_config
from ingest.classify.model import ModelParams, TextModel
from ingest.classify.seedmodel import SEED_CORPUS, load_seed_classifier

LETTERS = [json.loads(line) for line in SEED_CORPUS.read_text(encoding="utf-8").splitlines()]
TEXTS = [str(x["text"]) for x in LETTERS]
LABELS = [str(x["department"]) for x in LETTERS]
TRAIN = [i for i in range(len(LETTERS)) if i % 5]
TEST = [i for i in range(len(LETTERS)) if i % 5 == 0]


def test_seed_corpus_shape() -> None:
    assert len(set(LABELS)) == 14
    assert all(LABELS.count(d) >= 40 for d in set(LABELS))
    assert SEED_CORPUS.stat().st_size < 2_000_000


@pytest.fixture(scope="module")
def combined() -> CombinedClassifier:
    return CombinedClassifier.train(
        [TEXTS[i] for i in TRAIN], [LABELS[i] for i in TRAIN], default_config()
    )


def test_held_out_accuracy_and_calibrated_confidence(combined: CombinedClassifier) -> None:
    scores, conf, _ = combined.rank([TEXTS[i] for i in TEST])
    predicted = [combined.model.classes[j] for j in scores.argmax(1)]
    accuracy = np.mean([p == LABELS[i] for p, i in zip(predicted, TEST, strict=True)])
    assert accuracy >= 0.9
    assert ((conf >= 0) & (conf <= 1)).all()


def test_decision_has_candidates_and_reason(combined: CombinedClassifier) -> None:
    decision = combined.classify(TEXTS[TEST[0]])
    assert len(decision.candidates) == 3
    assert 0.0 <= decision.confidence <= 1.0
    assert decision.reason
    assert decision.model_version == combined.version
    assert decision.routed == (decision.confidence >= combined.config.threshold)


def test_version_is_deterministic_and_order_independent() -> None:
    texts, labels = TEXTS[::5], LABELS[::5]
    params = ModelParams(calibration_folds=2)
    a = TextModel.train(texts, labels, params)
    b = TextModel.train(list(reversed(texts)), list(reversed(labels)), params)
    c = TextModel.train(texts, labels, ModelParams(calibration_folds=2, c=2.0))
    assert a.version == b.version != c.version


def test_committed_seed_model_loads_and_routes() -> None:
    clf = load_seed_classifier(default_config())
    clf.check()
    decision = clf.classify(
        "Stadt Braunschweig\n38100 Braunschweig\nIhr Zeichen: 60.2-12/2024\n\n"
        "Betreff: Bauantrag Carport\n\nanbei die fehlenden Bauvorlagen für unseren Bauantrag."
    )
    assert decision.department == "60"
    assert "Aktenzeichen prefix 60.2" in decision.reason
