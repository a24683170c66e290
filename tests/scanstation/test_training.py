"""Routing model life cycle: corrections and imports as training data,
versions in the catalog, debounced retraining, the serving classifier
following the active version."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from scanstation import training
from scanstation.catalog.clock import utcnow
from scanstation.catalog.models import Document, ModelVersion, Scan, TrainingExample
from scanstation.settings import Settings
from scanstation.wiring import Services, build_services

LETTER = (
    "Sehr geehrte Damen und Herren, hiermit beantrage ich die Stundung der Hundesteuer "
    "für unseren Hund Bello. Mit freundlichen Grüßen, Erika Muster"
)


def _doc(services: Services, doc_id: str = "S20261126-aaaa-1") -> Document:
    with services.catalog() as session:
        now = utcnow()
        scan = Scan(
            id=doc_id.rsplit("-", 1)[0],
            sha256="0" * 64,
            source_name="brief.pdf",
            station="poststelle",
            received_at=now,
            size=1,
            status="done",
            updated_at=now,
        )
        doc = Document(
            id=doc_id,
            scan_id=scan.id,
            seq=1,
            first_page=1,
            last_page=1,
            status="review",
            created_at=now,
            updated_at=now,
        )
        session.add(scan)
        session.flush()
        session.add(doc)
        session.commit()
        return doc


def test_seed_version_is_stored_once_and_names_decisions(services: Services) -> None:
    first = training.ensure_seed_version(services.catalog, services.settings)
    again = training.ensure_seed_version(services.catalog, services.settings)
    assert first == again
    with services.catalog() as session:
        rows = session.scalars(select(ModelVersion)).all()
        assert [(r.id, r.active, r.source) for r in rows] == [(first, True, "seed")]
    decision = services.classifier.classify(LETTER)
    assert decision.model_version == first


def test_correction_is_one_example_per_document(services: Services) -> None:
    doc = _doc(services)
    with services.catalog() as session:
        training.record_correction(session, doc, LETTER, "20")
        session.commit()
        training.record_correction(session, doc, LETTER, "20.3")
        session.commit()
        rows = session.scalars(select(TrainingExample)).all()
        assert [(r.key, r.source, r.department) for r in rows] == [
            (f"doc:{doc.id}", "correction", "20.3")
        ]


def test_import_reports_bad_lines_and_replaces_on_reimport(
    services: Services, tmp_path: Path
) -> None:
    src = tmp_path / "history.jsonl"
    src.write_text(
        "\n".join(
            [
                json.dumps({"id": "dms-1", "text": LETTER, "department": "20.3"}),
                json.dumps({"text": "Bauantrag für eine Garage", "department": "99"}),
                json.dumps({"text": "", "department": "20"}),
                "{not json",
            ]
        ),
        encoding="utf-8",
    )
    departments = {"20", "20.3", "63"}
    with services.catalog() as session:
        first = training.import_labelled(session, src, departments)
        session.commit()
        second = training.import_labelled(session, src, departments)
        session.commit()
        count = len(session.scalars(select(TrainingExample)).all())
    assert (first.added, first.replaced) == (1, 0)
    assert (second.added, second.replaced) == (0, 1)
    assert count == 1
    reasons = " | ".join(first.skipped)
    assert "unknown department '99'" in reasons and "no text" in reasons
    assert "not a JSON object" in reasons


def test_retrain_versions_activates_and_is_followed(settings: Settings) -> None:
    settings = settings.model_copy(
        update={"routing": settings.routing.model_copy(update={"retrain_debounce_seconds": 3600})}
    )
    services = build_services(settings)
    classifier = training.CatalogClassifier(services.catalog, settings, recheck_seconds=0)
    seed_version = classifier.current().version
    retrainer = training.Retrainer(services.catalog, settings)
    assert not retrainer.due()  # nothing corrected

    doc = _doc(services)
    with services.catalog() as session:
        training.record_correction(session, doc, LETTER, "20.3")
        session.commit()
        assert training.pending_corrections(session)[0] == 1
    assert not retrainer.due()  # debounced: the correction is too fresh

    version = training.retrain(services.catalog, settings)
    assert version.id != seed_version and version.active
    assert version.metrics["correction"] == 1
    assert (
        version.metrics["examples"] == version.metrics["seed"] + settings.routing.correction_weight
    )
    with services.catalog() as session:
        assert training.pending_corrections(session)[0] == 0
        active = [r.id for r in session.scalars(select(ModelVersion)) if r.active]
    assert active == [version.id]
    assert classifier.classify(LETTER).model_version == seed_version  # not yet looked
    classifier.refresh_if_due()
    assert classifier.classify(LETTER).model_version == version.id

    # The same data again gives the same version: no second row.
    assert training.retrain(services.catalog, settings).id == version.id
    with services.catalog() as session:
        assert len(session.scalars(select(ModelVersion)).all()) == 2


def test_retrainer_fires_after_quiet_period_or_when_many_wait(services: Services) -> None:
    settings = services.settings
    doc = _doc(services)
    training.ensure_seed_version(services.catalog, settings)
    with services.catalog() as session:
        training.record_correction(session, doc, LETTER, "20.3")
        ex = session.get(TrainingExample, f"doc:{doc.id}")
        assert ex is not None
        ex.created_at = utcnow() - timedelta(seconds=settings.routing.retrain_debounce_seconds + 1)
        session.commit()
    assert training.Retrainer(services.catalog, settings).due()
    many = settings.model_copy(
        update={
            "routing": settings.routing.model_copy(
                update={"retrain_debounce_seconds": 3600, "retrain_max_pending": 1}
            )
        }
    )
    assert training.Retrainer(services.catalog, many).due()


@pytest.mark.parametrize("weight", [1, 5])
def test_corrections_count_by_weight(services: Services, weight: int) -> None:
    doc = _doc(services)
    with services.catalog() as session:
        training.record_correction(session, doc, LETTER, "20.3")
        session.commit()
        texts, labels, groups, counts = training.training_set(session, weight)
    assert counts["correction"] == 1
    assert (
        labels.count("20.3")
        - sum(
            1 for t, g in zip(texts, groups, strict=True) if g.startswith("seed:") and "20.3" in g
        )
        == weight
    )
