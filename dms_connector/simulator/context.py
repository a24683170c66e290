"""Settings of the enaio SIMULATOR and the per-app context its routes share
(object definition, store, faults, sessions)."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from starlette.requests import HTTPConnection

from dms_connector.simulator.faults import Faults, FaultState
from dms_connector.simulator.objdef import SimObjdef, SimType, load_default_objdef
from dms_connector.simulator.store import SimStore, StoredObject, now_iso


@dataclass(frozen=True)
class SimSettings:
    data_dir: Path
    users: Mapping[str, str]  # Basic-auth user -> password
    objdef: Mapping[str, Any] | None = None  # asobjdef JSON; None = shipped objdef.json
    folders: Sequence[tuple[str, Mapping[str, str]]] = ()  # seeded at start, idempotent
    faults: Faults = field(default_factory=Faults)
    dms_prefix: str = "/api/dms"


@dataclass(frozen=True, slots=True)
class Session:
    user: str
    jsessionid: str
    session_guid: str
    created_at: str


class Sessions:
    """Gateway sessions issued by ``GET /osrest/api/session`` (in memory, like a real
    gateway's: a restart forgets them)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_cookie: dict[str, Session] = {}
        self._by_guid: dict[str, Session] = {}

    def open(self, user: str) -> Session:
        s = Session(
            user=user,
            jsessionid=secrets.token_hex(16).upper(),
            session_guid=secrets.token_hex(16).upper(),
            created_at=now_iso(),
        )
        with self._lock:
            self._by_cookie[s.jsessionid] = s
            self._by_guid[s.session_guid] = s
        return s

    def by_cookie(self, jsessionid: str) -> Session | None:
        with self._lock:
            return self._by_cookie.get(jsessionid)

    def by_guid(self, guid: str) -> Session | None:
        with self._lock:
            return self._by_guid.get(guid)

    def close(self, s: Session) -> None:
        with self._lock:
            self._by_cookie.pop(s.jsessionid, None)
            self._by_guid.pop(s.session_guid, None)


class SimContext:
    """Everything a request handler of the simulator needs."""

    def __init__(self, settings: SimSettings) -> None:
        prefix = settings.dms_prefix
        if not prefix.startswith("/") or prefix.endswith("/"):
            raise ValueError(f"dms_prefix must start and not end with '/': {prefix!r}")
        self.settings = settings
        self.objdef = SimObjdef(
            settings.objdef if settings.objdef is not None else load_default_objdef()
        )
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.store = SimStore(settings.data_dir)
        self.faults = FaultState(settings.faults)
        self.sessions = Sessions()
        self.objdef_modified = self._objdef_modified()

    def _objdef_modified(self) -> datetime:
        """When the served object definition last changed (kept across restarts)."""
        if self.store.get_meta("objdef_sha256") != self.objdef.sha256:
            stamp = datetime.now(UTC).replace(microsecond=0)
            self.store.set_meta("objdef_sha256", self.objdef.sha256)
            self.store.set_meta("objdef_modified", stamp.isoformat())
            return stamp
        return datetime.fromisoformat(self.store.get_meta("objdef_modified") or "")

    def type_of(self, obj: StoredObject) -> SimType:
        """The type of a stored object; a bare stand-in if the object definition lost it."""
        found = self.objdef.types.get(obj.type)
        if found is not None:
            return found
        return SimType(
            internal=obj.type,
            name=obj.type,
            type_id=obj.type_id,
            main_type=obj.main_type,
            maintype=int(obj.type_id) >> 16,
            cabinet="",
            cabinet_name="",
            fields={},
            children={},
        )

    def is_api_path(self, path: str) -> bool:
        return any(
            path == p or path.startswith(p + "/") for p in (self.settings.dms_prefix, "/osrest/api")
        )


def sim(conn: HTTPConnection) -> SimContext:
    """The context of the app serving ``conn``."""
    return cast(SimContext, conn.app.state.sim)


def current_user(conn: HTTPConnection) -> str:
    """The user the auth middleware let in."""
    return str(conn.scope.get("state", {}).get("sim_user", ""))
