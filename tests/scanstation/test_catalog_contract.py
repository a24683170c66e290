"""One catalog contract, run on SQLite (embedded default) and on a real
PostgreSQL (started by scripts/services/postgres.sh): migrations, idempotent
enqueue, exclusive claiming under concurrency, recovery, append-only events."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from scanstation.catalog import events, jobs
from scanstation.catalog.clock import utcnow
from scanstation.catalog.db import open_catalog
from scanstation.catalog.models import Document, Event, Job, Scan
from tests.services import missing
from tests.services_env import postgres_url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)])
def catalog(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    if request.param == "sqlite":
        yield open_catalog(f"sqlite:///{tmp_path / 'catalog.sqlite3'}")
        return
    base = postgres_url()
    admin = create_engine(base)
    schema = f"t_{secrets.token_hex(4)}"
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError:
        missing("PostgreSQL")
    sep = "&" if "?" in base else "?"
    try:
        yield open_catalog(f"{base}{sep}options=-csearch_path%3D{schema}")
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _scan(session: Session, scan_id: str) -> None:
    now = utcnow()
    session.add(
        Scan(
            id=scan_id,
            sha256="0" * 64,
            source_name="a.pdf",
            station="p",
            received_at=now,
            size=1,
            status="received",
            info={},
            updated_at=now,
        )
    )


def test_migrations_are_idempotent_and_tables_exist(catalog: sessionmaker[Session]) -> None:
    url = catalog.kw["bind"].url.render_as_string(hide_password=False)
    open_catalog(url)  # a second migrate is a no-op
    with catalog() as s:
        for table in ("scans", "documents", "page_texts", "jobs", "events"):
            s.execute(text(f"SELECT count(*) FROM {table}"))


def test_document_numbers_are_unique_per_scan(catalog: sessionmaker[Session]) -> None:
    now = utcnow()
    with catalog() as s:
        _scan(s, "S1")
        s.commit()
        for doc_id in ("S1-1", "S1-1b"):
            s.add(
                Document(
                    id=doc_id,
                    scan_id="S1",
                    seq=1,
                    first_page=1,
                    last_page=1,
                    status="processing",
                    candidates=[],
                    meta={},
                    restricted=False,
                    indexed=False,
                    created_at=now,
                    updated_at=now,
                )
            )
        with pytest.raises(IntegrityError):
            s.commit()


def test_enqueue_twice_gives_one_job(catalog: sessionmaker[Session]) -> None:
    with catalog() as s:
        for _ in range(2):
            jobs.enqueue(s, subject_kind="scan", subject_id="S1", scan_id="S1", stage="inspect")
            s.flush()
        s.commit()
        assert len(s.scalars(select(Job)).all()) == 1


def test_concurrent_claims_are_exclusive(catalog: sessionmaker[Session]) -> None:
    with catalog() as s:
        for i in range(60):
            jobs.enqueue(
                s, subject_kind="scan", subject_id=f"S{i}", scan_id=f"S{i}", stage="inspect"
            )
        s.commit()
    claimed: list[int] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        for _ in range(30):
            with catalog() as s:
                got = jobs.claim(
                    s, owner=f"w{n}", stages=["inspect"], limit=2, lease=timedelta(minutes=5)
                )
            with lock:
                claimed.extend(j.id for j in got)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(claimed) == 60 and len(set(claimed)) == 60


def test_expired_lease_of_another_host_is_recovered(catalog: sessionmaker[Session]) -> None:
    with catalog() as s:
        jobs.enqueue(s, subject_kind="scan", subject_id="S1", scan_id="S1", stage="inspect")
        s.commit()
        (job,) = jobs.claim(
            s, owner="elsewhere:1:1", stages=["inspect"], limit=1, lease=timedelta(seconds=-1)
        )
        assert jobs.recover_stale(s) == 1
        row = s.get(Job, job.id)
        assert row is not None and row.state == "pending"


def test_events_are_append_only(catalog: sessionmaker[Session]) -> None:
    with catalog() as s:
        events.record(s, "scan.received", "x", scan_id="S1")
        s.commit()
    with catalog() as s:
        with pytest.raises(Exception, match="append-only"):
            s.execute(text("DELETE FROM events"))
            s.commit()
        s.rollback()
        assert len(s.scalars(select(Event)).all()) == 1
