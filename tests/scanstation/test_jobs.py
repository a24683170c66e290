from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import select

from scanstation.catalog import jobs
from scanstation.catalog.models import Job
from scanstation.wiring import Services


def _enqueue(services: Services, n: int) -> None:
    with services.catalog() as s:
        for i in range(n):
            jobs.enqueue(
                s, subject_kind="scan", subject_id=f"S{i}", scan_id=f"S{i}", stage="inspect"
            )
            jobs.enqueue(
                s, subject_kind="scan", subject_id=f"S{i}", scan_id=f"S{i}", stage="inspect"
            )
        s.commit()


def test_enqueue_is_idempotent(services: Services) -> None:
    _enqueue(services, 3)
    with services.catalog() as s:
        assert len(s.scalars(select(Job)).all()) == 3


def test_concurrent_claimers_never_share_a_job(services: Services) -> None:
    _enqueue(services, 40)
    got: list[list[int]] = []

    def worker() -> None:
        mine: list[int] = []
        for _ in range(40):
            with services.catalog() as s:
                claimed = jobs.claim(
                    s,
                    owner=f"w{threading.get_ident()}",
                    stages=["inspect"],
                    limit=3,
                    lease=timedelta(minutes=5),
                )
            mine.extend(j.id for j in claimed)
        got.append(mine)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    everything = [i for mine in got for i in mine]
    assert len(everything) == 40 and len(set(everything)) == 40


def test_jobs_of_a_dead_owner_are_recovered(services: Services) -> None:
    _enqueue(services, 2)
    with services.catalog() as s:
        claimed = jobs.claim(
            s,
            owner="localhost-gone:999999:1",
            stages=["inspect"],
            limit=1,
            lease=timedelta(hours=1),
        )
        live = jobs.claim(
            s, owner=jobs.lease_owner(), stages=["inspect"], limit=1, lease=timedelta(hours=1)
        )
    assert len(claimed) == len(live) == 1
    import socket

    dead_here = f"{socket.gethostname()}:999999:1"
    with services.catalog() as s:
        s.get(Job, claimed[0].id).lease_owner = dead_here  # type: ignore[union-attr]
        s.commit()
        assert jobs.recover_stale(s) == 1
        states = {j.id: j.state for j in s.scalars(select(Job))}
    assert states[claimed[0].id] == "pending" and states[live[0].id] == "running"


def test_release_gives_back_without_counting(services: Services) -> None:
    _enqueue(services, 1)
    with services.catalog() as s:
        (job,) = jobs.claim(s, owner="x", stages=["inspect"], limit=1, lease=timedelta(minutes=1))
        jobs.release(s, [job.id])
        s.commit()
        row = s.get(Job, job.id)
        assert row is not None and (row.state, row.attempts) == ("pending", 0)
