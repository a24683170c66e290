"""``scanstation run``: hot-folder watchers feeding intake, and the runner."""

from __future__ import annotations

import logging
import signal
import threading
from pathlib import Path
from types import FrameType

from scanstation import intake
from scanstation.background import start_loops
from scanstation.routing import department_names
from scanstation.settings import Settings
from scanstation.wiring import Services, start_simulator_if_needed
from scanstation.worker import Runner

log = logging.getLogger(__name__)


class StationIntake:
    """Maps a stable file to its station and takes it in; never raises."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.folders = {
            services.settings.hot_folder(st): st.name for st in services.settings.stations
        }

    def _station_of(self, path: Path) -> str | None:
        parent = path.parent.resolve()
        for folder, name in self.folders.items():
            if parent == folder or folder in parent.parents:
                return name
        return None

    def __call__(self, path: Path) -> None:
        station = self._station_of(path)
        if station is None:
            log.warning("ignoring %s: not inside a hot folder", path)
            return
        try:
            result = intake.intake_file(
                self.services.catalog, self.services.settings, path, station
            )
            log.info("intake %s -> scan %s (%s)", path.name, result.scan_id, result.status)
        except FileNotFoundError:
            log.info("%s vanished before intake", path)
        except Exception:  # the watcher must never die because of one file
            log.exception("intake of %s failed; it stays in the hot folder for the next try", path)


def hot_folders(settings: Settings) -> list[Path]:
    folders = [settings.hot_folder(st) for st in settings.stations]
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    return folders


def serve(services: Services, stop: threading.Event | None = None) -> None:
    """Watch every station's hot folder and process until SIGTERM/SIGINT."""
    from ingest.watch import HotFolderWatcher

    stop = stop or threading.Event()
    settings = services.settings
    intake.recover(services.catalog, settings)
    if threading.current_thread() is threading.main_thread():
        _install_signal_handlers(stop)
    watcher = HotFolderWatcher(
        hot_folders(settings),
        StationIntake(services),
        poll_interval=settings.poll_seconds,
        settle_seconds=settings.settle_seconds,
    )
    simulator = start_simulator_if_needed(settings, department_names())
    if simulator is not None:
        log.warning("DMS target: enaio SIMULATOR at %s (not a real enaio)", simulator.url)
    try:
        loops = start_loops(services, stop)
        watcher.start()
        log.info("watching %s", ", ".join(str(f) for f in hot_folders(settings)))
        try:
            Runner(services).run(stop)
        finally:
            watcher.stop()
            stop.set()
            for loop in loops:
                loop.join(timeout=30)
    finally:
        if simulator is not None:
            simulator.stop()
        log.info("stopped")


def _install_signal_handlers(stop: threading.Event) -> None:
    def handler(signum: int, _frame: FrameType | None) -> None:
        log.info("signal %d: finishing current step and stopping", signum)
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
