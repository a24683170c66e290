"""The ArchiveStore protocol: a content-addressed object store for PDFs and scans.

Keys are derived from the SHA-256 of the content (see :func:`content_key`), so
storing the same bytes twice yields the same key and no second object: ``put``
is idempotent. Every read verifies the checksum.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

CHUNK = 1024 * 1024


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def content_key(sha256: str, suffix: str) -> str:
    """The object key for content with this checksum, e.g. ``ab/cd/abcd....pdf``."""
    sha = sha256.lower()
    if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    if suffix and not suffix.startswith("."):
        suffix = "." + suffix
    return f"{sha[:2]}/{sha[2:4]}/{sha}{suffix.lower()}"


@dataclass(frozen=True, slots=True)
class StoredObject:
    key: str
    sha256: str
    size: int


@runtime_checkable
class ArchiveStore(Protocol):
    """A durable, content-addressed store."""

    def put_file(self, path: Path, *, suffix: str, content_type: str) -> StoredObject:
        """Store a file under its content key; a no-op if the same content is present."""
        ...

    def get_bytes(self, key: str) -> bytes:
        """The object's bytes, checksum-verified (ChecksumMismatchError otherwise)."""
        ...

    def copy_to(self, key: str, dest: Path) -> None:
        """Write the object to ``dest`` atomically, checksum-verified."""
        ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None: ...

    def iter_keys(self) -> Iterator[str]: ...

    def check(self) -> None:
        """Raise StorageError with a clear message when the store is unusable."""
        ...
