"""The DMS clients' exception tree (see ``base.py`` for what each means)."""

from __future__ import annotations


class DmsError(Exception):
    """Base of everything a DMS client raises."""

    def __init__(self, message: str, *, status: int | None = None, body: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.body = body


class DmsUnavailable(DmsError):
    """Not reachable, timed out, dropped the connection or answered 5xx/429: retry later."""


class DmsAuthError(DmsError):
    """401/403: the configured credentials are wrong or lack rights."""


class DmsRejected(DmsError):
    """The server refused this request (4xx with a reason): permanent for it."""


class DmsProtocolError(DmsError):
    """An answer that does not have the documented shape."""


class DmsConfigError(DmsError):
    """The configuration is incomplete or does not fit the server: fix it, retrying won't help."""


class MappingError(DmsConfigError):
    """The field map, the object types or a department's target do not match enaio."""
