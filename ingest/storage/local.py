"""A content-addressed archive in a local (or mounted) directory.

Objects live at ``root/<key>`` with keys from :func:`ingest.storage.base.content_key`
(``ab/cd/abcd...<suffix>``). Writes go to a hidden temporary file in the
object's own directory, are fsynced, renamed into place with ``os.replace`` and
the directory is fsynced, so after a crash an object is either complete or
absent. Reads verify the SHA-256 encoded in the key.

The root directory is never created implicitly: a missing root usually means an
unmounted share, and writing into the empty mount point would lose data.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ingest.errors import (
    ChecksumMismatchError,
    ObjectNotFoundError,
    ReasonCode,
    StorageError,
)
from ingest.storage.base import CHUNK, StoredObject, content_key, sha256_file

log = logging.getLogger(__name__)

_KEY_RE = re.compile(r"([0-9a-f]{2})/([0-9a-f]{2})/([0-9a-f]{64})((?:\.[a-z0-9]{1,16}){0,3})")
_TMP_PREFIX = ".tmp-"
FILE_MODE = 0o640


class InvalidKeyError(StorageError, ValueError):
    """A key that is not a well-formed content key (e.g. ``../../etc/passwd``)."""

    code = ReasonCode.UNSAFE_NAME
    retryable = False


def key_sha256(key: str) -> str:
    """The SHA-256 a content key names; InvalidKeyError for anything else.

    Only keys of the exact form ``content_key`` produces are accepted, which
    rules out absolute paths, ``..``, backslashes, NUL bytes and hidden names.
    """
    match = _KEY_RE.fullmatch(key) if isinstance(key, str) else None
    if match is None:
        raise InvalidKeyError(f"invalid archive key {key!r}")
    first, second, sha, _suffix = match.groups()
    if sha[:2] != first or sha[2:4] != second:
        raise InvalidKeyError(f"invalid archive key {key!r}: prefix does not match checksum")
    return sha


def validate_key(key: str) -> str:
    """Return ``key`` unchanged if it is a valid content key, else raise InvalidKeyError."""
    key_sha256(key)
    return key


class LocalArchiveStore:
    """ArchiveStore on a local directory: atomic writes, fsync, verified reads."""

    def __init__(self, root: Path) -> None:
        self._root = Path(root)

    @property
    def root(self) -> Path:
        return self._root

    def __repr__(self) -> str:
        return f"LocalArchiveStore({str(self._root)!r})"

    def put_file(self, path: Path, *, suffix: str, content_type: str) -> StoredObject:
        """Store ``path`` under its content key; no rewrite if the object is intact.

        ``content_type`` is not persisted by this backend (the suffix carries the type).
        """
        try:
            sha = sha256_file(path)
            size = path.stat().st_size
        except OSError as e:
            raise StorageError(f"cannot read {path}: {e}") from e
        try:
            key = validate_key(content_key(sha, suffix))
        except ValueError as e:
            raise InvalidKeyError(f"cannot make a key for suffix {suffix!r}: {e}") from e
        target = self._object_path(key)
        if self._intact(target, sha):
            log.debug("archive object %s already present; not rewritten", key)
            return StoredObject(key=key, sha256=sha, size=size)
        self._require_root()
        try:
            self._make_dirs(target.parent)
            with path.open("rb") as src:
                written_sha = _atomic_write(src, target)
        except OSError as e:
            raise _storage_error(f"cannot store {path} as {key}", e) from e
        if written_sha != sha:
            raise ChecksumMismatchError(f"{path} changed while it was being stored as {key}")
        log.info("stored %s (%d bytes) as %s", path.name, size, key)
        return StoredObject(key=key, sha256=sha, size=size)

    def get_bytes(self, key: str) -> bytes:
        sha = key_sha256(key)
        target = self._object_path(key)
        try:
            data = target.read_bytes()
        except FileNotFoundError as e:
            raise ObjectNotFoundError(f"no archive object {key}") from e
        except OSError as e:
            raise _storage_error(f"cannot read archive object {key}", e) from e
        if hashlib.sha256(data).hexdigest() != sha:
            raise ChecksumMismatchError(f"archive object {key} does not match its checksum")
        return data

    def copy_to(self, key: str, dest: Path) -> None:
        """Write the object to ``dest`` atomically; nothing is left at ``dest`` on mismatch."""
        sha = key_sha256(key)
        target = self._object_path(key)
        try:
            src = target.open("rb")
        except FileNotFoundError as e:
            raise ObjectNotFoundError(f"no archive object {key}") from e
        except OSError as e:
            raise _storage_error(f"cannot read archive object {key}", e) from e
        try:
            with src:
                _atomic_write(src, dest, expected_sha=sha)
        except OSError as e:
            raise _storage_error(f"cannot copy archive object {key} to {dest}", e) from e

    def exists(self, key: str) -> bool:
        validate_key(key)
        return self._object_path(key).is_file()

    def delete(self, key: str) -> None:
        """Remove the object; deleting a missing object is a no-op (idempotent)."""
        validate_key(key)
        target = self._object_path(key)
        try:
            target.unlink()
        except FileNotFoundError:
            return
        except OSError as e:
            raise _storage_error(f"cannot delete archive object {key}", e) from e
        _fsync_dir(target.parent)

    def iter_keys(self) -> Iterator[str]:
        """Keys of all stored objects, sorted; temporary files are skipped."""
        if not self._root.is_dir():
            raise StorageError(f"archive root {self._root} is not a directory")
        keys: list[str] = []
        for dirpath, dirnames, filenames in os.walk(self._root):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            rel = Path(dirpath).relative_to(self._root)
            for name in filenames:
                key = (rel / name).as_posix()
                if _KEY_RE.fullmatch(key):
                    keys.append(key)
        yield from sorted(keys)

    def check(self) -> None:
        """StorageError unless the root is an existing, writable directory."""
        self._require_root()
        try:
            fd, probe = tempfile.mkstemp(prefix=_TMP_PREFIX + "check-", dir=self._root)
            try:
                os.write(fd, b"scanstation storage check\n")
                os.fsync(fd)
            finally:
                os.close(fd)
                os.unlink(probe)
        except OSError as e:
            raise StorageError(f"archive root {self._root} is not writable: {e}") from e

    def _object_path(self, key: str) -> Path:
        return self._root.joinpath(*key.split("/"))

    def _require_root(self) -> None:
        if not self._root.exists():
            raise StorageError(
                f"archive root {self._root} does not exist (not mounted? create it first)"
            )
        if not self._root.is_dir():
            raise StorageError(f"archive root {self._root} is not a directory")

    def _intact(self, target: Path, sha: str) -> bool:
        """True if ``target`` exists with checksum ``sha``; a damaged copy is logged."""
        try:
            if not target.is_file():
                return False
            if sha256_file(target) == sha:
                return True
        except OSError as e:
            log.warning("cannot verify existing archive object %s: %s", target, e)
            return False
        log.warning("existing archive object %s is damaged; rewriting it", target)
        return False

    def _make_dirs(self, directory: Path) -> None:
        """Create ``directory`` below the root, fsyncing each parent of a new directory."""
        missing: list[Path] = []
        current = directory
        while current != self._root and not current.is_dir():
            missing.append(current)
            current = current.parent
        for new_dir in reversed(missing):
            with contextlib.suppress(FileExistsError):
                new_dir.mkdir()
            _fsync_dir(new_dir.parent)


def _atomic_write(src: BinaryIO, dest: Path, *, expected_sha: str | None = None) -> str:
    """Copy ``src`` to ``dest`` via temp file + fsync + replace + dir fsync; return the SHA-256.

    With ``expected_sha``, a mismatch raises ChecksumMismatchError and ``dest`` is untouched.
    """
    digest = hashlib.sha256()
    fd, tmp_name = tempfile.mkstemp(prefix=_TMP_PREFIX, dir=dest.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fchmod(out.fileno(), FILE_MODE)
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        if expected_sha is not None and sha != expected_sha:
            raise ChecksumMismatchError(f"content for {dest.name} does not match its checksum")
        os.replace(tmp, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(dest.parent)
    return sha


def _fsync_dir(directory: Path) -> None:
    """fsync a directory so a rename/create in it survives a crash (best effort off POSIX)."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as e:
        raise StorageError(f"cannot open directory {directory} for fsync: {e}") from e
    try:
        os.fsync(fd)
    except OSError as e:
        if e.errno not in (errno.EINVAL, errno.ENOTSUP):  # some network file systems
            raise StorageError(f"cannot fsync directory {directory}: {e}") from e
    finally:
        os.close(fd)


def _storage_error(message: str, e: OSError) -> StorageError:
    return StorageError(f"{message}: {e.strerror or e}")
