"""Evaluation core: routing metrics, cross-validation of the combined classifier
and the Paperless-ngx-style baseline (MLPClassifier over word 1–2-gram counts).

``python -m ingest.classify.evaluate [letters.jsonl]`` (default: the seed
letters) prints both, for random stratified folds and for folds grouped by
scenario (unseen kinds of letter).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.neural_network import MLPClassifier

from ingest.classify.combined import CombinedClassifier
from ingest.classify.config import ClassifierConfig, default_config

SEED_CORPUS = Path(__file__).with_name("seed") / "letters.jsonl"


@dataclass(frozen=True, slots=True)
class Report:
    """Routing figures at one threshold."""

    accuracy: float
    macro_f1: float
    routed_precision: float
    coverage: float
    threshold: float
    per_department: dict[str, tuple[float, float, int]]  # precision, recall, support
    labels: tuple[str, ...]
    confusion: tuple[tuple[int, ...], ...]


def score(
    truth: Sequence[str], predicted: Sequence[str], confidence: Sequence[float], threshold: float
) -> Report:
    """Metrics of predictions with confidences; routed = confidence >= threshold."""
    labels = tuple(sorted(set(truth) | set(predicted)))
    t, p, c = np.asarray(truth), np.asarray(predicted), np.asarray(confidence)
    routed = c >= threshold
    prec, rec, _, sup = precision_recall_fscore_support(t, p, labels=list(labels), zero_division=0)
    return Report(
        accuracy=float((t == p).mean()),
        macro_f1=float(f1_score(t, p, labels=list(labels), average="macro", zero_division=0)),
        routed_precision=float((t[routed] == p[routed]).mean()) if routed.any() else 1.0,
        coverage=float(routed.mean()),
        threshold=threshold,
        per_department={
            d: (float(prec[i]), float(rec[i]), int(sup[i])) for i, d in enumerate(labels)
        },
        labels=labels,
        confusion=tuple(
            tuple(int(v) for v in row) for row in confusion_matrix(t, p, labels=list(labels))
        ),
    )


def load_corpus(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _splits(
    labels: list[str], groups: list[str] | None, folds: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    if groups:
        return list(
            StratifiedGroupKFold(folds, shuffle=True, random_state=1).split(labels, labels, groups)
        )
    return list(StratifiedKFold(folds, shuffle=True, random_state=1).split(labels, labels))


def baseline_predict(
    train_x: list[str], train_y: list[str], test_x: list[str]
) -> tuple[list[str], list[float]]:
    """Paperless-ngx's classifier: CountVectorizer(1, 2) + MLPClassifier(tol=0.01)."""
    vec = CountVectorizer(analyzer="word", ngram_range=(1, 2), min_df=0.01)
    mlp = MLPClassifier(tol=0.01, random_state=0)
    mlp.fit(vec.fit_transform(train_x), train_y)
    probs = mlp.predict_proba(vec.transform(test_x))
    return [str(mlp.classes_[j]) for j in probs.argmax(1)], [float(v) for v in probs.max(1)]


def cross_validate(
    texts: list[str],
    labels: list[str],
    config: ClassifierConfig,
    groups: list[str] | None = None,
    folds: int = 5,
) -> tuple[Report, Report]:
    """(combined, baseline) reports over the same folds, at ``config.threshold``."""
    n = len(texts)
    pred_c, conf_c = [""] * n, [0.0] * n
    pred_b, conf_b = [""] * n, [0.0] * n
    for train_idx, test_idx in _splits(labels, groups, folds):
        tx, ty = [texts[i] for i in train_idx], [labels[i] for i in train_idx]
        tg = [groups[i] for i in train_idx] if groups else None
        clf = CombinedClassifier.train(tx, ty, config, groups=tg)
        test = [texts[i] for i in test_idx]
        combined, conf, _ = clf.rank(test)
        bp, bc = baseline_predict(tx, ty, test)
        for k, i in enumerate(test_idx):
            pred_c[i], conf_c[i] = clf.model.classes[int(combined[k].argmax())], float(conf[k])
            pred_b[i], conf_b[i] = bp[k], bc[k]
    return (
        score(labels, pred_c, conf_c, config.threshold),
        score(labels, pred_b, conf_b, config.threshold),
    )


def format_report(name: str, r: Report, detail: bool = False) -> str:
    lines = [
        f"{name}: accuracy {r.accuracy:.3f}  macro-F1 {r.macro_f1:.3f}  "
        f"routed precision {r.routed_precision:.3f}  coverage {r.coverage:.3f}  "
        f"(threshold {r.threshold:.2f})"
    ]
    if detail:
        lines.append("  dept    prec   rec  n")
        lines += [f"  {d:<6} {p:.3f} {rc:.3f} {n}" for d, (p, rc, n) in r.per_department.items()]
        lines.append("  confusion (rows truth, cols predicted): " + " ".join(r.labels))
        lines += [
            "  " + f"{d:<6}" + " ".join(f"{v:3d}" for v in row)
            for d, row in zip(r.labels, r.confusion, strict=True)
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args:
        letters = load_corpus(Path(args[0]))
        groups = [f"{x['department']}/{x.get('scenario', '')}" for x in letters]
    else:
        from ingest.classify.seedmodel import seed_letters

        letters = [dict(x) for x in seed_letters()]
        groups = [str(x["group"]) for x in letters]
    texts = [str(x["text"]) for x in letters]
    labels = [str(x["department"]) for x in letters]
    config = default_config()
    for title, g in (("5-fold stratified CV", None), ("5-fold CV grouped by scenario", groups)):
        combined, baseline = cross_validate(texts, labels, config, groups=g)
        print(f"== {title} ({len(texts)} letters)")
        print(format_report("combined", combined, detail=g is not None))
        print(format_report("baseline MLP", baseline))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
