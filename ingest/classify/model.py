"""The statistical text model: TF-IDF over word 1–2-grams and char_wb 3–5-grams
on German-folded text, a linear SVM, sigmoid-calibrated (CalibratedClassifierCV).
Saved and loaded with joblib; ``version`` hashes the training data and params."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

from ingest.german import fold


@dataclass(frozen=True, slots=True)
class ModelParams:
    """Hyper-parameters of the text model (part of its version)."""

    word_max_features: int = 12000
    char_max_features: int = 20000
    c: float = 0.5
    calibration_folds: int = 3
    min_df: int = 2


def data_hash(texts: Sequence[str], labels: Sequence[str]) -> str:
    """Order-independent hash of labelled training data."""
    items = sorted(
        hashlib.sha256(f"{y}\x00{t}".encode()).hexdigest()
        for t, y in zip(texts, labels, strict=True)
    )
    return hashlib.sha256("".join(items).encode()).hexdigest()


def _pipeline(params: ModelParams, folds: int) -> Pipeline:
    features = FeatureUnion(
        [
            (
                "word",
                TfidfVectorizer(
                    preprocessor=fold,
                    ngram_range=(1, 2),
                    sublinear_tf=True,
                    min_df=params.min_df,
                    max_features=params.word_max_features,
                ),
            ),
            (
                "char",
                TfidfVectorizer(
                    preprocessor=fold,
                    analyzer="char_wb",
                    ngram_range=(3, 5),
                    sublinear_tf=True,
                    min_df=params.min_df,
                    max_features=params.char_max_features,
                ),
            ),
        ]
    )
    svm = LinearSVC(C=params.c, class_weight="balanced")
    calibrated = CalibratedClassifierCV(svm, method="sigmoid", cv=folds, ensemble=False)
    return Pipeline([("features", features), ("clf", calibrated)])


class TextModel:
    """A trained, calibrated text model over a fixed set of departments."""

    def __init__(self, pipeline: Any, version: str) -> None:
        self._pipeline = pipeline
        self.version = version

    @property
    def classes(self) -> list[str]:
        return [str(c) for c in self._pipeline.classes_]

    @classmethod
    def train(
        cls, texts: Sequence[str], labels: Sequence[str], params: ModelParams | None = None
    ) -> TextModel:
        params = params or ModelParams()
        smallest = min(list(labels).count(y) for y in set(labels))
        pipe = _pipeline(params, max(2, min(params.calibration_folds, smallest)))
        pipe.fit(list(texts), list(labels))
        for _, vec in pipe.named_steps["features"].transformer_list:
            vec.stop_words_ = None  # the discarded vocabulary is only diagnostic and large
        digest = hashlib.sha256(
            (data_hash(texts, labels) + json.dumps(asdict(params), sort_keys=True)).encode()
        ).hexdigest()
        return cls(pipe, f"tfidf-svc-{digest[:12]}")

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Rows of calibrated probabilities, columns in ``classes`` order."""
        probs: np.ndarray = self._pipeline.predict_proba(list(texts))
        return probs

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump({"pipeline": self._pipeline, "version": self.version}, path, compress=3)

    @classmethod
    def load(cls, path: Path) -> TextModel:
        data = joblib.load(path)
        return cls(data["pipeline"], str(data["version"]))
