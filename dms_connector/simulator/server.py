"""Running the enaio SIMULATOR: in a background thread for tests and the app
(``start_simulator``) or in the foreground (``serve_forever``)."""

from __future__ import annotations

import contextlib
import signal
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import uvicorn

from dms_connector.simulator.app import create_app
from dms_connector.simulator.context import SimContext, SimSettings
from dms_connector.simulator.faults import Faults

BANNER = "enaio SIMULATOR (not a real enaio) listening on"


def _config(settings: SimSettings) -> tuple[uvicorn.Config, SimContext]:
    app = create_app(settings)
    config = uvicorn.Config(
        app,
        log_level="warning",
        server_header=False,  # the fault layer sends "Server: enaio-SIMULATOR"
        timeout_graceful_shutdown=2,
        lifespan="off",
    )
    ctx: SimContext = app.state.sim
    return config, ctx


class RunningSimulator:
    """A simulator serving in a daemon thread; ``stop()`` shuts it down."""

    def __init__(self, server: uvicorn.Server, thread: threading.Thread, url: str, ctx: SimContext):
        self.url = url
        self._server = server
        self._thread = thread
        self._ctx = ctx

    def set_faults(self, faults: Faults) -> None:
        self._ctx.faults.set(faults)

    def objects(self) -> list[dict[str, Any]]:
        return [o.public() for o in self._ctx.store.all()]

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._ctx.store.close()

    def __enter__(self) -> RunningSimulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _bind(host: str, port: int) -> tuple[socket.socket, str]:
    """A listening-ready socket and the base URL it serves (port 0 = a free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on accepted sockets whose proto
    # says TCP; without it every small answer waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)  # connections made before uvicorn takes over wait in the backlog
    url_host = f"[{host}]" if ":" in host else host
    return sock, f"http://{url_host}:{sock.getsockname()[1]}"


def start_simulator(
    settings: SimSettings, host: str = "127.0.0.1", port: int = 0
) -> RunningSimulator:
    """uvicorn in a daemon thread; port 0 = a free port; returns once it accepts connections."""
    config, ctx = _config(settings)
    try:
        sock, url = _bind(host, port)
    except OSError:
        ctx.store.close()
        raise
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="enaio-simulator", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            ctx.store.close()
            raise RuntimeError("enaio simulator did not start")
        time.sleep(0.01)
    return RunningSimulator(server, thread, url, ctx)


class _ForegroundServer(uvicorn.Server):
    """uvicorn re-raises SIGTERM/SIGINT after its graceful shutdown (killing the process);
    the simulator instead returns from ``serve_forever`` so the caller can clean up."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        sigs = (signal.SIGINT, signal.SIGTERM)
        originals = {sig: signal.signal(sig, self.handle_exit) for sig in sigs}
        try:
            yield
        finally:
            for sig, handler in originals.items():
                signal.signal(sig, handler)


def serve_forever(settings: SimSettings, host: str, port: int) -> None:
    """Serve in the foreground until SIGTERM/SIGINT (Ctrl-C), then return after a graceful
    shutdown; port 0 = a free port."""
    config, ctx = _config(settings)
    try:
        sock, url = _bind(host, port)
        print(f"{BANNER} {url} (data: {settings.data_dir})", flush=True)
        _ForegroundServer(config).run(sockets=[sock])
    finally:
        ctx.store.close()
