"""Bounded retries with exponential backoff and full jitter, for storage clients.

This is the *wrapper-level* retry for short transient faults (a connection
reset, a server restarting); it gives up within ``budget`` seconds so the
pipeline's own policy (defer the document, retry later) takes over for longer
outages.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how long to retry a transient failure.

    ``attempts`` counts the first try; ``budget`` bounds the total time spent
    (no new attempt is started once it is used up).
    """

    attempts: int = 5
    base_delay: float = 0.2
    max_delay: float = 4.0
    budget: float = 15.0

    def delay(self, retry: int, rng: random.Random | None = None) -> float:
        """Full-jitter delay before retry number ``retry`` (0-based)."""
        cap = min(self.max_delay, self.base_delay * (2**retry))
        return (rng or random).uniform(0.0, cap)


NO_RETRY = RetryPolicy(attempts=1, budget=0.0)


class RetriesExhausted(Exception):
    """All attempts failed with transient errors; ``__cause__`` is the last one."""

    def __init__(self, attempts: int, elapsed: float, last: BaseException) -> None:
        super().__init__(f"gave up after {attempts} attempt(s) in {elapsed:.1f}s: {last}")
        self.attempts = attempts
        self.elapsed = elapsed
        self.last = last


def call_with_retry(
    fn: Callable[[], T],
    *,
    policy: RetryPolicy,
    is_transient: Callable[[BaseException], bool],
    what: str,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> T:
    """Call ``fn`` until it succeeds, a permanent error occurs, or the policy is used up.

    Permanent errors propagate unchanged; when retries are exhausted,
    :class:`RetriesExhausted` is raised from the last transient error.
    """
    start = clock()
    attempt = 0
    while True:
        attempt += 1
        try:
            return fn()
        except Exception as e:
            if not is_transient(e):
                raise
            elapsed = clock() - start
            delay = policy.delay(attempt - 1)
            if attempt >= policy.attempts or elapsed + delay > policy.budget:
                raise RetriesExhausted(attempt, elapsed, e) from e
            log.warning(
                "%s failed (attempt %d/%d): %s; retrying in %.2fs",
                what,
                attempt,
                policy.attempts,
                e,
                delay,
            )
            sleep(delay)
