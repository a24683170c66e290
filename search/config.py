"""Configuration models for the search backends (a discriminated union on ``backend``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


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


SearchConfig = Annotated[
    EmbeddedSearchConfig | MemorySearchConfig,
    Field(discriminator="backend", description="Which full-text index backend to use."),
]
