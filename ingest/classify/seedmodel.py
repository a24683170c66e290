"""The shipped seed model: trained from ``seed/letters.jsonl`` (scenario-grouped
tuning) and committed as ``seed/model.joblib`` + ``seed/model.model.joblib``.
``python -m ingest.classify.seedmodel`` retrains it; ``load_seed_classifier``
trains and caches it when missing."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.classify.combined import CombinedClassifier
from ingest.classify.config import ClassifierConfig, default_config

SEED_DIR = Path(__file__).with_name("seed")
SEED_CORPUS = SEED_DIR / "letters.jsonl"
SEED_MODEL = SEED_DIR / "model.joblib"


def train_seed_model(config: ClassifierConfig, corpus: Path = SEED_CORPUS) -> CombinedClassifier:
    with corpus.open(encoding="utf-8") as fh:
        letters = [json.loads(line) for line in fh if line.strip()]
    return CombinedClassifier.train(
        [x["text"] for x in letters],
        [x["department"] for x in letters],
        config,
        groups=[f"{x['department']}/{x['scenario']}" for x in letters],
    )


def load_seed_classifier(config: ClassifierConfig, path: Path = SEED_MODEL) -> CombinedClassifier:
    """The committed seed model, trained and saved to ``path`` on first use if absent."""
    if not path.exists():
        train_seed_model(config).save(path)
    return CombinedClassifier.load(path, config)


def main() -> None:
    clf = train_seed_model(default_config())
    clf.save(SEED_MODEL)
    print(clf.version, f"blend {clf.weight}", f"tuned threshold {clf.tuned_threshold:.3f}")


if __name__ == "__main__":
    main()
