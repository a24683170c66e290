"""Hot-folder watcher: the thin adapter between watchdog and the stability tracker.

inotify events (via watchdog) make the watcher react quickly, a polling scan
every ``poll_interval`` seconds makes sure nothing is missed (network shares,
inotify queue overflow, files present before start). Both only feed a
:class:`~ingest.stability.StabilityTracker`; files the tracker reports ready
are handed to ``on_candidate`` from the polling thread, one at a time.

What the watcher does *not* do: open, hash, validate or move files. Symlinks
are passed on unfollowed (the caller quarantines them); FIFOs, sockets and
devices are skipped because opening them could block. Hidden and temporary
names and sub-folders such as ``quarantine`` are ignored.
"""

from __future__ import annotations

import logging
import os
import stat
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from ingest.stability import DEFAULT_ZERO_BYTE_FACTOR, StabilityTracker

log = logging.getLogger(__name__)

DEFAULT_IGNORED_DIRS = frozenset({"quarantine", "spool", "processed", "failed"})
IGNORED_PREFIXES = (".", "~$")  # hidden files, ".~lock" files, Office owner files
IGNORED_SUFFIXES = (".part", ".partial", ".tmp", ".temp", ".crdownload", ".swp", "~")

Signature = tuple[int, int]  # (size, mtime_ns) of the path itself (lstat)


def is_ignored_name(name: str) -> bool:
    """True for hidden and temporary names that are never candidates."""
    lower = name.casefold()
    return lower.startswith(IGNORED_PREFIXES) or lower.endswith(IGNORED_SUFFIXES)


class HotFolderWatcher:
    """Watches folders (recursively) and reports each file once it is stable.

    ``on_candidate`` is called from the polling thread with each file that became
    stable, once per (size, mtime) version of that path; if it raises, the error
    is logged and the file is offered again on the next scan. ``settle_seconds``
    must be longer than ``poll_interval``. ``trust_close_write=False`` disables
    the early exit on close-write events, for writers that close and reopen a
    file while writing it.
    """

    def __init__(
        self,
        folders: Sequence[Path],
        on_candidate: Callable[[Path], None],
        poll_interval: float,
        *,
        settle_seconds: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        ignored_dirs: Iterable[str] = DEFAULT_IGNORED_DIRS,
        use_inotify: bool = True,
        trust_close_write: bool = True,
        zero_byte_factor: float = DEFAULT_ZERO_BYTE_FACTOR,
    ) -> None:
        if poll_interval <= 0:
            raise ValueError(f"poll_interval must be > 0, got {poll_interval}")
        if poll_interval >= settle_seconds:
            log.warning(
                "poll interval %.1f s is not shorter than the settle time %.1f s; a file "
                "growing between polls may be reported too early",
                poll_interval,
                settle_seconds,
            )
        self._folders = tuple(os.path.abspath(f) for f in folders)
        self._on_candidate = on_candidate
        self._poll_interval = poll_interval
        self._ignored_dirs = frozenset(d.casefold() for d in ignored_dirs)
        self._use_inotify = use_inotify
        self._trust_close_write = trust_close_write
        self._tracker = StabilityTracker(settle_seconds, clock, zero_byte_factor=zero_byte_factor)
        self._lock = threading.Lock()  # guards tracker, _delivered, _failures
        self._scan_lock = threading.Lock()  # one scan (and delivery) at a time
        self._delivered: dict[str, Signature] = {}
        self._failures: dict[str, int] = {}
        self._missing_folders: set[str] = set()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._observer: BaseObserver | None = None

    @property
    def tracker(self) -> StabilityTracker:
        return self._tracker

    def start(self) -> None:
        """Start inotify (if possible) and the polling thread; the first scan runs at once."""
        if self._thread is not None:
            raise RuntimeError("watcher already started")
        self._stop.clear()
        if self._use_inotify:
            self._observer = self._start_observer()
        self._thread = threading.Thread(target=self._run, name="hot-folder-poll", daemon=True)
        self._thread.start()
        log.info("watching %s (poll every %.1f s)", ", ".join(self._folders), self._poll_interval)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop both threads; an on_candidate call in progress is allowed to finish."""
        self._stop.set()
        self._wake.set()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout)
            self._observer = None
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def scan_once(self) -> list[Path]:
        """Observe every file once, hand over the stable ones; returns what was handed over."""
        with self._scan_lock:
            listing = self._list_all()
            with self._lock:
                self._sync_listing(listing)
                ready = self._tracker.ready()
            return [Path(p) for p in ready if self._deliver(p)]

    # --- polling ----------------------------------------------------------------------------

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.scan_once()
            except Exception:
                log.exception("hot-folder scan failed; retrying in %.1f s", self._poll_interval)
            self._wake.wait(self._poll_interval)
            self._wake.clear()

    def _list_all(self) -> dict[str, Signature]:
        listing: dict[str, Signature] = {}
        for folder in self._folders:
            if not os.path.isdir(folder):
                if folder not in self._missing_folders:
                    log.warning("hot folder %s does not exist or is not a directory", folder)
                    self._missing_folders.add(folder)
                continue
            if folder in self._missing_folders:
                log.info("hot folder %s is available again", folder)
                self._missing_folders.discard(folder)
            listing.update(self._walk(folder))
        return listing

    def _walk(self, folder: str) -> dict[str, Signature]:
        """Candidate files below ``folder``; never follows symlinks."""
        found: dict[str, Signature] = {}
        pending = [folder]
        while pending:
            directory = pending.pop()
            try:
                with os.scandir(directory) as entries:
                    for entry in entries:
                        self._classify(entry, found, pending)
            except OSError as e:
                log.warning("cannot list %s: %s", directory, e)
        return found

    def _classify(
        self, entry: os.DirEntry[str], found: dict[str, Signature], pending: list[str]
    ) -> None:
        if is_ignored_name(entry.name):
            return
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            return  # vanished meanwhile
        if stat.S_ISDIR(st.st_mode):
            if entry.name.casefold() not in self._ignored_dirs:
                pending.append(entry.path)
        elif stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode):
            found[entry.path] = (st.st_size, st.st_mtime_ns)
        else:
            log.debug("skipping special file %s", entry.path)

    def _sync_listing(self, listing: dict[str, Signature]) -> None:
        for path in self._tracker.tracked():
            if path not in listing:
                self._tracker.forget(path)
                self._failures.pop(path, None)
        for path in [p for p in self._delivered if p not in listing]:
            del self._delivered[path]
        for path, sig in listing.items():
            self._observe_locked(path, sig)

    def _observe_locked(self, path: str, sig: Signature, *, closed: bool = False) -> None:
        if path in self._delivered:
            if self._delivered[path] == sig:
                return  # already handed over and unchanged
            del self._delivered[path]  # same name, new content: a new candidate
        if closed:
            self._tracker.closed_write(path)
        self._tracker.observe(path, sig[0], sig[1])

    # --- delivery ---------------------------------------------------------------------------

    def _deliver(self, path: str) -> bool:
        sig = _lstat_signature(path)
        with self._lock:
            state = self._tracker.state(path)
            if sig is None:
                self._tracker.forget(path)
                return False
            if state is None or (state.size, state.mtime_ns) != sig:
                if state is not None:
                    self._tracker.observe(path, sig[0], sig[1])
                return False
        try:
            self._on_candidate(Path(path))
        except Exception:
            self._record_failure(path)
            return False
        with self._lock:
            self._tracker.forget(path)
            self._failures.pop(path, None)
            self._delivered[path] = sig
        return True

    def _record_failure(self, path: str) -> None:
        with self._lock:
            count = self._failures.get(path, 0) + 1
            self._failures[path] = count
        if count == 1:
            log.exception("handling %s failed; will retry on the next scan", path)
        else:
            log.warning("handling %s failed again (attempt %d); will retry", path, count)

    # --- inotify ----------------------------------------------------------------------------

    def _start_observer(self) -> BaseObserver | None:
        observer = Observer()
        handler = _EventHandler(self)
        try:
            for folder in self._folders:
                if os.path.isdir(folder):
                    observer.schedule(handler, folder, recursive=True)
            observer.start()
        except Exception as e:  # e.g. inotify watch limit reached, unsupported file system
            log.warning("file-system events unavailable (%s); polling only", e)
            return None
        return observer

    def _accepts(self, path: str) -> bool:
        """True if ``path`` lies in a watched folder and no part of it is ignored."""
        for folder in self._folders:
            rel = os.path.relpath(path, folder)
            if rel == "." or rel.startswith(".." + os.sep) or rel == "..":
                continue
            *dirs, name = rel.split(os.sep)
            if is_ignored_name(name):
                return False
            return not any(is_ignored_name(d) or d.casefold() in self._ignored_dirs for d in dirs)
        return False

    def _on_event(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            return
        src = os.fsdecode(event.src_path)
        kind = event.event_type
        if kind in ("deleted", "moved"):
            with self._lock:
                self._tracker.forget(src)
        if kind == "moved":
            src = os.fsdecode(event.dest_path)
        if kind not in ("created", "modified", "moved", "closed") or not self._accepts(src):
            return
        sig = _lstat_signature(src, candidates_only=True)
        if sig is None:
            return
        with self._lock:
            closed = kind == "closed" and self._trust_close_write
            self._observe_locked(src, sig, closed=closed)
        if closed:
            self._wake.set()  # let the polling thread confirm and deliver soon


class _EventHandler(FileSystemEventHandler):
    def __init__(self, watcher: HotFolderWatcher) -> None:
        super().__init__()
        self._watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        try:
            self._watcher._on_event(event)
        except Exception:
            log.exception("error handling file-system event %s", event)


def _lstat_signature(path: str, *, candidates_only: bool = False) -> Signature | None:
    """(size, mtime_ns) of ``path`` itself; None if it is gone (or, with
    ``candidates_only``, not a regular file or symlink)."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if candidates_only and not (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)):
        return None
    return (st.st_size, st.st_mtime_ns)
