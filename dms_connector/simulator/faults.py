"""Fault injection settings of the enaio SIMULATOR and the thread-safe holder
that rolls the dice for each request.

``Faults`` is a frozen dataclass so tests can build, compare and swap it; the
admin route ``/_sim/faults`` reads and writes it as JSON (``faults_to_json`` /
``faults_from_json``)."""

from __future__ import annotations

import random
import threading
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any


@dataclass(frozen=True)
class Faults:
    """What should go wrong. ``p_*`` are probabilities per API request."""

    latency_ms: tuple[int, int] = (0, 0)
    p_error_500: float = 0.0
    p_error_503: float = 0.0
    p_timeout: float = 0.0
    p_slow_after_store: float = 0.0
    p_drop_after_store: float = 0.0
    hang_seconds: float = 5.0
    down: bool = False
    seed: int | None = None

    def __post_init__(self) -> None:
        low, high = self.latency_ms
        if not 0 <= low <= high:
            raise ValueError("latency_ms must be (low, high) with 0 <= low <= high")
        for f in fields(self):
            if f.name.startswith("p_"):
                p = getattr(self, f.name)
                if not 0.0 <= p <= 1.0:
                    raise ValueError(f"{f.name} must be between 0 and 1, got {p!r}")
        if self.hang_seconds < 0:
            raise ValueError("hang_seconds must be >= 0")


def faults_to_json(faults: Faults) -> dict[str, Any]:
    data = asdict(faults)
    data["latency_ms"] = list(faults.latency_ms)
    return data


def faults_from_json(data: Mapping[str, Any]) -> Faults:
    """Build ``Faults`` from JSON; unknown keys or wrong types raise ``ValueError``."""
    known = {f.name for f in fields(Faults)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(f"unknown fault setting(s): {', '.join(unknown)}")
    kwargs: dict[str, Any] = {}
    for name, value in data.items():
        if name == "latency_ms":
            if (
                not isinstance(value, list | tuple)
                or len(value) != 2
                or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
            ):
                raise ValueError("latency_ms must be a list of two integers")
            kwargs[name] = (value[0], value[1])
        elif name == "down":
            if not isinstance(value, bool):
                raise ValueError("down must be true or false")
            kwargs[name] = value
        elif name == "seed":
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                raise ValueError("seed must be an integer or null")
            kwargs[name] = value
        else:
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise ValueError(f"{name} must be a number")
            kwargs[name] = float(value)
    return Faults(**kwargs)


class FaultState:
    """The current ``Faults`` plus its random generator; safe to use from any thread."""

    def __init__(self, faults: Faults) -> None:
        self._lock = threading.Lock()
        self._faults = faults
        self._rng = random.Random(faults.seed)

    @property
    def faults(self) -> Faults:
        with self._lock:
            return self._faults

    def set(self, faults: Faults) -> None:
        with self._lock:
            self._faults = faults
            self._rng = random.Random(faults.seed)

    def roll(self, probability: float) -> bool:
        """True with the given probability (never consumes randomness for 0 or 1)."""
        if probability <= 0.0:
            return False
        if probability >= 1.0:
            return True
        with self._lock:
            return self._rng.random() < probability

    def latency_seconds(self) -> float:
        with self._lock:
            low, high = self._faults.latency_ms
            if high <= 0:
                return 0.0
            return self._rng.randint(low, high) / 1000.0
