"""The shipped seed model: trained from ``seed/letters.jsonl`` (generated from
scenarios) and ``seed/written.jsonl`` (letters written one by one, in the
styles real mail comes in), with scenario-grouped tuning, and committed as
``seed/model.joblib`` + ``seed/model.model.joblib``.
``python -m ingest.classify.seedmodel`` retrains it; ``load_seed_classifier``
trains and caches it when missing."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.classify.combined import CombinedClassifier
from ingest.classify.config import ClassifierConfig, default_config

SEED_DIR = Path(__file__).with_name("seed")
SEED_CORPUS = SEED_DIR / "letters.jsonl"
SEED_WRITTEN = SEED_DIR / "written.jsonl"
SEED_MODEL = SEED_DIR / "model.joblib"


def seed_letters(
    corpora: tuple[Path, ...] = (SEED_CORPUS, SEED_WRITTEN),
) -> list[dict[str, str]]:
    """The labelled seed letters: ``text``, ``department`` and a ``group`` key
    (corpus + department + scenario) that keeps one kind of letter in one fold."""
    out = []
    for corpus in corpora:
        if not corpus.exists():
            continue
        with corpus.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    x = json.loads(line)
                    group = f"{corpus.stem}:{x['department']}/{x.get('scenario', '')}"
                    out.append({"text": x["text"], "department": x["department"], "group": group})
    return out


def train_seed_model(config: ClassifierConfig) -> CombinedClassifier:
    letters = seed_letters()
    return CombinedClassifier.train(
        [x["text"] for x in letters],
        [x["department"] for x in letters],
        config,
        groups=[x["group"] for x in letters],
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
