"""Background loops of ``scanstation run`` beside the stage runner: DMS
delivery (network-bound, so it never stalls the pipeline) and debounced
retraining of the routing model. Each loop survives its own errors."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from dms_connector.errors import DmsError
from scanstation import delivery, training
from scanstation.errors import ScanstationError
from scanstation.routing import department_ids
from scanstation.wiring import Services, build_dms_client

log = logging.getLogger(__name__)


def make_deliverer(services: Services) -> delivery.Deliverer:
    return delivery.Deliverer(
        services.catalog,
        services.settings,
        build_dms_client(services.settings),
        lambda key: services.archive.get_bytes(key),
        sorted(department_ids()),
    )


def validate_dms(deliverer: delivery.Deliverer) -> None:
    """Start-up check of the mapping. A wrong mapping raises (the service must
    not start); an unreachable DMS only warns (validated on first delivery)."""
    try:
        for warning in deliverer.validate():
            log.warning("DMS: %s", warning)
    except DmsError as e:
        log.warning("DMS not reachable at start-up (%s); deliveries wait for it", e)


class Loop(threading.Thread):
    """Calls ``body`` until stopped; sleeps ``idle`` seconds when it did nothing."""

    def __init__(
        self, name: str, body: Callable[[], bool], stop: threading.Event, idle: float
    ) -> None:
        super().__init__(name=name, daemon=True)
        self.body, self.stop_event, self.idle = body, stop, idle

    def run(self) -> None:
        while not self.stop_event.is_set():
            try:
                busy = self.body()
            except ScanstationError as e:
                log.error("%s: %s", self.name, e)
                busy = False
            except Exception:
                log.exception("%s: unexpected error; trying again", self.name)
                busy = False
            if not busy:
                self.stop_event.wait(self.idle)


def start_loops(services: Services, stop: threading.Event) -> list[Any]:
    """Start the delivery and retraining loops (as configured); return them."""
    started: list[Any] = []
    settings = services.settings
    if settings.dms.enabled:
        deliverer = make_deliverer(services)
        validate_dms(deliverer)
        with services.catalog() as session:
            queued = delivery.enqueue_missing(session, settings)
        if queued:
            log.info("DMS: %d routed document(s) added to the outbox", queued)
        started.append(Loop("dms-delivery", lambda: bool(deliverer.step()), stop, 1.0))
    if settings.routing.enabled and settings.routing.retrain:
        retrainer = training.Retrainer(services.catalog, settings)
        started.append(Loop("model-retrain", lambda: retrainer.tick() is not None, stop, 10.0))
    for loop in started:
        loop.start()
    return started
