"""The only place that names concrete backends: builds them from settings."""

from __future__ import annotations

import importlib
import json
import os
import secrets
import shutil
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from sqlalchemy.orm import Session, sessionmaker

from dms_connector.base import DmsClient
from dms_connector.config import DmsConfig
from ingest.classify.base import Classifier
from ingest.storage.base import ArchiveStore
from scanstation.catalog.db import open_catalog
from scanstation.settings import Settings
from search.base import IndexedDoc, SearchIndex

ARCHIVE_BACKENDS = {
    "local": "ingest.storage.local:LocalArchiveStore",
    "memory": "ingest.storage.memory:MemoryArchiveStore",
    "s3": "ingest.storage.s3:S3ArchiveStore",
}
SEARCH_BACKENDS = {
    "embedded": "search.embedded:TantivySearchIndex",
    "memory": "search.memory:MemorySearchIndex",
    "elasticsearch": "search.elastic:ElasticSearchIndex",
}


DMS_CLIENTS = {
    "dms": "dms_connector.dms_service:DmsServiceClient",
    "osrest": "dms_connector.appconnector:AppConnectorClient",
}


def _load(ref: str) -> Any:
    module, name = ref.split(":")
    return getattr(importlib.import_module(module), name)


def build_archive(settings: Settings) -> ArchiveStore:
    cfg = settings.archive
    cls = _load(ARCHIVE_BACKENDS[cfg.backend])
    if cfg.backend == "local":
        return cls(settings.archive_path())  # type: ignore[no-any-return]
    if cfg.backend == "s3":
        return cls(  # type: ignore[no-any-return]
            cfg.endpoint,
            cfg.access_key,
            cfg.secret_key.get_secret_value(),
            cfg.bucket,
            secure=cfg.secure,
            region=cfg.region,
            retention_days=cfg.retention_days,
            part_size=cfg.part_size_mb * 1024 * 1024,
        )
    return cls()  # type: ignore[no-any-return]


def build_index(settings: Settings) -> SearchIndex:
    cfg = settings.search
    cls = _load(SEARCH_BACKENDS[cfg.backend])
    if cfg.backend == "embedded":
        return cls(  # type: ignore[no-any-return]
            settings.index_path(),
            lock_timeout=cfg.lock_timeout_seconds,
            writer_heap_bytes=cfg.writer_heap_bytes,
        )
    if cfg.backend == "elasticsearch":
        password = getattr(cfg, "password", None)
        return cls(  # type: ignore[no-any-return]
            cfg.url,
            cfg.index,
            username=getattr(cfg, "username", None),
            password=password.get_secret_value() if password is not None else None,
            timeout=getattr(cfg, "timeout_seconds", 10.0),
        )
    return cls()  # type: ignore[no-any-return]


def build_classifier(settings: Settings, catalog: sessionmaker[Session]) -> Classifier:
    """The active routing model version in the catalog (the seed model at first)."""
    from scanstation.training import CatalogClassifier

    return CatalogClassifier(catalog, settings)


def simulator_password(settings: Settings) -> str:
    """The simulator's generated password (kept 0600 in its data folder)."""
    if settings.dms.password is not None:
        return settings.dms.password.get_secret_value()
    path = settings.simulator_dir() / "credentials"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(18))
    return path.read_text().strip()


_started_simulator_url: dict[Path, str] = {}  # data folder -> URL of the one this process runs


def dms_config(settings: Settings) -> DmsConfig:
    """The effective DMS connection: the simulator's address and password when targeted."""
    cfg = settings.dms
    if cfg.target == "simulator":
        sim = cfg.simulator
        url = _started_simulator_url.get(settings.simulator_dir())
        return cfg.model_copy(
            update={
                "base_url": url or f"http://{sim.host}:{sim.port}",
                "password": SecretStr(simulator_password(settings)),
                "session_cookie": None,
            }
        )
    return cfg


def build_dms_client(settings: Settings) -> DmsClient:
    from dms_connector.http import make_http_client

    cfg = dms_config(settings)
    return _load(DMS_CLIENTS[cfg.api])(make_http_client(cfg), cfg)  # type: ignore[no-any-return]


def simulator_settings(settings: Settings, departments: Iterable[tuple[str, str]]) -> Any:
    """The simulator's settings: one folder per department, our user, its password."""
    from dms_connector.simulator import SimSettings

    cfg = settings.dms
    sim = cfg.simulator
    return SimSettings(
        data_dir=settings.simulator_dir(),
        users={cfg.username: simulator_password(settings)},
        objdef=json.loads(sim.objdef.read_text(encoding="utf-8")) if sim.objdef else None,
        folders=[(cfg.folder_type, {cfg.folder_key_field: dep_id}) for dep_id, _ in departments],
        dms_prefix=cfg.dms_path_prefix,
    )


def start_simulator_if_needed(settings: Settings, departments: Iterable[tuple[str, str]]) -> Any:
    """With ``dms.target = "simulator"``: start the enaio SIMULATOR in this process
    unless something already listens on its port. Returns the running simulator
    (call ``stop()``) or None."""
    cfg = settings.dms
    if not cfg.enabled or cfg.target != "simulator":
        return None
    sim = cfg.simulator
    with socket.socket() as probe:
        probe.settimeout(0.5)
        if sim.port and probe.connect_ex((sim.host, sim.port)) == 0:
            return None  # another scanstation process runs it
    from dms_connector.simulator import start_simulator

    try:
        running = start_simulator(
            simulator_settings(settings, departments), host=sim.host, port=sim.port
        )
    except OSError:  # lost a race for the port to another process: use that one
        return None
    key = settings.simulator_dir()
    _started_simulator_url[key] = running.url
    stop = running.stop

    def stop_and_forget() -> None:
        _started_simulator_url.pop(key, None)
        stop()

    running.stop = stop_and_forget  # type: ignore[method-assign]
    return running


def rebuild_index(services: Services, docs: Iterable[IndexedDoc]) -> str:
    """Rebuild the whole index from ``docs`` and switch to it at once.

    Elasticsearch builds a new versioned index behind the alias; the embedded
    index is built in a sibling folder and swapped in by rename."""
    index = services.index
    rebuild = getattr(index, "reindex_into_new", None)
    if rebuild is not None:
        return str(rebuild(docs))
    settings = services.settings
    if settings.search.backend != "embedded":
        index.delete(sorted(index.ids()))
        index.upsert(list(docs))
        return settings.search.backend
    live = settings.index_path()
    fresh = live.with_name(f"{live.name}.rebuild-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    built = _load(SEARCH_BACKENDS["embedded"])(fresh)
    batch: list[IndexedDoc] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) >= 500:
            built.upsert(batch)
            batch = []
    built.upsert(batch)
    old = live.with_name(f"{live.name}.old-{os.getpid()}")
    if live.exists():
        os.rename(live, old)
    os.rename(fresh, live)
    shutil.rmtree(old, ignore_errors=True)
    services._index = None  # reopen on next use
    return str(live)


@dataclass
class Services:
    """Everything a command or worker needs, built once from settings."""

    settings: Settings
    catalog: sessionmaker[Session]
    _archive: ArchiveStore | None = field(default=None, repr=False)
    _index: SearchIndex | None = field(default=None, repr=False)
    _classifier: Classifier | None = field(default=None, repr=False)

    @property
    def archive(self) -> ArchiveStore:
        if self._archive is None:
            self._archive = build_archive(self.settings)
        return self._archive

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            self._index = build_index(self.settings)
        return self._index

    @property
    def classifier(self) -> Classifier:
        if self._classifier is None:
            self._classifier = build_classifier(self.settings, self.catalog)
        return self._classifier


def build_services(settings: Settings) -> Services:
    folders = [settings.spool_dir, settings.work_dir, settings.quarantine_dir]
    if settings.archive.backend == "local" and settings.archive.path is None:
        folders.append(settings.archive_path())  # the embedded default lives in data_dir
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    return Services(settings=settings, catalog=open_catalog(settings.effective_catalog_url()))
