"""The only place that names concrete backends: builds them from settings."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from ingest.storage.base import ArchiveStore
from scanstation.catalog.db import open_catalog
from scanstation.settings import Settings
from search.base import SearchIndex

ARCHIVE_BACKENDS = {
    "local": "ingest.storage.local:LocalArchiveStore",
    "memory": "ingest.storage.memory:MemoryArchiveStore",
}
SEARCH_BACKENDS = {
    "embedded": "search.embedded:TantivySearchIndex",
    "memory": "search.memory:MemorySearchIndex",
}


def _load(ref: str) -> Any:
    module, name = ref.split(":")
    return getattr(importlib.import_module(module), name)


def build_archive(settings: Settings) -> ArchiveStore:
    backend = settings.archive.backend
    cls = _load(ARCHIVE_BACKENDS[backend])
    if backend == "local":
        return cls(settings.archive_path())  # type: ignore[no-any-return]
    return cls()  # type: ignore[no-any-return]


def build_index(settings: Settings) -> SearchIndex:
    backend = settings.search.backend
    cls = _load(SEARCH_BACKENDS[backend])
    if backend == "embedded":
        cfg = settings.search
        return cls(  # type: ignore[no-any-return]
            settings.index_path(),
            lock_timeout=getattr(cfg, "lock_timeout_seconds", 2.0),
            writer_heap_bytes=getattr(cfg, "writer_heap_bytes", 50_000_000),
        )
    return cls()  # type: ignore[no-any-return]


@dataclass
class Services:
    """Everything a command or worker needs, built once from settings."""

    settings: Settings
    catalog: sessionmaker[Session]
    _archive: ArchiveStore | None = field(default=None, repr=False)
    _index: SearchIndex | None = field(default=None, repr=False)

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


def build_services(settings: Settings) -> Services:
    folders = [settings.spool_dir, settings.work_dir, settings.quarantine_dir]
    if settings.archive.backend == "local" and settings.archive.path is None:
        folders.append(settings.archive_path())  # the embedded default lives in data_dir
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    return Services(settings=settings, catalog=open_catalog(settings.effective_catalog_url()))
