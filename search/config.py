"""Configuration models for the search backends (a discriminated union on ``backend``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr


class EmbeddedSearchConfig(BaseModel):
    """The on-disk tantivy index on this machine (the default)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    backend: Literal["embedded"] = Field(
        default="embedded", description="Selects the embedded on-disk index (tantivy)."
    )
    path: Path | None = Field(
        default=None,
        description=(
            "Directory holding the index; created if missing; must be on a local disk "
            "(file locks). Unset: the application's data directory decides (e.g. <data>/index)."
        ),
    )
    lock_timeout_seconds: float = Field(
        default=2.0,
        ge=0.0,
        le=60.0,
        description=(
            "How long an upsert/delete waits for the writer lock held by another process "
            "before failing with a retryable SearchUnavailableError."
        ),
    )
    writer_heap_bytes: int = Field(
        default=50_000_000,
        ge=15_000_000,
        description="Memory the index writer may buffer before flushing a segment (min 15 MB).",
    )


class MemorySearchConfig(BaseModel):
    """An in-process index that keeps nothing; for tests and demos."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    backend: Literal["memory"] = Field(
        default="memory", description="Selects the in-memory index (nothing is persisted)."
    )


class ElasticSearchConfig(BaseModel):
    """An Elasticsearch 8 cluster (ElasticSearchIndex)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    backend: Literal["elasticsearch"] = Field(
        default="elasticsearch", description="Selects the Elasticsearch backend."
    )
    url: str = Field(
        default="http://127.0.0.1:9200",
        description="Base URL of the cluster (http or https), e.g. http://127.0.0.1:9200.",
    )
    index: str = Field(
        default="scanstation",
        pattern=r"^[a-z0-9][a-z0-9_.+-]*$",
        description=(
            "Name of the alias searched and written; it points at <index>-v<N>, and "
            "`scanstation reindex` builds <index>-v<N+1> and switches it without downtime."
        ),
    )
    username: str | None = Field(
        default=None, description="User for HTTP basic authentication; unset: no authentication."
    )
    password: SecretStr | None = Field(
        default=None, description="Password for HTTP basic authentication (kept secret)."
    )
    timeout_seconds: float = Field(
        default=10.0,
        gt=0.0,
        le=300.0,
        description=(
            "Timeout of one request; a timed-out or refused request raises a retryable "
            "SearchUnavailableError."
        ),
    )


SearchConfig = Annotated[
    EmbeddedSearchConfig | MemorySearchConfig | ElasticSearchConfig,
    Field(discriminator="backend", description="Which full-text index backend to use."),
]
