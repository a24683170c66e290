"""Checksums of the S3 store: the SHA-256 and expected ETag of a local file,
the checksum metadata on objects, and verified atomic downloads.

The SHA-256 is stored as object metadata (``x-amz-meta-sha256``). The ETag an
upload of a file gets is the MD5 of its bytes, or for multipart uploads the MD5
of the part MD5s followed by ``-<parts>``; it is computed locally in the same
pass as the SHA-256, so an intact object is recognised without downloading it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import ChecksumMismatchError, StorageError
from ingest.storage.base import CHUNK

SHA_METADATA = "sha256"  # sent as x-amz-meta-sha256
SHA_HEADER = "x-amz-meta-sha256"
_TMP_PREFIX = ".tmp-"


@dataclass(frozen=True, slots=True)
class LocalDigest:
    sha256: str
    etag: str  # the ETag S3 gives an upload of these bytes with our part size
    size: int


def digest_file(path: Path, part_size: int) -> LocalDigest:
    """SHA-256, size and expected ETag (uploads in ``part_size`` parts) of ``path`` in one pass."""
    sha = hashlib.sha256()
    part_md5s: list[bytes] = []
    size = 0
    try:
        with Path(path).open("rb") as fh:
            while True:
                part = hashlib.md5(usedforsecurity=False)
                remaining = part_size
                while remaining and (chunk := fh.read(min(CHUNK, remaining))):
                    sha.update(chunk)
                    part.update(chunk)
                    remaining -= len(chunk)
                read = part_size - remaining
                if read == 0 and part_md5s:
                    break
                part_md5s.append(part.digest())
                size += read
                if remaining:
                    break
    except OSError as e:
        raise StorageError(f"cannot read {path}: {e}") from e
    if len(part_md5s) == 1:
        etag = part_md5s[0].hex()
    else:
        joined = hashlib.md5(b"".join(part_md5s), usedforsecurity=False).hexdigest()
        etag = f"{joined}-{len(part_md5s)}"
    return LocalDigest(sha256=sha.hexdigest(), etag=etag, size=size)


def sha256_of(chunks: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def check_metadata(key: str, sha: str, meta: str | None) -> None:
    """Raise ChecksumMismatchError if the object's checksum metadata names other bytes."""
    if meta is not None and meta.lower() != sha:
        raise ChecksumMismatchError(f"archive object {key} has checksum metadata {meta!r}")


def stream_to(chunks: Iterator[bytes], dest: Path, sha: str, key: str) -> None:
    """Write ``chunks`` to ``dest`` atomically; nothing is left behind on a mismatch."""
    digest = hashlib.sha256()
    try:
        fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, dir=dest.parent)
    except OSError as e:
        raise StorageError(f"cannot write to {dest.parent}: {e}") from e
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != sha:
            raise ChecksumMismatchError(f"archive object {key} does not match its checksum")
        os.replace(tmp, dest)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise StorageError(f"cannot write {dest}: {e}") from e
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
