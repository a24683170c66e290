"""Raw ASGI layers of the enaio SIMULATOR: fault injection (outermost, so an
injected outage answers before anything else) and authentication.

``drop_after_store`` works with a marker header: the insert handler sets
``x-sim-drop`` on its response, and the fault layer then announces a longer
body than it sends and returns without finishing the response, which makes
the server close the connection mid-body (the client sees a protocol error
while the object is already committed)."""

from __future__ import annotations

import asyncio
import base64
import binascii
import hmac
import json
import time
from collections.abc import Sequence
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dms_connector.simulator.context import SimContext

DROP_MARKER = b"x-sim-drop"
SIM_HEADERS = [(b"x-enaio-simulator", b"true"), (b"server", b"enaio-SIMULATOR")]


def _json_message(status: int, error: str, message: str, **extra: Any) -> bytes:
    body = {"status": status, "error": error, "message": message, "simulator": True, **extra}
    return json.dumps(body).encode("utf-8")


async def _send_simple(
    send: Send, status: int, body: bytes, extra_headers: Sequence[tuple[bytes, bytes]] = ()
) -> None:
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *extra_headers,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


def java_error_body(path: str, message: str) -> bytes:
    """A 500 body shaped like a Java service's error (with a stack trace)."""
    trace = (
        f"java.lang.IllegalStateException: {message}\n"
        "\tat com.os.services.simulator.FaultInjector.fail(FaultInjector.java:42)\n"
        "\tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:897)"
    )
    return _json_message(
        500,
        "Internal Server Error",
        message,
        exception="java.lang.IllegalStateException",
        trace=trace,
        path=path,
        timestamp=int(time.time() * 1000),
    )


class FaultMiddleware:
    """Injects the configured faults into API calls and labels every response."""

    def __init__(self, app: ASGIApp, ctx: SimContext) -> None:
        self.app = app
        self.ctx = ctx

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def labelled(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SIM_HEADERS]}
            await send(message)

        path = str(scope.get("path", ""))
        if self.ctx.is_api_path(path) and await self._injected(path, labelled):
            return
        await self.app(scope, receive, _Dropper(labelled))

    async def _injected(self, path: str, send: Send) -> bool:
        state = self.ctx.faults
        faults = state.faults
        unavailable = _json_message(503, "Service Unavailable", "enaio SIMULATOR: injected 503")
        if faults.down:
            body = _json_message(503, "Service Unavailable", "enaio SIMULATOR: down")
            await _send_simple(send, 503, body)
            return True
        latency = state.latency_seconds()
        if latency > 0:
            await asyncio.sleep(latency)
        if state.roll(faults.p_error_500):
            await _send_simple(send, 500, java_error_body(path, "injected server error"))
            return True
        if state.roll(faults.p_error_503):
            await _send_simple(send, 503, unavailable)
            return True
        if state.roll(faults.p_timeout):
            await asyncio.sleep(faults.hang_seconds)
            await _send_simple(send, 503, unavailable)
            return True
        return False


class _Dropper:
    """A ``send`` that cuts the response short when the handler set the drop marker."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self.start: Message | None = None
        self.body = bytearray()
        self.done = False

    async def __call__(self, message: Message) -> None:
        if self.done:
            return
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            if any(k.lower() == DROP_MARKER for k, _ in headers):
                kept = [(k, v) for k, v in headers if k.lower() != DROP_MARKER]
                self.start = {**message, "headers": kept}
                return
            await self.send(message)
            return
        if self.start is None:
            await self.send(message)
            return
        self.body.extend(message.get("body", b""))
        if message.get("more_body", False):
            return
        announced = str(len(self.body) + 4096).encode()
        headers = [(k, v) for k, v in self.start["headers"] if k.lower() != b"content-length"]
        await self.send({**self.start, "headers": [*headers, (b"content-length", announced)]})
        half = bytes(self.body[: len(self.body) // 2])
        await self.send({"type": "http.response.body", "body": half, "more_body": True})
        # Returning without finishing the response makes the server close the connection.
        self.done = True


class AuthMiddleware:
    """HTTP Basic against the configured users, or a gateway session (``JSESSIONID``
    cookie or ``?sessionguid=``) from ``GET /osrest/api/session``."""

    def __init__(self, app: ASGIApp, ctx: SimContext) -> None:
        self.app = app
        self.ctx = ctx

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        user, session_id = self._authenticate(scope)
        if user is None:
            body = _json_message(401, "Unauthorized", "authentication required (Basic or session)")
            await _send_simple(send, 401, body, [(b"www-authenticate", b'Basic realm="enaio"')])
            return
        state = scope.setdefault("state", {})
        state["sim_user"] = user
        state["sim_session"] = session_id
        await self.app(scope, receive, send)

    def _authenticate(self, scope: Scope) -> tuple[str | None, str | None]:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        sessions = self.ctx.sessions
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # a malformed cookie header is simply not a session
            cookie = SimpleCookie()
        if "JSESSIONID" in cookie:
            s = sessions.by_cookie(cookie["JSESSIONID"].value)
            if s is not None:
                return s.user, s.jsessionid
        guid = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("sessionguid")
        if guid:
            s = sessions.by_guid(guid[0])
            if s is not None:
                return s.user, s.jsessionid
        return self._basic(headers.get("authorization", "")), None

    def _basic(self, header: str) -> str | None:
        scheme, _, encoded = header.partition(" ")
        if scheme.lower() != "basic" or not encoded:
            return None
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        user, sep, password = decoded.partition(":")
        expected = self.ctx.settings.users.get(user)
        if not sep or expected is None:
            return None
        ok = hmac.compare_digest(password.encode("utf-8"), expected.encode("utf-8"))
        return user if ok else None


async def after_store(ctx: SimContext, response: Response) -> Response:
    """Apply the ``*_after_store`` faults to the answer of an insert that was committed."""
    faults = ctx.faults.faults
    if ctx.faults.roll(faults.p_slow_after_store):
        await asyncio.sleep(faults.hang_seconds)
    if ctx.faults.roll(faults.p_drop_after_store):
        response.headers[DROP_MARKER.decode()] = "1"
    return response
