"""The ``httpx.Client`` both enaio clients use, and the one place that turns
HTTP outcomes into the ``DmsError`` tree.

``make_http_client`` sets the gateway base URL, timeouts, TLS verification and
exactly one credential: the gateway session cookie ``JSESSIONID`` when one is
configured (then no Authorization header is sent), else HTTP Basic.

``send`` performs one request and maps what can go wrong:

* connection refused/reset, timeouts, a dropped or garbled answer, 5xx, 429
  → ``DmsUnavailable`` (retry later);
* 401/403 → ``DmsAuthError``;
* other 4xx → ``DmsRejected`` with the status, the body text and a readable
  message taken from the known error body shapes;
* a redirect → ``DmsProtocolError`` (redirects are not followed: a gateway
  that redirects API calls usually sends us to its login form).

Messages name the method and path only, never the URL's user info, headers
or the password.
"""

from __future__ import annotations

import json
import logging
import ssl
from collections.abc import Collection, Mapping
from typing import Any

import httpx

from dms_connector.config import DmsConfig
from dms_connector.errors import (
    DmsAuthError,
    DmsConfigError,
    DmsProtocolError,
    DmsRejected,
    DmsUnavailable,
)

log = logging.getLogger(__name__)

USER_AGENT = "scanstation-dms-connector/0.1 (mail-room scanning; httpx)"
MAX_BODY_CHARS = 8000  # of an error body kept on the exception
MAX_MESSAGE_CHARS = 300  # of the server's message put into ours


def make_http_client(
    config: DmsConfig, *, transport: httpx.BaseTransport | None = None
) -> httpx.Client:
    """An ``httpx.Client`` for ``config.base_url`` with auth, timeouts and TLS set.

    Raises ``DmsConfigError`` when neither a session cookie nor a password is
    configured, or the CA bundle cannot be read.
    """
    # no Accept header: ping and insert answer plain text, and a strict JAX-RS
    # resource would refuse "Accept: application/json" with 406
    headers = {"User-Agent": USER_AGENT}
    auth: httpx.BasicAuth | None = None
    if config.session_cookie is not None:
        headers["Cookie"] = f"JSESSIONID={config.session_cookie.get_secret_value()}"
    elif config.password is not None:
        auth = httpx.BasicAuth(config.username, config.password.get_secret_value())
    else:
        raise DmsConfigError(
            "no enaio credentials: set dms.password (Basic auth for dms.username) "
            "or dms.session_cookie (gateway JSESSIONID)"
        )
    timeout = httpx.Timeout(
        connect=config.connect_timeout_seconds,
        read=config.read_timeout_seconds,
        write=config.read_timeout_seconds,
        pool=config.connect_timeout_seconds,
    )
    return httpx.Client(
        base_url=config.base_url,
        headers=headers,
        auth=auth,
        timeout=timeout,
        verify=_tls_verify(config) if transport is None else True,
        transport=transport,
        follow_redirects=False,
    )


def _tls_verify(config: DmsConfig) -> ssl.SSLContext | bool:
    if not config.verify_tls:
        log.warning("TLS verification of the enaio gateway is switched off (dms.verify_tls)")
        return False
    if config.ca_bundle is None:
        return True
    try:
        return ssl.create_default_context(cafile=str(config.ca_bundle))
    except (OSError, ssl.SSLError) as e:
        raise DmsConfigError(f"cannot read dms.ca_bundle {config.ca_bundle}: {e}") from e


def send(
    http: httpx.Client,
    method: str,
    path: str,
    *,
    accept: Collection[int] = (),
    **kwargs: Any,
) -> httpx.Response:
    """One request; transport errors and non-2xx answers become ``DmsError``s.

    Statuses in ``accept`` (e.g. 404 for "does not exist") are returned as they are.
    """
    what = f"{method} {path}"
    try:
        response = http.request(method, path, **kwargs)
    except httpx.TimeoutException as e:
        raise DmsUnavailable(f"{what}: enaio did not answer in time ({type(e).__name__})") from e
    except httpx.UnsupportedProtocol as e:
        raise DmsConfigError(f"{what}: unsupported URL scheme in dms.base_url") from e
    except httpx.InvalidURL as e:
        raise DmsConfigError(f"{what}: invalid URL (check dms.base_url)") from e
    except httpx.DecodingError as e:
        raise DmsProtocolError(f"{what}: undecodable answer ({e})") from e
    except httpx.RequestError as e:
        # ConnectError, ReadError, WriteError, RemoteProtocolError, ProxyError, ...
        raise DmsUnavailable(f"{what}: connection to enaio failed ({type(e).__name__}: {e})") from e
    if response.status_code in accept or response.is_success:
        return response
    raise error_for(response, what)


def error_for(response: httpx.Response, what: str) -> Exception:
    """The ``DmsError`` for a non-2xx answer (returned, for the caller to raise)."""
    status = response.status_code
    body = _body_text(response)
    reason = error_message(body) or response.reason_phrase or "no details"
    message = f"{what}: HTTP {status}: {reason}"
    if status in (401, 403):
        return DmsAuthError(
            f"{message} (check dms.username/password or dms.session_cookie and the user's rights)",
            status=status,
            body=body,
        )
    if status == 429 or status >= 500:
        return DmsUnavailable(message, status=status, body=body)
    if 300 <= status < 400:
        location = response.headers.get("location", "")
        return DmsProtocolError(
            f"{what}: unexpected redirect (HTTP {status}) to {_strip_query(location)!r}; "
            "a gateway login page? check the authentication method",
            status=status,
            body=body,
        )
    if 400 <= status < 500:
        return DmsRejected(message, status=status, body=body)
    return DmsProtocolError(message, status=status, body=body)


def json_body(response: httpx.Response, what: str) -> Any:
    """The JSON of a 2xx answer, or ``DmsProtocolError``."""
    try:
        return response.json()
    except (ValueError, UnicodeDecodeError) as e:
        raise DmsProtocolError(
            f"{what}: answer is not JSON: {_snippet(_body_text(response))!r}",
            status=response.status_code,
            body=_body_text(response),
        ) from e


def error_message(body: str) -> str:
    """A readable message from an error body: DMS ``failed[0].message``/``innerError``,
    OSRest ``DefaultMessage``, ``message``, else the first line of plain text."""
    text = body.strip()
    if not text:
        return ""
    try:
        data = json.loads(text)
    except ValueError:
        if text.startswith("<"):
            return ""  # an HTML error page: the status says more
        return _snippet(text.splitlines()[0])
    return _snippet(_message_from_json(data))


def _message_from_json(data: Any) -> str:
    if isinstance(data, str):
        return data
    if not isinstance(data, Mapping):
        return ""
    # [U] DMS insert errors: "failed[0].message"/"innerError" is what C6 reads; the OSRest
    # error body is undocumented, "DefaultMessage" is the field of its error-type entries.
    failed = data.get("failed")
    if isinstance(failed, list) and failed:
        first = failed[0]
        if isinstance(first, Mapping):
            for key in ("message", "innerError"):
                found = _message_from_json(first.get(key))
                if found:
                    return found
    # OSRest error types, the generic shapes, and FastAPI-style {"detail": "..."}
    for key in ("DefaultMessage", "message", "errorMessage", "error", "detail"):
        value = data.get(key)
        if isinstance(value, str) and value:
            return value
        if isinstance(value, Mapping):
            found = _message_from_json(value)
            if found:
                return found
    return ""


def _body_text(response: httpx.Response) -> str:
    try:
        return response.text[:MAX_BODY_CHARS]
    except (UnicodeDecodeError, LookupError, httpx.ResponseNotRead):
        return ""


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > MAX_MESSAGE_CHARS:
        return text[: MAX_MESSAGE_CHARS - 1] + "…"
    return text


def _strip_query(location: str) -> str:
    # a login redirect may carry tokens in its query: keep scheme, host and path
    return location.split("?", 1)[0].split("#", 1)[0]
