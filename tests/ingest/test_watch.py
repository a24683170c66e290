"""The hot-folder watcher: scan_once with an injected clock, plus a live inotify check."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
)

from ingest.watch import HotFolderWatcher, is_ignored_name

SETTLE = 5.0


@dataclass
class FakeClock:
    now: float = 100.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Recorder:
    def __init__(self, fail: Callable[[Path], bool] = lambda p: False) -> None:
        self.calls: list[Path] = []
        self.fail = fail
        self.event = threading.Event()

    def __call__(self, path: Path) -> None:
        self.calls.append(path)
        self.event.set()
        if self.fail(path):
            raise RuntimeError(f"cannot handle {path.name}")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def hot(tmp_path: Path) -> Path:
    folder = tmp_path / "hot"
    folder.mkdir()
    return folder


def make_watcher(hot: Path, rec: Recorder, clock: FakeClock) -> HotFolderWatcher:
    return HotFolderWatcher([hot], rec, 1.0, settle_seconds=SETTLE, clock=clock, use_inotify=False)


def settle(watcher: HotFolderWatcher, clock: FakeClock) -> list[Path]:
    """Scan, let the settle time pass, scan again; returns what the second scan delivered."""
    watcher.scan_once()
    clock.advance(SETTLE)
    return watcher.scan_once()


def test_existing_file_delivered_exactly_once(hot: Path, clock: FakeClock) -> None:
    (hot / "scan1.pdf").write_bytes(b"%PDF-1.7 one")
    rec = Recorder()
    watcher = make_watcher(hot, rec, clock)
    assert watcher.scan_once() == []  # not yet settled
    clock.advance(SETTLE)
    assert watcher.scan_once() == [hot / "scan1.pdf"]
    clock.advance(SETTLE)
    assert watcher.scan_once() == []
    assert rec.calls == [hot / "scan1.pdf"]


def test_growing_file_not_delivered_while_growing(hot: Path, clock: FakeClock) -> None:
    path = hot / "big.tif"
    rec = Recorder()
    watcher = make_watcher(hot, rec, clock)
    with path.open("wb") as fh:
        for i in range(60):
            fh.write(b"x" * 1000)
            fh.flush()
            os.utime(path, ns=(i * 10**9, i * 10**9))  # mtime moves like a real write
            assert watcher.scan_once() == []
            clock.advance(1.0)
    assert settle(watcher, clock) == [path]


def test_ignored_names_and_folders(hot: Path, clock: FakeClock) -> None:
    names = [".~lock.scan.pdf#", "scan.pdf.part", "upload.tmp", "~$brief.docx", ".hidden.pdf"]
    for name in names:
        (hot / name).write_bytes(b"data")
    for sub in ["quarantine", "Quarantine", ".snapshots", "spool"]:
        (hot / sub).mkdir()
        (hot / sub / "inside.pdf").write_bytes(b"data")
    (hot / "scanner2").mkdir()
    (hot / "scanner2" / "stack.pdf").write_bytes(b"data")
    rec = Recorder()
    assert settle(make_watcher(hot, rec, clock), clock) == [hot / "scanner2" / "stack.pdf"]


@pytest.mark.parametrize(
    ("name", "ignored"),
    [("a.PART", True), ("x~", True), ("Scan 01.pdf", False), ("brief.tiff", False)],
)
def test_is_ignored_name(name: str, ignored: bool) -> None:
    assert is_ignored_name(name) is ignored


def test_symlinks_are_passed_on_but_not_followed(
    hot: Path, tmp_path: Path, clock: FakeClock
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.pdf").write_bytes(b"secret")
    (hot / "link-to-file.pdf").symlink_to(outside / "secret.pdf")
    (hot / "link-to-dir").symlink_to(outside, target_is_directory=True)
    (hot / "dangling.pdf").symlink_to(tmp_path / "nowhere.pdf")
    rec = Recorder()
    delivered = settle(make_watcher(hot, rec, clock), clock)
    assert sorted(delivered) == sorted(
        [hot / "link-to-file.pdf", hot / "link-to-dir", hot / "dangling.pdf"]
    )
    assert all(p.is_symlink() for p in rec.calls)


def test_failing_candidate_is_retried_and_does_not_block_others(
    hot: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    (hot / "bad.pdf").write_bytes(b"bad")
    (hot / "good.pdf").write_bytes(b"good")
    failing = {"bad.pdf"}
    rec = Recorder(fail=lambda p: p.name in failing)
    watcher = make_watcher(hot, rec, clock)
    with caplog.at_level(logging.WARNING, logger="ingest.watch"):
        assert settle(watcher, clock) == [hot / "good.pdf"]
        assert "bad.pdf" in caplog.text
        assert watcher.scan_once() == []  # retried (and failing) on the next scan
    assert rec.calls.count(hot / "bad.pdf") == 2
    failing.clear()
    assert watcher.scan_once() == [hot / "bad.pdf"]
    assert watcher.scan_once() == []


def test_unchanged_file_left_in_place_is_not_redelivered_but_changed_one_is(
    hot: Path, clock: FakeClock
) -> None:
    path = hot / "scan.pdf"
    path.write_bytes(b"v1")
    rec = Recorder()
    watcher = make_watcher(hot, rec, clock)
    assert settle(watcher, clock) == [path]
    clock.advance(10 * SETTLE)
    assert watcher.scan_once() == []
    path.write_bytes(b"version 2")
    assert settle(watcher, clock) == [path]


def test_moved_away_then_same_name_again(hot: Path, tmp_path: Path, clock: FakeClock) -> None:
    spool = tmp_path / "spool"
    spool.mkdir()
    rec = Recorder()
    watcher = make_watcher(hot, rec, clock)
    for i in range(2):
        path = hot / "scan.pdf"
        path.write_bytes(b"same bytes")
        os.utime(path, ns=(i, i))
        assert settle(watcher, clock) == [path]
        path.rename(spool / f"scan-{i}.pdf")
        assert watcher.scan_once() == []
    assert rec.calls == [hot / "scan.pdf", hot / "scan.pdf"]


def test_zero_byte_file_delivered_after_grace(hot: Path, clock: FakeClock) -> None:
    (hot / "empty.pdf").touch()
    rec = Recorder()
    watcher = make_watcher(hot, rec, clock)
    assert settle(watcher, clock) == []
    clock.advance(2 * SETTLE)
    assert watcher.scan_once() == [hot / "empty.pdf"]


def test_deleted_file_is_forgotten(hot: Path, clock: FakeClock) -> None:
    path = hot / "gone.pdf"
    path.write_bytes(b"data")
    rec = Recorder()
    watcher = make_watcher(hot, rec, clock)
    watcher.scan_once()
    path.unlink()
    clock.advance(SETTLE)
    assert watcher.scan_once() == []
    assert watcher.tracker.tracked() == []


def test_missing_folder_does_not_crash(tmp_path: Path, clock: FakeClock) -> None:
    folder = tmp_path / "later"
    rec = Recorder()
    watcher = make_watcher(folder, rec, clock)
    assert watcher.scan_once() == []
    folder.mkdir()
    (folder / "a.pdf").write_bytes(b"a")
    assert settle(watcher, clock) == [folder / "a.pdf"]


def test_fifo_is_skipped(hot: Path, clock: FakeClock) -> None:
    os.mkfifo(hot / "pipe.pdf")
    (hot / "real.pdf").write_bytes(b"r")
    rec = Recorder()
    assert settle(make_watcher(hot, rec, clock), clock) == [hot / "real.pdf"]


def test_several_folders(tmp_path: Path, clock: FakeClock) -> None:
    folders = [tmp_path / "a", tmp_path / "b"]
    for folder in folders:
        folder.mkdir()
        (folder / "x.pdf").write_bytes(folder.name.encode())
    rec = Recorder()
    watcher = HotFolderWatcher(
        folders, rec, 1.0, settle_seconds=SETTLE, clock=clock, use_inotify=False
    )
    assert sorted(settle(watcher, clock)) == [f / "x.pdf" for f in folders]


# --- event handling (no observer thread; events fed directly) ----------------------------------


def test_close_write_event_needs_one_unchanged_observation(hot: Path, clock: FakeClock) -> None:
    path = hot / "scan.pdf"
    rec = Recorder()
    watcher = make_watcher(hot, rec, clock)
    path.write_bytes(b"partial")
    watcher._on_event(FileCreatedEvent(str(path)))
    path.write_bytes(b"partial and the rest")
    watcher._on_event(FileModifiedEvent(str(path)))
    watcher._on_event(FileClosedEvent(str(path)))  # lstat after close equals the last one
    assert watcher.scan_once() == [path]  # no settle time needed


def test_close_write_can_be_distrusted(hot: Path, clock: FakeClock) -> None:
    path = hot / "scan.pdf"
    path.write_bytes(b"all of it")
    watcher = HotFolderWatcher(
        [hot],
        Recorder(),
        1.0,
        settle_seconds=SETTLE,
        clock=clock,
        use_inotify=False,
        trust_close_write=False,
    )
    watcher._on_event(FileModifiedEvent(str(path)))
    watcher._on_event(FileClosedEvent(str(path)))
    assert watcher.scan_once() == []
    clock.advance(SETTLE)
    assert watcher.scan_once() == [path]


def test_events_in_ignored_places_are_ignored(hot: Path, clock: FakeClock) -> None:
    (hot / "quarantine").mkdir()
    for path in [hot / "quarantine" / "q.pdf", hot / "x.part", hot.parent / "outside.pdf"]:
        path.write_bytes(b"data")
        watcher = make_watcher(hot, Recorder(), clock)
        watcher._on_event(FileClosedEvent(str(path)))
        assert watcher.tracker.tracked() == []


def test_move_and_delete_events(hot: Path, tmp_path: Path, clock: FakeClock) -> None:
    rec = Recorder()
    watcher = make_watcher(hot, rec, clock)
    part = hot / "scan.pdf.part"
    part.write_bytes(b"data")
    final = hot / "scan.pdf"
    part.rename(final)  # scanner renames the finished upload
    watcher._on_event(FileMovedEvent(str(part), str(final)))
    assert watcher.tracker.tracked() == [str(final)]
    final.rename(tmp_path / "elsewhere.pdf")
    watcher._on_event(FileMovedEvent(str(final), str(tmp_path / "elsewhere.pdf")))
    assert watcher.tracker.tracked() == []
    watcher._on_event(FileDeletedEvent(str(hot / "never-seen.pdf")))
    assert watcher.tracker.tracked() == []


# --- live threads (real inotify / real polling); waits have generous timeouts ------------------


def test_live_inotify_close_write(hot: Path) -> None:
    rec = Recorder()
    # settle time far longer than the wait: delivery can only come from the close-write path
    watcher = HotFolderWatcher([hot], rec, 0.05, settle_seconds=3600)
    watcher.start()
    try:
        with (hot / "live.pdf").open("wb") as fh:
            fh.write(b"%PDF-1.7 live")
        assert rec.event.wait(30), "close-write never led to delivery"
    finally:
        watcher.stop()
    assert rec.calls == [hot / "live.pdf"]


def test_live_polling_only(hot: Path) -> None:
    (hot / "before-start.pdf").write_bytes(b"x")
    rec = Recorder()
    watcher = HotFolderWatcher([hot], rec, 0.02, settle_seconds=0.05, use_inotify=False)
    watcher.start()
    try:
        assert rec.event.wait(30), "polling never delivered the file"
    finally:
        watcher.stop()
    assert rec.calls == [hot / "before-start.pdf"]


def test_start_twice_is_an_error(hot: Path) -> None:
    watcher = HotFolderWatcher([hot], Recorder(), 1.0, settle_seconds=5, use_inotify=False)
    watcher.start()
    try:
        with pytest.raises(RuntimeError):
            watcher.start()
    finally:
        watcher.stop()
