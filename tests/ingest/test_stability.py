"""Unit and property tests of the pure file-stability tracker (injected clock)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from ingest.stability import StabilityTracker

SETTLE = 5.0


@dataclass
class FakeClock:
    now: float = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def tracker(clock: FakeClock) -> StabilityTracker:
    return StabilityTracker(SETTLE, clock)


def test_unchanged_file_becomes_ready_after_settle(
    tracker: StabilityTracker, clock: FakeClock
) -> None:
    tracker.observe("a.pdf", 100, 1)
    clock.advance(SETTLE - 0.1)
    tracker.observe("a.pdf", 100, 1)
    assert tracker.ready() == []
    clock.advance(0.1)
    assert tracker.ready() == ["a.pdf"]


def test_ready_does_not_consume(tracker: StabilityTracker, clock: FakeClock) -> None:
    tracker.observe("a.pdf", 100, 1)
    clock.advance(SETTLE)
    assert tracker.ready() == ["a.pdf"]
    assert tracker.ready() == ["a.pdf"]
    tracker.forget("a.pdf")
    assert tracker.ready() == []
    assert tracker.tracked() == []


def test_slowly_growing_file_is_never_ready_while_it_grows(
    tracker: StabilityTracker, clock: FakeClock
) -> None:
    size = 0
    for second in range(600):  # ten minutes, one byte block per 4 s, observed every second
        if second % 4 == 0:
            size += 4096
        tracker.observe("scan.tif", size, 1_000_000 + size)
        assert tracker.ready() == [], f"reported ready while growing at t={second}"
        clock.advance(1.0)
    # writing stops: ready once the settle period has passed
    for _ in range(int(SETTLE)):
        tracker.observe("scan.tif", size, 1_000_000 + size)
        clock.advance(1.0)
    assert tracker.ready() == ["scan.tif"]


def test_mtime_change_with_same_size_restarts_settle(
    tracker: StabilityTracker, clock: FakeClock
) -> None:
    tracker.observe("a.pdf", 100, 1)
    clock.advance(SETTLE - 1)
    tracker.observe("a.pdf", 100, 2)  # rewritten in place, same length
    clock.advance(SETTLE - 1)
    assert tracker.ready() == []
    clock.advance(1)
    assert tracker.ready() == ["a.pdf"]


def test_zero_byte_file_ready_only_after_grace(tracker: StabilityTracker, clock: FakeClock) -> None:
    tracker.observe("empty.pdf", 0, 1)
    clock.advance(SETTLE)
    assert tracker.ready() == []
    tracker.closed_write("empty.pdf")  # close-write does not shortcut the zero-byte grace
    tracker.observe("empty.pdf", 0, 1)
    clock.advance(2 * SETTLE - 0.01)
    assert tracker.ready() == []
    clock.advance(0.01)
    assert tracker.ready() == ["empty.pdf"]
    assert tracker.zero_byte_grace_seconds == 3 * SETTLE


def test_zero_byte_file_that_gets_written_follows_normal_rules(
    tracker: StabilityTracker, clock: FakeClock
) -> None:
    tracker.observe("late.pdf", 0, 1)
    clock.advance(2 * SETTLE)
    tracker.observe("late.pdf", 5000, 2)
    clock.advance(SETTLE - 1)
    assert tracker.ready() == []
    clock.advance(1)
    assert tracker.ready() == ["late.pdf"]


def test_closed_write_needs_one_unchanged_observation(
    tracker: StabilityTracker, clock: FakeClock
) -> None:
    tracker.observe("a.pdf", 100, 1)
    tracker.closed_write("a.pdf")
    assert tracker.ready() == []  # no observation after the close yet
    tracker.observe("a.pdf", 100, 1)
    assert tracker.ready() == ["a.pdf"]


def test_closed_write_after_stale_observation(tracker: StabilityTracker, clock: FakeClock) -> None:
    tracker.observe("a.pdf", 100, 1)
    tracker.closed_write("a.pdf")
    tracker.observe("a.pdf", 300, 2)  # final writes happened before the close
    assert tracker.ready() == []
    tracker.observe("a.pdf", 300, 2)
    assert tracker.ready() == ["a.pdf"]


def test_change_after_close_disarms_early_exit(tracker: StabilityTracker, clock: FakeClock) -> None:
    tracker.observe("a.pdf", 100, 1)
    tracker.closed_write("a.pdf")
    tracker.observe("a.pdf", 100, 1)
    assert tracker.ready() == ["a.pdf"]
    tracker.observe("a.pdf", 200, 2)  # reopened and appended
    tracker.observe("a.pdf", 200, 2)
    assert tracker.ready() == []
    clock.advance(SETTLE)
    assert tracker.ready() == ["a.pdf"]


def test_closed_write_before_first_observation(tracker: StabilityTracker, clock: FakeClock) -> None:
    tracker.closed_write("a.pdf")
    tracker.observe("a.pdf", 100, 1)
    assert tracker.ready() == []
    tracker.observe("a.pdf", 100, 1)
    assert tracker.ready() == ["a.pdf"]


def test_forget_clears_pending_close(tracker: StabilityTracker, clock: FakeClock) -> None:
    tracker.closed_write("a.pdf")
    tracker.forget("a.pdf")
    tracker.observe("a.pdf", 100, 1)
    tracker.observe("a.pdf", 100, 1)
    assert tracker.ready() == []


def test_clock_going_backwards_is_not_ready(tracker: StabilityTracker, clock: FakeClock) -> None:
    tracker.observe("a.pdf", 100, 1)
    clock.advance(-100)
    assert tracker.ready() == []


@pytest.mark.parametrize(("settle", "factor"), [(-1.0, 3.0), (1.0, 0.5)])
def test_rejects_bad_parameters(settle: float, factor: float) -> None:
    with pytest.raises(ValueError):
        StabilityTracker(settle, FakeClock(), zero_byte_factor=factor)


def test_rejects_negative_size(tracker: StabilityTracker) -> None:
    with pytest.raises(ValueError):
        tracker.observe("a.pdf", -1, 0)


# --- property tests -------------------------------------------------------------------------

PATHS = st.sampled_from(["a.pdf", "b.tif", "c.png"])


@dataclass
class ModelFile:
    size: int
    mtime_ns: int
    changed_at: float
    closed_ever: bool = False
    unchanged_observations: int = 0  # observations equal to the previous one
    history: list[tuple[int, int]] = field(default_factory=list)


class TrackerMachine(RuleBasedStateMachine):
    """Random observe/close/forget/advance sequences against a simple model."""

    def __init__(self) -> None:
        super().__init__()
        self.clock = FakeClock()
        self.tracker = StabilityTracker(SETTLE, self.clock)
        self.model: dict[str, ModelFile] = {}
        self.closed_pending: set[str] = set()

    @rule(path=PATHS, size=st.integers(0, 3), mtime=st.integers(0, 2))
    def observe(self, path: str, size: int, mtime: int) -> None:
        self.tracker.observe(path, size, mtime)
        old = self.model.get(path)
        closed = path in self.closed_pending or (old is not None and old.closed_ever)
        self.closed_pending.discard(path)
        if old is None or (old.size, old.mtime_ns) != (size, mtime):
            self.model[path] = ModelFile(size, mtime, self.clock.now, closed_ever=closed)
        else:
            old.unchanged_observations += 1
            old.closed_ever = closed

    @rule(path=PATHS)
    def closed_write(self, path: str) -> None:
        self.tracker.closed_write(path)
        if path in self.model:
            self.model[path].closed_ever = True
        else:
            self.closed_pending.add(path)

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data())
    def forget(self, data: st.DataObject) -> None:
        path = data.draw(st.sampled_from(sorted(self.model)))
        self.tracker.forget(path)
        del self.model[path]

    @rule(seconds=st.sampled_from([0.0, 0.5, 1.0, SETTLE - 0.5, SETTLE, 3 * SETTLE]))
    def advance(self, seconds: float) -> None:
        self.clock.advance(seconds)

    @invariant()
    def ready_matches_model(self) -> None:
        ready = set(self.tracker.ready())
        assert ready <= set(self.model), "ready reports an untracked path"
        for path, m in self.model.items():
            elapsed = self.clock.now - m.changed_at
            if m.size == 0:
                assert (path in ready) == (elapsed >= 3 * SETTLE), path
            elif not m.closed_ever:
                assert (path in ready) == (elapsed >= SETTLE), path
            else:
                if elapsed >= SETTLE:
                    assert path in ready, path
                if path in ready and elapsed < SETTLE:
                    # early exit needs a close-write and an unchanged observation
                    assert m.unchanged_observations >= 1, path

    @invariant()
    def ready_is_repeatable(self) -> None:
        assert self.tracker.ready() == self.tracker.ready()


TestTrackerMachine = TrackerMachine.TestCase
TestTrackerMachine.settings = settings(max_examples=200, stateful_step_count=40, deadline=None)


@given(
    sizes=st.lists(st.integers(1, 10**9), min_size=2, max_size=50, unique=True),
    step=st.floats(0.0, SETTLE - 0.001),
)
def test_growing_file_never_ready_when_observed_faster_than_settle(
    sizes: list[int], step: float
) -> None:
    clock = FakeClock()
    tracker = StabilityTracker(SETTLE, clock)
    for i, size in enumerate(sizes):
        tracker.observe("grow.pdf", size, i)
        assert tracker.ready() == []
        clock.advance(step)
