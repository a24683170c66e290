"""Decide when a file in the hot folder is finished being written.

This module is pure: it never touches the file system or the real clock. The
watcher (:mod:`ingest.watch`) feeds it observations ``(path, size, mtime_ns)``
and close-write events, and asks which paths are :meth:`StabilityTracker.ready`.

Rules (modelled on Paperless-ngx' consumer):

* A file is *ready* when its size and mtime have not changed for
  ``settle_seconds`` and its size is greater than zero.
* A zero-byte file becomes ready only after a longer grace period
  (``zero_byte_factor * settle_seconds``) so the caller can quarantine it
  instead of ignoring it forever; a scanner that creates the file first and
  writes it later has that long to start writing.
* A close-write event (inotify ``IN_CLOSE_WRITE``) arms an early exit: the
  next observation whose size and mtime equal the previous observation makes
  the file ready at once. If the file changes again after that first post-close
  observation, the writer has reopened it and the early exit is disarmed.
* Any change of size or mtime restarts the settle period.

Readiness is only as good as the observations: a file that grows while nobody
observes it looks unchanged. The watcher therefore observes every candidate at
least once per poll interval, which must be shorter than ``settle_seconds``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

DEFAULT_ZERO_BYTE_FACTOR = 3.0


@dataclass(frozen=True, slots=True)
class FileState:
    """What the tracker knows about one path."""

    size: int
    mtime_ns: int
    since: float  # clock time when (size, mtime_ns) was first seen
    close_armed: bool = False  # a close-write event arrived and is still valid
    post_close_observations: int = 0  # observations since the close-write event
    confirmed: bool = False  # close-write + one unchanged observation


class StabilityTracker:
    """Tracks (size, mtime) per path and reports paths that have settled.

    Not thread-safe; the watcher serialises calls with its own lock.
    """

    def __init__(
        self,
        settle_seconds: float,
        clock: Callable[[], float],
        *,
        zero_byte_factor: float = DEFAULT_ZERO_BYTE_FACTOR,
    ) -> None:
        if settle_seconds < 0:
            raise ValueError(f"settle_seconds must be >= 0, got {settle_seconds}")
        if zero_byte_factor < 1:
            raise ValueError(f"zero_byte_factor must be >= 1, got {zero_byte_factor}")
        self._settle = float(settle_seconds)
        self._zero_grace = float(settle_seconds) * zero_byte_factor
        self._clock = clock
        self._states: dict[str, FileState] = {}
        self._pending_close: set[str] = set()  # close-write seen before any observation

    @property
    def settle_seconds(self) -> float:
        return self._settle

    @property
    def zero_byte_grace_seconds(self) -> float:
        return self._zero_grace

    def observe(self, path: str, size: int, mtime_ns: int) -> None:
        """Record the current size and mtime of ``path``."""
        if size < 0:
            raise ValueError(f"negative size {size} for {path!r}")
        now = self._clock()
        old = self._states.get(path)
        if old is None:
            armed = path in self._pending_close
            self._pending_close.discard(path)
            self._states[path] = FileState(
                size, mtime_ns, now, close_armed=armed, post_close_observations=int(armed)
            )
            return
        self._states[path] = _next_state(old, size, mtime_ns, now)

    def closed_write(self, path: str) -> None:
        """A writer closed ``path``; one more unchanged observation makes it ready."""
        state = self._states.get(path)
        if state is None:
            self._pending_close.add(path)
            return
        self._states[path] = replace(
            state, close_armed=True, post_close_observations=0, confirmed=False
        )

    def forget(self, path: str) -> None:
        """Stop tracking ``path`` (deleted, moved away or handed over)."""
        self._states.pop(path, None)
        self._pending_close.discard(path)

    def ready(self) -> list[str]:
        """Paths that have settled, sorted; does not change the tracker's state."""
        now = self._clock()
        return sorted(path for path, st in self._states.items() if self._is_ready(st, now))

    def tracked(self) -> list[str]:
        """All paths currently tracked, sorted."""
        return sorted(self._states)

    def state(self, path: str) -> FileState | None:
        """The tracker's view of ``path`` (for diagnostics and tests)."""
        return self._states.get(path)

    def _is_ready(self, st: FileState, now: float) -> bool:
        elapsed = now - st.since
        if st.size == 0:
            return elapsed >= self._zero_grace
        return st.confirmed or elapsed >= self._settle


def _next_state(old: FileState, size: int, mtime_ns: int, now: float) -> FileState:
    """The state after observing ``(size, mtime_ns)`` at ``now``."""
    changed = (size, mtime_ns) != (old.size, old.mtime_ns)
    armed = old.close_armed
    post_close = old.post_close_observations + 1 if armed else 0
    if armed and changed and post_close > 1:
        armed, post_close = False, 0  # changed after the close: writer reopened the file
    if changed:
        return FileState(size, mtime_ns, now, armed, post_close, confirmed=False)
    return FileState(
        size,
        mtime_ns,
        old.since,
        armed,
        post_close,
        confirmed=old.confirmed or armed,
    )
