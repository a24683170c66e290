"""An in-memory ArchiveStore with the same semantics as the real backends.

For fast unit tests of the pipeline. It can simulate an outage
(:meth:`MemoryArchiveStore.set_available`) so retry paths can be tested.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import ChecksumMismatchError, ObjectNotFoundError, StorageError
from ingest.storage.base import StoredObject, content_key
from ingest.storage.local import InvalidKeyError, key_sha256, validate_key


@dataclass(frozen=True, slots=True)
class MemoryObject:
    data: bytes
    content_type: str


class MemoryArchiveStore:
    """ArchiveStore held in a dict; thread-safe; verifies checksums on read."""

    def __init__(self) -> None:
        self._objects: dict[str, MemoryObject] = {}
        self._lock = threading.Lock()
        self._available = True
        self.writes = 0  # number of objects actually written (for idempotency tests)

    def set_available(self, available: bool) -> None:
        """Simulate an outage: while unavailable every operation raises StorageError."""
        self._available = available

    def content_type(self, key: str) -> str:
        """The content type given when the object was stored."""
        return self._get(key).content_type

    def put_file(self, path: Path, *, suffix: str, content_type: str) -> StoredObject:
        self._require_available()
        try:
            data = path.read_bytes()
        except OSError as e:
            raise StorageError(f"cannot read {path}: {e}") from e
        sha = hashlib.sha256(data).hexdigest()
        try:
            key = validate_key(content_key(sha, suffix))
        except ValueError as e:
            raise InvalidKeyError(f"cannot make a key for suffix {suffix!r}: {e}") from e
        with self._lock:
            existing = self._objects.get(key)
            if existing is None or hashlib.sha256(existing.data).hexdigest() != sha:
                self._objects[key] = MemoryObject(data, content_type)
                self.writes += 1
        return StoredObject(key=key, sha256=sha, size=len(data))

    def get_bytes(self, key: str) -> bytes:
        sha = key_sha256(key)
        data = self._get(key).data
        if hashlib.sha256(data).hexdigest() != sha:
            raise ChecksumMismatchError(f"archive object {key} does not match its checksum")
        return data

    def copy_to(self, key: str, dest: Path) -> None:
        data = self.get_bytes(key)
        try:
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=dest.parent)
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                os.replace(tmp, dest)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as e:
            raise StorageError(f"cannot copy archive object {key} to {dest}: {e}") from e

    def exists(self, key: str) -> bool:
        validate_key(key)
        self._require_available()
        with self._lock:
            return key in self._objects

    def delete(self, key: str) -> None:
        """Remove the object; deleting a missing object is a no-op (idempotent)."""
        validate_key(key)
        self._require_available()
        with self._lock:
            self._objects.pop(key, None)

    def iter_keys(self) -> Iterator[str]:
        self._require_available()
        with self._lock:
            keys = sorted(self._objects)
        yield from keys

    def check(self) -> None:
        self._require_available()

    def _get(self, key: str) -> MemoryObject:
        validate_key(key)
        self._require_available()
        with self._lock:
            obj = self._objects.get(key)
        if obj is None:
            raise ObjectNotFoundError(f"no archive object {key}")
        return obj

    def _require_available(self) -> None:
        if not self._available:
            raise StorageError("memory archive store is unavailable (simulated outage)")
