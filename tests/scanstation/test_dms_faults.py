"""Exactly-once delivery over real HTTP to the enaio simulator with random
faults of every kind (500, 503, hangs past the client timeout, a slow answer
after storing, the connection dropped after storing) and a worker that dies
holding leases, for both enaio APIs."""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from dms_connector.simulator import Faults, SimSettings, start_simulator
from scanstation import delivery
from scanstation.catalog.models import Delivery, DeliveryState, Event
from scanstation.settings import Settings
from scanstation.wiring import Services, build_dms_client, build_services
from tests.scanstation.dms_helpers import routed_documents

DEPARTMENTS = ["10", "20", "20.3", "32", "50", "51", "63"]
NO_FOLDER = "66"  # routed there, but enaio has no folder for it: a permanent refusal
N_DOCS = 200
FAULTS = Faults(
    latency_ms=(0, 3),
    p_error_500=0.07,
    p_error_503=0.07,
    p_timeout=0.03,
    p_slow_after_store=0.03,
    p_drop_after_store=0.08,
    hang_seconds=0.8,
    seed=7,
)


def _documents(services: Services, tmp_path: Path) -> dict[str, str]:
    """N_DOCS routed, archived documents; returns id -> department."""
    deps = [NO_FOLDER if i % 40 == 0 else DEPARTMENTS[i % len(DEPARTMENTS)] for i in range(N_DOCS)]

    def meta(i: int, dep: str) -> dict[str, Any]:
        return {
            "letter_date": "2026-11-0" + str(1 + i % 9),
            "sender": f"Absender Nr. {i}",
            "subject": f"Anliegen {i}: Müller & Söhne <Widerspruch>",
            "references": [{"kind": "aktenzeichen", "value": f"{dep}-{i}/26"}],
        }

    ids = routed_documents(services, tmp_path, deps, meta)
    return dict(zip(ids, deps, strict=True))


@pytest.mark.slow
@pytest.mark.parametrize("api", ["dms", "osrest"])
def test_200_documents_through_random_faults_arrive_exactly_once(
    api: str, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sim = start_simulator(
        SimSettings(
            data_dir=tmp_path / "sim",
            users={"scanstation": "geheim-im-test"},
            folders=[("Fachbereich", {"Kennung": d}) for d in DEPARTMENTS],
        ),
        port=0,
    )
    try:
        dms = {
            "enabled": True,
            "target": "enaio",
            "api": api,
            "base_url": sim.url,
            "password": "geheim-im-test",
            "read_timeout_seconds": 0.4,
            "connect_timeout_seconds": 1.0,
        }
        settings = Settings(
            **{
                **settings.model_dump(exclude={"dms", "retry"}),
                "dms": dms,
                "retry": {"base_seconds": 0.01, "max_seconds": 0.05},
            }
        )
        services = build_services(settings)
        docs = _documents(services, tmp_path)
        monkeypatch.setattr(delivery, "LEASE", timedelta(seconds=5))

        def worker(name: str) -> delivery.Deliverer:
            d = delivery.Deliverer(
                services.catalog,
                settings,
                build_dms_client(settings),
                services.archive.get_bytes,
                [*DEPARTMENTS, NO_FOLDER],
            )
            d.owner = name
            return d

        # A worker that claims a batch and dies before settling it.
        with services.catalog() as session:
            orphaned = delivery.claim(session, "crashed-host:1:1", 15)
        assert len(orphaned) == 15

        sim.set_faults(FAULTS)
        deadline = time.monotonic() + 240
        stop = threading.Event()

        def run(d: delivery.Deliverer) -> None:
            while not stop.is_set() and time.monotonic() < deadline:
                if not d.step():
                    with services.catalog() as session:
                        counts = delivery.status(session)["counts"]
                        if not counts["pending"] + counts["delivering"] + counts["retry"]:
                            return
                    time.sleep(0.05)

        threads = [threading.Thread(target=run, args=(worker(f"w{i}"),)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)
        stop.set()
        sim.set_faults(Faults())

        objects = [o for o in sim.objects() if o["main_type"] == "document"]
        folders = {
            o["id"]: o["fields"]["Kennung"] for o in sim.objects() if o["main_type"] == "folder"
        }
        per_doc = Counter(o["fields"]["ExterneId"] for o in objects)
        with services.catalog() as session:
            rows = {r.document_id: r for r in session.scalars(select(Delivery))}
        expected = {d for d, dep in docs.items() if dep != NO_FOLDER}
        refused = {d for d, dep in docs.items() if dep == NO_FOLDER}

        assert {d: n for d, n in per_doc.items() if n != 1} == {}, "an object twice"
        assert set(per_doc) == expected, "a document missing in enaio"
        for o in objects:
            doc_id = o["fields"]["ExterneId"]
            assert folders[o["parent_id"]] == docs[doc_id], "wrong folder"
            assert o["fields"]["Organisationseinheit"] == docs[doc_id]
            assert o["fields"]["Absender"].startswith("Absender Nr.")
            assert o["fields"]["Betreff"].endswith("<Widerspruch>")
            assert o["fields"]["Eingangsdatum"] and o["fields"]["Briefdatum"].startswith("2026-11")
            assert rows[doc_id].state == DeliveryState.DELIVERED
            assert rows[doc_id].object_id == o["id"]
        for doc_id in refused:
            assert rows[doc_id].state == DeliveryState.FAILED
            assert NO_FOLDER in (rows[doc_id].error_message or "")
        with services.catalog() as session:
            delivered = session.scalars(
                select(Event.data).where(Event.kind == "document.delivered")
            ).all()
        assert len(delivered) == len(expected)
        # The faults really happened: some answers were lost after enaio stored
        # the object, and the next attempt adopted it instead of inserting again.
        assert sum(1 for d in delivered if d["adopted"]) >= 3
        assert max(rows[d].attempts for d in expected) > 1
    finally:
        sim.stop()
