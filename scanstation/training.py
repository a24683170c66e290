"""The routing model's life cycle: training data, versions in the catalog,
debounced retraining from people's corrections.

- Every correction (``scanstation route``) and every imported labelled letter
  (``scanstation train --from``) is a ``TrainingExample`` keyed so a repeat
  replaces, never duplicates.
- A model version is trained on the shipped seed corpus plus those examples
  (corrections count ``routing.correction_weight`` times), stored with its
  figures in ``model_versions`` and made active. Its id hashes the training
  data, so two nodes training the same data agree on one version.
- ``CatalogClassifier`` serves the active version to the classify stage and
  follows when another process activates a new one.
- ``Retrainer`` decides when: after ``retrain_debounce_seconds`` without a new
  correction, or at once when ``retrain_max_pending`` wait.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from ingest.classify.base import Decision
from ingest.classify.combined import CombinedClassifier
from ingest.classify.config import ClassifierConfig, default_config
from ingest.classify.model import data_hash
from ingest.classify.seedmodel import SEED_MODEL, load_seed_classifier, seed_letters
from scanstation.catalog import events
from scanstation.catalog.clock import aware, utcnow
from scanstation.catalog.models import Document, ModelVersion, TrainingExample
from scanstation.errors import ExitCode, ScanstationError
from scanstation.settings import Settings

log = logging.getLogger(__name__)


def classifier_config(settings: Settings) -> ClassifierConfig:
    return default_config().model_copy(update={"threshold": settings.routing.threshold})


# --- training data ----------------------------------------------------------


def record_correction(session: Session, doc: Document, text: str, department: str) -> None:
    """Keep a person's decision as training data (one example per document)."""
    key = f"doc:{doc.id}"
    example = session.get(TrainingExample, key)
    if example is None:
        session.add(
            TrainingExample(
                key=key,
                source="correction",
                department=department,
                text=text,
                document_id=doc.id,
                created_at=utcnow(),
            )
        )
    else:
        example.department, example.text, example.created_at = department, text, utcnow()


@dataclass
class ImportResult:
    added: int = 0
    replaced: int = 0
    skipped: list[str] = field(default_factory=list)  # "line N: reason"

    def as_dict(self) -> dict[str, Any]:
        return {"added": self.added, "replaced": self.replaced, "skipped": self.skipped}


def _labelled_lines(path: Path) -> Iterator[tuple[int, Any]]:
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield n, json.loads(line)
                except json.JSONDecodeError as e:
                    yield n, e


def import_labelled(session: Session, path: Path, departments: set[str]) -> ImportResult:
    """Import ``{"text": ..., "department": ..., "id"?: ...}`` lines as training data."""
    result = ImportResult()
    for n, item in _labelled_lines(path):
        if isinstance(item, Exception) or not isinstance(item, dict):
            result.skipped.append(f"line {n}: not a JSON object ({item})")
            continue
        text, dept = item.get("text"), str(item.get("department", ""))
        if not isinstance(text, str) or not text.strip():
            result.skipped.append(f"line {n}: no text")
            continue
        if dept not in departments:
            result.skipped.append(f"line {n}: unknown department {dept!r}")
            continue
        ident = str(item.get("id") or hashlib.sha256(text.encode()).hexdigest()[:32])
        key = f"import:{ident}"[:128]
        existing = session.get(TrainingExample, key)
        if existing is None:
            session.add(
                TrainingExample(
                    key=key, source="import", department=dept, text=text, created_at=utcnow()
                )
            )
            result.added += 1
        else:
            existing.department, existing.text, existing.created_at = dept, text, utcnow()
            result.replaced += 1
        session.flush()
    return result


def training_set(
    session: Session, weight: int
) -> tuple[list[str], list[str], list[str], dict[str, int]]:
    """(texts, labels, groups, counts): seed letters plus the catalog's examples."""
    seed = seed_letters()
    texts = [str(x["text"]) for x in seed]
    labels = [str(x["department"]) for x in seed]
    groups = [f"seed:{x['group']}" for x in seed]
    counts = {"seed": len(seed), "correction": 0, "import": 0}
    for ex in session.scalars(select(TrainingExample).order_by(TrainingExample.key)):
        copies = weight if ex.source == "correction" else 1
        texts += [ex.text] * copies
        labels += [ex.department] * copies
        groups += [ex.key] * copies
        counts[ex.source] = counts.get(ex.source, 0) + 1
    return texts, labels, groups, counts


# --- versions ---------------------------------------------------------------


def active_version(session: Session) -> ModelVersion | None:
    return session.scalars(
        select(ModelVersion).where(ModelVersion.active.is_(True)).limit(1)
    ).first()


def _activate(session: Session, version_id: str) -> None:
    session.execute(update(ModelVersion).where(ModelVersion.id != version_id).values(active=False))
    session.execute(update(ModelVersion).where(ModelVersion.id == version_id).values(active=True))


def _store(
    session: Session, clf: CombinedClassifier, version_id: str, source: str, info: dict[str, Any]
) -> ModelVersion:
    row = ModelVersion(
        id=version_id,
        created_at=utcnow(),
        active=False,
        source=source,
        examples=int(info.get("examples", 0)),
        corrections=int(info.get("correction", 0)),
        metrics=info,
        artifact=clf.to_bytes(),
    )
    session.add(row)
    session.flush()
    _activate(session, version_id)
    events.record(session, "model.activated", f"{version_id} ({source})", **info)
    return row


def ensure_seed_version(catalog: sessionmaker[Session], settings: Settings) -> str:
    """Store the shipped seed model as the first version when the catalog has none."""
    with catalog() as session:
        current = active_version(session)
        if current is not None:
            return current.id
        clf = load_seed_classifier(
            classifier_config(settings), settings.routing.model_path or SEED_MODEL
        )
        info = {"examples": 0, "seed": len(seed_letters()), "correction": 0, "import": 0}
        try:
            if session.get(ModelVersion, clf.version) is None:
                _store(session, clf, clf.version, "seed", info)
            else:
                _activate(session, clf.version)
            session.commit()
        except IntegrityError:  # another process stored it first
            session.rollback()
        return clf.version


def retrain(
    catalog: sessionmaker[Session], settings: Settings, *, source: str = "retrain"
) -> ModelVersion:
    """Train on seed + examples, store and activate the version (reused if known)."""
    with catalog() as session:
        texts, labels, groups, counts = training_set(session, settings.routing.correction_weight)
        watermark = session.scalar(select(func.max(TrainingExample.created_at)))
    missing = {d.id for d in classifier_config(settings).departments} - set(labels)
    if missing:
        raise ScanstationError(f"no training letters for {sorted(missing)}", ExitCode.FAILURE)
    version_id = f"m-{data_hash(texts, labels)[:16]}"
    with catalog() as session:
        known = session.get(ModelVersion, version_id)
        if known is not None:
            _activate(session, version_id)
            session.commit()
            return known
    started = time.monotonic()
    clf = CombinedClassifier.train(texts, labels, classifier_config(settings), groups=groups)
    info: dict[str, Any] = {
        **counts,
        "examples": len(texts),
        "blend": clf.weight,
        "tuned_threshold": round(clf.tuned_threshold, 4),
        "train_seconds": round(time.monotonic() - started, 2),
        "text_model": clf.model.version,
        "data_until": watermark.isoformat() if watermark else None,
    }
    with catalog() as session:
        try:
            row = _store(session, clf, version_id, source, info)
            session.commit()
        except IntegrityError:
            session.rollback()
            _activate(session, version_id)
            session.commit()
            found = session.get(ModelVersion, version_id)
            assert found is not None
            return found
    log.info(
        "routing model %s trained in %.1fs on %d letters",
        version_id,
        info["train_seconds"],
        info["examples"],
    )
    return row


def pending_corrections(session: Session) -> tuple[int, datetime | None]:
    """(examples newer than the active model, time of the newest one)."""
    current = active_version(session)
    since = (current.metrics or {}).get("data_until") if current else None
    query = select(func.count(), func.max(TrainingExample.created_at))
    if since:
        query = query.where(TrainingExample.created_at > datetime.fromisoformat(since))
    count, newest = session.execute(query).one()
    return int(count), newest


def list_versions(session: Session) -> list[dict[str, Any]]:
    rows = session.scalars(select(ModelVersion).order_by(ModelVersion.created_at.desc()))
    return [
        {
            "id": r.id,
            "created_at": r.created_at.isoformat(),
            "active": r.active,
            "source": r.source,
            "examples": r.examples,
            "corrections": r.corrections,
            "metrics": r.metrics,
        }
        for r in rows
    ]


# --- serving and scheduling -------------------------------------------------


class CatalogClassifier:
    """The active model version from the catalog; implements ``Classifier``."""

    def __init__(
        self, catalog: sessionmaker[Session], settings: Settings, recheck_seconds: float = 5.0
    ) -> None:
        self.catalog = catalog
        self.settings = settings
        self.recheck_seconds = recheck_seconds
        self._lock = threading.Lock()
        self._loaded: tuple[str, CombinedClassifier] | None = None
        self._checked = 0.0

    def current(self) -> CombinedClassifier:
        """The loaded model (loaded on first use). Does not look for a newer
        version: callers that hold a catalog transaction must not wait on
        another one (SQLite), so ``refresh_if_due`` is called between stages."""
        with self._lock:
            if self._loaded is None:
                self._checked = time.monotonic()
                self._refresh()
            assert self._loaded is not None
            return self._loaded[1]

    def refresh_if_due(self) -> None:
        """Switch to a newly activated version (at most every ``recheck_seconds``)."""
        with self._lock:
            now = time.monotonic()
            if self._loaded is None or now - self._checked >= self.recheck_seconds:
                self._checked = now
                self._refresh()

    def _refresh(self) -> None:
        ensure_seed_version(self.catalog, self.settings)
        with self.catalog() as session:
            active_id = session.scalar(
                select(ModelVersion.id).where(ModelVersion.active.is_(True)).limit(1)
            )
            if self._loaded is not None and self._loaded[0] == active_id:
                return
            row = session.get(ModelVersion, active_id)
            assert row is not None
            clf = CombinedClassifier.from_bytes(row.artifact, classifier_config(self.settings))
        clf.version = row.id  # decisions name the catalog version
        self._loaded = (row.id, clf)
        log.info("routing model %s in use", row.id)

    def classify(self, text: str) -> Decision:
        return self.current().classify(text)

    def check(self) -> None:
        self.current().check()


class Retrainer:
    """Debounced retraining: call ``tick()`` now and then (the service does)."""

    def __init__(self, catalog: sessionmaker[Session], settings: Settings) -> None:
        self.catalog = catalog
        self.settings = settings

    def due(self) -> bool:
        cfg = self.settings.routing
        with self.catalog() as session:
            count, newest = pending_corrections(session)
        if count == 0 or newest is None:
            return False
        if count >= cfg.retrain_max_pending:
            return True
        quiet = (utcnow() - aware(newest)).total_seconds()
        return quiet >= cfg.retrain_debounce_seconds

    def tick(self) -> ModelVersion | None:
        if not self.settings.routing.retrain or not self.due():
            return None
        return retrain(self.catalog, self.settings)
