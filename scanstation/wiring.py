"""The only place that names concrete backends: builds them from settings."""

from __future__ import annotations

import importlib
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

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


def build_classifier(settings: Settings) -> Classifier:
    """The combined rules + model classifier with the configured threshold."""
    from ingest.classify.config import default_config
    from ingest.classify.seedmodel import SEED_MODEL, load_seed_classifier

    config = default_config().model_copy(update={"threshold": settings.routing.threshold})
    return load_seed_classifier(config, settings.routing.model_path or SEED_MODEL)


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
            self._classifier = build_classifier(self.settings)
        return self._classifier


def build_services(settings: Settings) -> Services:
    folders = [settings.spool_dir, settings.work_dir, settings.quarantine_dir]
    if settings.archive.backend == "local" and settings.archive.path is None:
        folders.append(settings.archive_path())  # the embedded default lives in data_dir
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    return Services(settings=settings, catalog=open_catalog(settings.effective_catalog_url()))
