"""The runner: claims ready jobs from the catalog, runs heavy stages in a
process pool and light stages in the main process, and applies the outcome
policy. Used by ``scanstation run`` (forever) and ``scanstation ingest``
(until its scans are finished)."""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Callable, Collection
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from ingest.errors import IngestError
from scanstation import pipeline, stages, tasks
from scanstation.catalog import jobs
from scanstation.catalog.models import Job, JobState, Scan
from scanstation.wiring import Services
from search.errors import SearchError

log = logging.getLogger(__name__)

LIGHT_BATCH = 20


class Runner:
    def __init__(
        self,
        services: Services,
        *,
        scan_ids: Collection[str] | None = None,
        workers: int | None = None,
    ) -> None:
        self.services = services
        self.settings = services.settings
        self.scan_ids = set(scan_ids) if scan_ids is not None else None
        self.workers = workers or self.settings.workers
        self.owner = jobs.lease_owner()
        self._pool: ProcessPoolExecutor | None = None
        self._inflight: dict[Future[Any], jobs.ClaimedJob] = {}

    # Lifecycle -----------------------------------------------------------

    def recover(self) -> int:
        with self.services.catalog() as session:
            return jobs.recover_stale(session)

    def pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("forkserver"),
                max_tasks_per_child=50,
            )
        return self._pool

    def close(self, *, wait_for_running: bool = False) -> None:
        """Stop the pool; jobs still running are given back to the queue."""
        if self._pool is not None:
            if not wait_for_running:
                for proc in list(getattr(self._pool, "_processes", {}).values()):
                    proc.kill()
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._inflight:
            with self.services.catalog() as session:
                jobs.release(session, [j.id for j in self._inflight.values()])
                session.commit()
            self._inflight.clear()

    def run(self, stop: threading.Event, on_tick: Callable[[], None] | None = None) -> None:
        """Work until ``stop`` is set (or, with scan_ids, until those scans are finished)."""
        self.recover()
        try:
            while not stop.is_set():
                busy = self.step()
                if on_tick is not None:
                    on_tick()
                if self.scan_ids is not None and not self._inflight and self.finished():
                    return
                if not busy:
                    stop.wait(0.3)
        finally:
            self.close()

    # One round -----------------------------------------------------------

    def step(self) -> bool:
        did = self._run_light()
        did = self._submit_heavy() or did
        return self._collect(timeout=0.2 if self._inflight else 0.0) or did

    def finished(self) -> bool:
        assert self.scan_ids is not None
        with self.services.catalog() as session:
            n = session.scalar(
                select(func.count(Job.id)).where(jobs.open_jobs_filter(self.scan_ids))
            )
            receiving = session.scalar(
                select(func.count(Scan.id)).where(
                    Scan.id.in_(self.scan_ids), Scan.status.in_(["receiving"])
                )
            )
        return not n and not receiving

    def _claim(
        self, stage_names: Collection[str], limit: int, lease: float
    ) -> list[jobs.ClaimedJob]:
        with self.services.catalog() as session:
            return jobs.claim(
                session,
                owner=self.owner,
                stages=stage_names,
                limit=limit,
                lease=timedelta(seconds=lease),
                scan_ids=self.scan_ids,
            )

    def _run_light(self) -> bool:
        claimed = self._claim(pipeline.LIGHT_STAGES, LIGHT_BATCH, 600)
        if any(job.stage == "classify" for job in claimed):
            refresh = getattr(self.services.classifier, "refresh_if_due", None)
            if refresh is not None:
                refresh()  # outside any stage transaction
        to_index = [job for job in claimed if job.stage == "index"]
        for job in claimed:
            if job.stage != "index":
                self._run_one_light(job)
        if to_index:
            self._run_index_batch(to_index)
        return bool(claimed)

    def _run_index_batch(self, batch: list[jobs.ClaimedJob]) -> None:
        """One index write for all claimed index jobs (a commit or refresh each is slow)."""
        with self.services.catalog() as session:
            try:
                stages.run_index_batch(self.services, session, batch)
                session.commit()
                return
            except Exception as e:
                session.rollback()
                failure = _failure_of(e)
        for job in batch:
            self._fail(job, failure)

    def _run_one_light(self, job: jobs.ClaimedJob) -> None:
        body = stages.LIGHT[job.stage]
        with self.services.catalog() as session:
            try:
                body(self.services, session, job)
                session.commit()
            except pipeline.RedoStage as e:
                session.rollback()
                pipeline.redo(session, job, e.stage)
                session.commit()
                return
            except Exception as e:
                session.rollback()
                self._fail(job, _failure_of(e))
                return
        doc_id = (
            job.subject_id if job.subject_kind == "document" and job.stage == "finish" else None
        )
        stages.cleanup_after_commit(self.services, job.scan_id, doc_id)

    def _submit_heavy(self) -> bool:
        free = self.workers - len(self._inflight)
        lease = self.settings.ocr.timeout_seconds + 300
        claimed = self._claim(pipeline.HEAVY_STAGES, free, lease)
        for job in claimed:
            try:
                fn, args = self._heavy_call(job)
                self._inflight[self.pool().submit(fn, *args)] = job
            except Exception as e:
                self._fail(job, _failure_of(e))
        return bool(claimed)

    def _heavy_call(self, job: jobs.ClaimedJob) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        s = self.settings
        with self.services.catalog() as session:
            scan = pipeline.get_scan(session, job.scan_id)
            spool = str(s.spool_dir / (scan.spool_name or ""))
            if job.stage == "inspect":
                return tasks.inspect_task, (spool, s.limits.model_dump())
            info = scan.info["input"]
            if job.stage == "separate":
                return tasks.separate_task, (spool, info, s.separation.model_dump())
            doc = pipeline.get_document(session, job.subject_id)
            work = str(pipeline.workdir(s, doc.id))
            return tasks.convert_task, (
                spool,
                info,
                [doc.first_page, doc.last_page],
                work,
                s.ocr.model_dump(),
                s.limits.model_dump(),
            )

    def _collect(self, timeout: float) -> bool:
        if not self._inflight:
            return False
        done, _ = wait(list(self._inflight), timeout=timeout, return_when=FIRST_COMPLETED)
        for fut in done:
            job = self._inflight.pop(fut)
            try:
                outcome = fut.result()
            except BrokenProcessPool as e:
                self._pool = None  # a worker died (killed, out of memory): start a new pool
                outcome = tasks.TaskFailure(
                    "internal_error", f"worker process died: {e}", True, True
                )
            except Exception as e:
                outcome = tasks.TaskFailure(
                    "internal_error", f"{type(e).__name__}: {e}", True, True
                )
            self._apply_heavy(job, outcome)
        return bool(done)

    def _apply_heavy(self, job: jobs.ClaimedJob, outcome: Any) -> None:
        if isinstance(outcome, tasks.TaskFailure):
            self._fail(
                job,
                pipeline.Failure(
                    outcome.code, outcome.message, outcome.retryable, outcome.unexpected
                ),
            )
            return
        with self.services.catalog() as session:
            if job.stage == "inspect":
                pipeline.apply_inspect(session, job, outcome)
            elif job.stage == "separate":
                pipeline.apply_separate(session, self.settings, job, outcome)
            else:
                pipeline.apply_convert(session, job, outcome)
            session.commit()
        if job.stage == "separate":
            stages.cleanup_after_commit(self.services, job.scan_id, None)

    def _fail(self, job: jobs.ClaimedJob, failure: pipeline.Failure) -> None:
        log.warning(
            "%s %s failed: %s (%s)", job.stage, job.subject_id, failure.message, failure.code
        )
        with self.services.catalog() as session:
            pipeline.handle_failure(session, self.settings, job, failure)
            session.commit()
        stages.cleanup_after_commit(self.services, job.scan_id, None)


def _failure_of(e: BaseException) -> pipeline.Failure:
    if isinstance(e, IngestError):
        return pipeline.Failure(str(e.code), str(e), e.retryable)
    if isinstance(e, SearchError):
        return pipeline.Failure(e.code, str(e), e.retryable, unexpected=not e.retryable)
    log.exception("unexpected error")
    return pipeline.Failure("internal_error", f"{type(e).__name__}: {e}", True, True)


def open_job_count(services: Services) -> dict[str, int]:
    with services.catalog() as session:
        rows = session.execute(select(Job.state, func.count(Job.id)).group_by(Job.state)).all()
    return {str(state): int(n) for state, n in rows} | {
        s: 0 for s in JobState if s not in {r[0] for r in rows}
    }
