"""The job table as a durable work queue: one row per (subject, stage).

A job is claimed by a conditional update (pending -> running with a lease), so
two workers never run the same stage of the same subject. A lease whose
owner process has died is released at start-up; a lease that expires (owner
on another host that vanished) is released by any worker.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import psutil
from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from scanstation.catalog.clock import aware, utcnow
from scanstation.catalog.models import Job, JobState


@dataclass(frozen=True, slots=True)
class ClaimedJob:
    id: int
    subject_kind: str
    subject_id: str
    scan_id: str
    stage: str
    attempts: int


def lease_owner() -> str:
    """``host:pid:start-time`` of this process, so a reused pid is not mistaken."""
    proc = psutil.Process()
    return f"{socket.gethostname()}:{os.getpid()}:{int(proc.create_time())}"


def owner_alive(owner: str) -> bool | None:
    """True/False for an owner on this host; None when it lives on another host."""
    try:
        host, pid_s, started = owner.rsplit(":", 2)
        pid, start = int(pid_s), int(started)
    except ValueError:
        return False
    if host != socket.gethostname():
        return None
    try:
        return int(psutil.Process(pid).create_time()) == start
    except psutil.Error:
        return False


def enqueue(
    session: Session,
    *,
    subject_kind: str,
    subject_id: str,
    scan_id: str,
    stage: str,
    run_at: datetime | None = None,
) -> None:
    """Create the job if it does not exist yet (idempotent)."""
    exists = session.scalar(
        select(Job.id).where(
            Job.subject_kind == subject_kind, Job.subject_id == subject_id, Job.stage == stage
        )
    )
    if exists is not None:
        return
    now = utcnow()
    session.add(
        Job(
            subject_kind=subject_kind,
            subject_id=subject_id,
            scan_id=scan_id,
            stage=stage,
            state=JobState.PENDING,
            attempts=0,
            next_run_at=run_at or now,
            result={},
            updated_at=now,
        )
    )


def claim(
    session: Session,
    *,
    owner: str,
    stages: Collection[str],
    limit: int,
    lease: timedelta,
    scan_ids: Collection[str] | None = None,
) -> list[ClaimedJob]:
    """Claim up to ``limit`` ready jobs of the given stages, oldest first."""
    if limit <= 0:
        return []
    now = utcnow()
    query = (
        select(Job)
        .where(Job.state == JobState.PENDING, Job.next_run_at <= now, Job.stage.in_(stages))
        .order_by(Job.next_run_at, Job.id)
        .limit(limit)
    )
    if scan_ids is not None:
        query = query.where(Job.scan_id.in_(scan_ids))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    claimed: list[ClaimedJob] = []
    for job in session.scalars(query).all():
        result = session.execute(
            update(Job)
            .where(Job.id == job.id, Job.state == JobState.PENDING)
            .values(
                state=JobState.RUNNING,
                lease_owner=owner,
                lease_until=now + lease,
                attempts=Job.attempts + 1,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            claimed.append(
                ClaimedJob(
                    job.id,
                    job.subject_kind,
                    job.subject_id,
                    job.scan_id,
                    job.stage,
                    job.attempts + 1,
                )
            )
    session.commit()
    return claimed


def _settle(session: Session, job_id: int, state: JobState, **values: Any) -> None:
    """End a claim: set the state, drop the lease, record the outcome."""
    session.execute(
        update(Job)
        .where(Job.id == job_id)
        .values(state=state, lease_owner=None, lease_until=None, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )


def complete(session: Session, job_id: int, result: dict[str, Any] | None = None) -> None:
    _settle(
        session, job_id, JobState.DONE, result=result or {}, error_code=None, error_message=None
    )


def defer(session: Session, job_id: int, run_at: datetime, code: str, message: str) -> None:
    _settle(
        session,
        job_id,
        JobState.PENDING,
        next_run_at=run_at,
        error_code=code,
        error_message=message,
    )


def fail(session: Session, job_id: int, code: str, message: str) -> None:
    _settle(session, job_id, JobState.FAILED, error_code=code, error_message=message)


def release(session: Session, job_ids: Sequence[int]) -> None:
    """Give claimed jobs back without counting the attempt (clean shutdown)."""
    if not job_ids:
        return
    session.execute(
        update(Job)
        .where(Job.id.in_(job_ids), Job.state == JobState.RUNNING)
        .values(
            state=JobState.PENDING,
            lease_owner=None,
            lease_until=None,
            attempts=Job.attempts - 1,
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )


def recover_stale(session: Session) -> int:
    """Release running jobs whose owner died (same host) or whose lease expired."""
    now = utcnow()
    running = session.scalars(select(Job).where(Job.state == JobState.RUNNING)).all()
    stale: list[int] = []
    for job in running:
        alive = owner_alive(job.lease_owner or "")
        expired = job.lease_until is None or aware(job.lease_until) < now
        if alive is False or (alive is None and expired):
            stale.append(job.id)
    if stale:
        session.execute(
            update(Job)
            .where(Job.id.in_(stale), Job.state == JobState.RUNNING)
            .values(state=JobState.PENDING, lease_owner=None, lease_until=None, updated_at=now)
            .execution_options(synchronize_session=False)
        )
    session.commit()
    return len(stale)


def open_jobs_filter(scan_ids: Collection[str]) -> Any:
    """Jobs of these scans that are not finished."""
    return and_(
        Job.scan_id.in_(scan_ids), or_(Job.state == JobState.PENDING, Job.state == JobState.RUNNING)
    )
