"""The combined classifier: rule scores and calibrated model probabilities are
blended into one ranking; a small logistic calibrator, fitted on out-of-fold
predictions, turns the ranking's shape into P(top candidate is right).

    combined_d = (1 - blend) * p_model(d) + blend * rule_score(d) / sum(rule_scores)

At or above ``config.threshold`` the letter is routed, else it goes to review.

The calibrator learns from the seed corpus, whose keywords were written with
the rules, so it trusts keyword hits more than letters from outside deserve
(measured on independently written letters: a department named in the
recipient block or by the Aktenzeichen was right 63/63 times; keywords alone,
with the text model agreeing, 21/22; keywords against the text model 9/19).
So the kind of evidence shapes the decision (``weigh_evidence``): keywords
that the text model contradicts give way to the text model, and wherever no
recipient/Aktenzeichen rule backs the decision, the text model's calibrated
confidence is the ceiling (keyword agreement ranks, it does not vouch).
"""

from __future__ import annotations

import hashlib
import io
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

from ingest.classify.base import Candidate, Decision
from ingest.classify.config import ClassifierConfig
from ingest.classify.model import ModelParams, TextModel
from ingest.classify.rules import RuleEngine, RuleResult

BLEND_GRID = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


@dataclass(frozen=True, slots=True)
class Calibrator:
    """Logistic map from (top score, margin, rules agree with model) to P(correct)."""

    coef: tuple[float, float, float]
    intercept: float

    def confidence(self, features: np.ndarray) -> np.ndarray:
        z = features @ np.asarray(self.coef) + self.intercept
        out: np.ndarray = 1.0 / (1.0 + np.exp(-z))
        return out


def rule_matrix(results: Sequence[RuleResult], classes: Sequence[str]) -> np.ndarray:
    """Rows of rule scores normalised to sum 1 (all zero when no rule fired)."""
    out = np.zeros((len(results), len(classes)))
    for i, r in enumerate(results):
        total = sum(r.scores.get(c, 0.0) for c in classes)
        if total > 0:
            out[i] = [r.scores.get(c, 0.0) / total for c in classes]
    return out


def blend(probs: np.ndarray, rules: np.ndarray, weight: float) -> np.ndarray:
    fired = rules.sum(axis=1, keepdims=True) > 0
    mixed: np.ndarray = np.where(fired, (1 - weight) * probs + weight * rules, probs)
    return mixed


def shape_features(combined: np.ndarray, probs: np.ndarray, rules: np.ndarray) -> np.ndarray:
    ordered = np.sort(combined, axis=1)
    top, second = ordered[:, -1], ordered[:, -2]
    agree = (rules.sum(axis=1) > 0) & (rules.argmax(axis=1) == probs.argmax(axis=1))
    return np.column_stack([top, top - second, agree.astype(float)])


def tune_threshold(confidence: np.ndarray, correct: np.ndarray, target: float) -> float:
    """Smallest threshold whose routed set reaches ``target`` precision (1.0 if none does)."""
    for t in sorted(set(np.round(confidence, 4).tolist())):
        routed = confidence >= t
        if routed.any() and correct[routed].mean() >= target:
            return float(t)
    return 1.0


def _fit_calibrator(features: np.ndarray, correct: np.ndarray) -> Calibrator:
    if correct.all() or not correct.any():
        return Calibrator((8.0, 0.0, 0.0), -4.0)  # no errors to learn from: trust the top score
    lr = LogisticRegression(C=10.0).fit(features, correct)
    c = lr.coef_[0]
    return Calibrator((float(c[0]), float(c[1]), float(c[2])), float(lr.intercept_[0]))


def model_features(probs: np.ndarray) -> np.ndarray:
    """(top probability, margin to the second, 0) per row, for the model calibrator."""
    ordered = np.sort(probs, axis=1)
    top = ordered[:, -1]
    return np.column_stack([top, top - ordered[:, -2], np.zeros(len(probs))])


def weigh_evidence(
    combined: np.ndarray,
    probs: np.ndarray,
    result: RuleResult,
    classes: Sequence[str],
    model_conf: float,
) -> tuple[np.ndarray, float, str | None]:
    """(ranking, confidence ceiling, note) for one letter, by the kind of evidence.

    - The top department is named in the recipient block or by the Aktenzeichen:
      the blended ranking stands, no ceiling.
    - Another department is named there: it leads the ranking, but with the
      text model against it the letter goes to a person (ceiling 1 - the text
      model's confidence).
    - Only keywords back it and the text model agrees: the text model's confidence is
      the ceiling (keywords help the ranking, but their agreement is no calibrated
      evidence: on independent letters every confident error was keyword-backed).
    - Only keywords back it and the text model prefers another department: the
      text model's ranking decides, its confidence is the ceiling (keywords in
      passing mislead more often than the model does).
    - No rule fired: the text model's confidence is the ceiling.

    ``model_conf`` is P(the text model's top choice is right), calibrated on
    out-of-fold predictions of the training letters.
    """
    top = int(combined.argmax())
    dep = classes[top]
    if dep in result.strong:
        return combined, 1.0, None
    model_top = int(probs.argmax())
    named = [d for d in classes if d in result.strong]
    if named:
        # The address or the Aktenzeichen names a department the text does not fit:
        # the named one leads the candidates, a person decides (a misaddressed letter
        # is exactly what the post room re-routes). P(named is right) is taken as
        # P(the text model is wrong).
        best = max(named, key=lambda d: result.scores.get(d, 0.0))
        ranking = combined.copy()
        ranking[classes.index(best)] = float(combined.max()) + 1e-6
        note = f"{_named_by(result, best)} names {best}; the text fits {classes[model_top]}"
        return ranking, min(1.0 - model_conf, float(combined[classes.index(best)])), note
    if dep in result.scores and model_top != top:
        note = f"keywords point to {dep}; the text model's choice is taken"
        return probs, model_conf, note
    if dep in result.scores:
        return combined, model_conf, None
    return combined, model_conf if model_top == top else float(probs[top]), None


def _named_by(result: RuleResult, dep: str) -> str:
    reasons = " ".join(result.reasons.get(dep, ()))
    return "the recipient block" if "recipient:" in reasons else "the Aktenzeichen"


class CombinedClassifier:
    """Rules + text model + calibrated confidence; implements ``Classifier``."""

    def __init__(
        self,
        config: ClassifierConfig,
        model: TextModel,
        weight: float,
        calibrator: Calibrator,
        tuned_threshold: float,
        model_calibrator: Calibrator | None = None,
    ) -> None:
        self.config = config
        self.model = model
        self.weight = weight
        self.calibrator = calibrator
        self.tuned_threshold = tuned_threshold
        self.model_calibrator = model_calibrator
        self.rules = RuleEngine(config)
        self.version = f"combined-{model.version}-b{weight:.1f}"

    def check(self) -> None:
        missing = set(self.rules.departments) - set(self.model.classes)
        if not self.model.classes or missing:
            raise ValueError(f"model lacks departments: {sorted(missing)}")

    def rank(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, list[RuleResult]]:
        """(combined scores, calibrated confidences, rule results) for many texts."""
        combined, conf, results, _, _ = self._ranked(texts)
        return combined, conf, results

    def _ranked(
        self, texts: Sequence[str]
    ) -> tuple[np.ndarray, np.ndarray, list[RuleResult], np.ndarray, list[str | None]]:
        """``rank`` plus the text model's probabilities and each letter's evidence note."""
        probs = self.model.predict_proba(texts)
        results = [self.rules.score(t) for t in texts]
        rules = rule_matrix(results, self.model.classes)
        combined = blend(probs, rules, self.weight)
        conf = self.calibrator.confidence(shape_features(combined, probs, rules))
        model_conf = self.model_confidence(probs)
        classes = self.model.classes
        notes: list[str | None] = []
        for i, result in enumerate(results):
            ranking, cap, note = weigh_evidence(
                combined[i], probs[i], result, classes, float(model_conf[i])
            )
            # the text model's own ranking: its probability is the confidence
            conf[i] = cap if note else min(float(conf[i]), cap)
            combined[i] = ranking
            notes.append(note)
        return combined, conf, results, probs, notes

    def model_confidence(self, probs: np.ndarray) -> np.ndarray:
        """P(the text model's top choice is right) per row (its raw top probability
        for models saved before the model calibrator existed)."""
        if self.model_calibrator is None:
            top: np.ndarray = probs.max(axis=1)
            return top
        return self.model_calibrator.confidence(model_features(probs))

    def classify(self, text: str) -> Decision:
        combined, conf, results, probs, notes = self._ranked([text])
        classes = self.model.classes
        order = np.argsort(-combined[0])[:3]
        candidates = tuple(Candidate(classes[j], round(float(combined[0][j]), 4)) for j in order)
        top = candidates[0].department
        confidence = round(float(conf[0]), 4)
        note = notes[0]
        reasons = [] if note else list(results[0].reasons.get(top, ()))
        reasons.append(f"model {float(probs[0][order[0]]):.2f}")
        if note:
            reasons.append(note)
        return Decision(
            department=top if confidence >= self.config.threshold else None,
            confidence=confidence,
            candidates=candidates,
            reason="; ".join(reasons),
            model_version=self.version,
        )

    @classmethod
    def train(
        cls,
        texts: Sequence[str],
        labels: Sequence[str],
        config: ClassifierConfig,
        params: ModelParams | None = None,
        groups: Sequence[str] | None = None,
    ) -> CombinedClassifier:
        """Fit blend weight and calibrator on out-of-fold predictions, then the final model.

        ``groups`` (e.g. the seed corpus' scenario keys) keeps a group in one fold, so
        the out-of-fold errors resemble letters of a kind never seen in training.
        """
        texts, labels = list(texts), list(labels)
        classes = sorted(set(labels))
        probs = np.zeros((len(texts), len(classes)))
        smallest = min(labels.count(c) for c in classes)
        n_splits = max(2, min(config.cv_folds, smallest))
        splitter = (
            StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=0)
            if groups
            else StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=0)
        )
        for train_idx, test_idx in splitter.split(
            texts, labels, groups=list(groups) if groups else None
        ):
            fold_model = TextModel.train(
                [texts[i] for i in train_idx], [labels[i] for i in train_idx], params
            )
            fold_probs = fold_model.predict_proba([texts[i] for i in test_idx])
            cols = [classes.index(c) for c in fold_model.classes]
            probs[np.ix_(test_idx, cols)] = fold_probs
        engine = RuleEngine(config)
        rules = rule_matrix([engine.score(t) for t in texts], classes)
        truth = np.array([classes.index(y) for y in labels])
        weight = (
            config.rule_blend
            if config.rule_blend is not None
            else max(
                BLEND_GRID,
                key=lambda w: (float((blend(probs, rules, w).argmax(1) == truth).mean()), -w),
            )
        )
        combined = blend(probs, rules, weight)
        correct = combined.argmax(1) == truth
        calibrator = _fit_calibrator(shape_features(combined, probs, rules), correct)
        conf = calibrator.confidence(shape_features(combined, probs, rules))
        tuned = tune_threshold(conf, correct, config.target_precision)
        model_calibrator = _fit_calibrator(model_features(probs), probs.argmax(1) == truth)
        model = TextModel.train(texts, labels, params)
        return cls(config, model, weight, calibrator, tuned, model_calibrator)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        model_path = path.with_suffix(".model.joblib")
        self.model.save(model_path)
        joblib.dump(
            {
                "weight": self.weight,
                "coef": self.calibrator.coef,
                "intercept": self.calibrator.intercept,
                "tuned_threshold": self.tuned_threshold,
                "model_coef": self.model_calibrator.coef if self.model_calibrator else None,
                "model_intercept": (
                    self.model_calibrator.intercept if self.model_calibrator else None
                ),
                "model": model_path.name,
                "model_sha256": hashlib.sha256(model_path.read_bytes()).hexdigest(),
            },
            path,
        )

    @classmethod
    def load(cls, path: Path, config: ClassifierConfig) -> CombinedClassifier:
        meta = joblib.load(path)
        model = TextModel.load(path.with_name(meta["model"]))
        calibrator = Calibrator(tuple(meta["coef"]), float(meta["intercept"]))
        model_calibrator = (
            Calibrator(tuple(meta["model_coef"]), float(meta["model_intercept"]))
            if meta.get("model_coef") is not None
            else None
        )
        return cls(
            config,
            model,
            float(meta["weight"]),
            calibrator,
            float(meta["tuned_threshold"]),
            model_calibrator,
        )

    def to_bytes(self) -> bytes:
        """The trained classifier as one blob (both joblib files), for the catalog."""
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "model.joblib"
            self.save(path)
            blob = {p.name: p.read_bytes() for p in Path(tmp).iterdir()}
        buf = io.BytesIO()
        joblib.dump(blob, buf)
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes, config: ClassifierConfig) -> CombinedClassifier:
        blob = joblib.load(io.BytesIO(data))
        with tempfile.TemporaryDirectory() as tmp:
            for name, content in blob.items():
                (Path(tmp) / Path(name).name).write_bytes(content)
            return cls.load(Path(tmp) / "model.joblib", config)
