"""The DMS outbox against the in-memory enaio fake: exactly once through lost
answers, outages, refusals, crashes and two workers at once."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from dms_connector.errors import DmsUnavailable
from dms_connector.memory import MemoryDmsClient
from scanstation import delivery
from scanstation.catalog.clock import utcnow
from scanstation.catalog.models import Delivery, Document, Event
from scanstation.errors import ScanstationError
from scanstation.settings import Settings
from scanstation.wiring import Services, build_services
from tests.scanstation.dms_helpers import routed_documents

DEPARTMENTS = ["20", "20.3", "63"]


@pytest.fixture
def dms_services(settings: Settings) -> Services:
    return build_services(
        settings.model_copy(update={"dms": settings.dms.model_copy(update={"enabled": True})})
    )


@pytest.fixture
def client() -> MemoryDmsClient:
    fake = MemoryDmsClient()
    for dep in DEPARTMENTS:
        fake.add_folder({"Kennung": dep, "Bezeichnung": f"FB {dep}"})
    return fake


def _deliverer(services: Services, client: MemoryDmsClient) -> delivery.Deliverer:
    return delivery.Deliverer(
        services.catalog, services.settings, client, services.archive.get_bytes, DEPARTMENTS
    )


def _routed(services: Services, tmp_path: Path, n: int, department: str = "20.3") -> list[str]:
    return routed_documents(
        services,
        tmp_path,
        [department] * n,
        lambda i, dep: {
            "letter_date": "2026-11-20",
            "sender": "Erika Muster",
            "subject": "Stundung der Grundsteuer " + "x" * 300,
            "references": [{"kind": "kassenzeichen", "value": "5.0123.456789.1"}],
        },
    )


def _state(services: Services, doc_id: str) -> Delivery:
    with services.catalog() as session:
        row = session.get(Delivery, doc_id)
        assert row is not None
        return row


def _make_due(services: Services) -> None:
    with services.catalog() as session:
        session.execute(update(Delivery).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
        session.commit()


def test_routed_document_arrives_once_with_mapped_fields(
    dms_services: Services, client: MemoryDmsClient, tmp_path: Path
) -> None:
    [doc_id] = _routed(dms_services, tmp_path, 1)
    out = _deliverer(dms_services, client).step()
    assert [o.state for o in out] == ["delivered"]
    [stored] = client.documents()
    folder = client.find_by_field("Fachbereich", "Kennung", "20.3")[0]
    assert stored.parent_id == folder.object_id
    assert stored.fields["ExterneId"] == doc_id
    assert stored.fields["Briefdatum"] == "2026-11-20"
    assert stored.fields["Absender"] == "Erika Muster"
    assert stored.fields["Organisationseinheit"] == "20.3"
    assert stored.fields["Aktenzeichen"] == "5.0123.456789.1"
    assert len(stored.fields["Betreff"]) <= 255 and stored.fields["Betreff"].endswith("…")
    assert client.content(stored.object_id).startswith(b"%PDF")
    row = _state(dms_services, doc_id)
    assert (row.state, row.object_id) == ("delivered", stored.object_id)
    with dms_services.catalog() as session:
        doc = session.get(Document, doc_id)
        assert doc is not None and doc.dms_state == "delivered"
        assert doc.dms_object_id == stored.object_id
    assert _deliverer(dms_services, client).step() == []  # nothing left to do


def test_answer_lost_after_enaio_stored_it_is_adopted_not_duplicated(
    dms_services: Services, client: MemoryDmsClient, tmp_path: Path
) -> None:
    [doc_id] = _routed(dms_services, tmp_path, 1)
    client.lose_next_answer()
    deliverer = _deliverer(dms_services, client)
    assert [o.state for o in deliverer.step()] == ["retry"]
    assert len(client.documents()) == 1
    _make_due(dms_services)
    [outcome] = deliverer.step()
    assert outcome.state == "delivered" and outcome.adopted
    assert len(client.documents()) == 1
    assert _state(dms_services, doc_id).object_id == client.documents()[0].object_id


def test_outage_waits_with_backoff_then_delivers(
    dms_services: Services, client: MemoryDmsClient, tmp_path: Path
) -> None:
    [doc_id] = _routed(dms_services, tmp_path, 1)
    client.fail_next("find", DmsUnavailable("connection refused"), DmsUnavailable("timeout"))
    deliverer = _deliverer(dms_services, client)
    deliverer.step()
    row = _state(dms_services, doc_id)
    assert row.state == "retry" and "connection refused" in (row.error_message or "")
    assert deliverer.step() == []  # not due yet: backing off
    _make_due(dms_services)
    deliverer.step()
    _make_due(dms_services)
    deliverer.step()
    assert _state(dms_services, doc_id).state == "delivered"
    assert len(client.documents()) == 1


def test_missing_folder_fails_with_reason_until_a_person_retries(
    dms_services: Services, client: MemoryDmsClient, tmp_path: Path
) -> None:
    [doc_id] = _routed(dms_services, tmp_path, 1, department="63.1")
    deliverer = _deliverer(dms_services, client)
    deliverer.step()
    row = _state(dms_services, doc_id)
    assert row.state == "failed"
    assert "63.1" in (row.error_message or "") and "Kennung" in (row.error_message or "")
    with dms_services.catalog() as session:
        status = delivery.status(session)
        assert status["counts"]["failed"] == 1
        assert status["problems"][0]["document_id"] == doc_id
        kinds = session.scalars(select(Event.kind).where(Event.document_id == doc_id)).all()
        assert "document.delivery_failed" in kinds
    client.add_folder({"Kennung": "63.1", "Bezeichnung": "Bauaufsicht"})
    deliverer.resolver.forget()
    with dms_services.catalog() as session:
        assert delivery.retry(session, None) == 1
    deliverer.step()
    assert _state(dms_services, doc_id).state == "delivered"


def test_wrong_mapping_is_refused_at_start_up(
    dms_services: Services, client: MemoryDmsClient
) -> None:
    settings = dms_services.settings
    bad = settings.model_copy(
        update={
            "dms": settings.dms.model_copy(
                update={
                    "document_type": "Eingangspost",
                    "fields": settings.dms.fields.model_copy(update={"sender": "Absendr"}),
                }
            )
        }
    )
    deliverer = delivery.Deliverer(dms_services.catalog, bad, client, lambda k: b"", DEPARTMENTS)
    with pytest.raises(ScanstationError) as info:
        deliverer.validate()
    assert "Absendr" in str(info.value)


def test_crashed_worker_lease_is_taken_over(
    dms_services: Services, client: MemoryDmsClient, tmp_path: Path
) -> None:
    [doc_id] = _routed(dms_services, tmp_path, 1)
    with dms_services.catalog() as session:
        assert delivery.claim(session, "dead-host:1:1", 10) == [doc_id]
    deliverer = _deliverer(dms_services, client)
    assert deliverer.step() == []  # leased by the "crashed" worker
    with dms_services.catalog() as session:
        session.execute(update(Delivery).values(lease_until=utcnow() - timedelta(seconds=1)))
        session.commit()
    assert [o.state for o in deliverer.step()] == ["delivered"]


def test_two_workers_deliver_each_document_exactly_once(
    dms_services: Services, client: MemoryDmsClient, tmp_path: Path
) -> None:
    ids = _routed(dms_services, tmp_path, 40)
    workers = [_deliverer(dms_services, client) for _ in range(2)]
    for i, w in enumerate(workers):
        w.owner = f"worker-{i}"

    def work(w: delivery.Deliverer) -> None:
        while w.step():
            pass

    threads = [threading.Thread(target=work, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    ext_ids = sorted(o.fields["ExterneId"] for o in client.documents())
    assert ext_ids == sorted(ids)
    assert client.calls["insert"] == 40


def test_rerouting_before_delivery_changes_the_target(
    dms_services: Services, client: MemoryDmsClient, tmp_path: Path
) -> None:
    [doc_id] = _routed(dms_services, tmp_path, 1, department="20")
    with dms_services.catalog() as session:
        doc = session.get(Document, doc_id)
        assert doc is not None
        doc.department = "63"
        delivery.enqueue(session, dms_services.settings, doc)
        delivery.enqueue(session, dms_services.settings, doc)  # idempotent
        session.commit()
    _deliverer(dms_services, client).step()
    [stored] = client.documents()
    assert stored.fields["Organisationseinheit"] == "63"


def test_rerouting_after_delivery_is_listed_for_a_person(
    dms_services: Services, client: MemoryDmsClient, tmp_path: Path
) -> None:
    [doc_id] = _routed(dms_services, tmp_path, 1, department="20")
    _deliverer(dms_services, client).step()
    with dms_services.catalog() as session:
        doc = session.get(Document, doc_id)
        assert doc is not None
        doc.department = "63"
        delivery.enqueue(session, dms_services.settings, doc)
        session.commit()
        [problem] = delivery.status(session)["problems"]
    assert problem["document_id"] == doc_id and problem["state"] == "delivered"
    assert "move it in enaio" in problem["error"]
    assert len(client.documents()) == 1  # not delivered a second time


def test_a_worker_whose_lease_ran_out_records_nothing_twice(
    dms_services: Services, client: MemoryDmsClient, tmp_path: Path
) -> None:
    [doc_id] = _routed(dms_services, tmp_path, 1)
    slow, fast = _deliverer(dms_services, client), _deliverer(dms_services, client)
    slow.owner, fast.owner = "slow-worker", "fast-worker"
    with dms_services.catalog() as session:
        assert delivery.claim(session, slow.owner, 10) == [doc_id]
        session.execute(update(Delivery).values(lease_until=utcnow() - timedelta(seconds=1)))
        session.commit()
    assert [o.state for o in fast.step()] == ["delivered"]  # took the expired lease over
    late = slow.deliver(doc_id)  # the slow worker finishes its attempt afterwards
    assert late.state == "delivered" and late.object_id == _state(dms_services, doc_id).object_id
    assert len(client.documents()) == 1
    with dms_services.catalog() as session:
        kinds = session.scalars(
            select(Event.kind).where(
                Event.document_id == doc_id, Event.kind == "document.delivered"
            )
        ).all()
    assert len(kinds) == 1
