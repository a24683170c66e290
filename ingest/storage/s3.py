"""ArchiveStore on S3-compatible object storage (MinIO), via the ``minio`` client.

- Keys are content keys (``ab/cd/<sha256><suffix>``), validated like the local store.
- The SHA-256 is stored as object metadata (``x-amz-meta-sha256``); every read
  verifies the bytes against the checksum the key names.
- ``put_file`` is idempotent: a HEAD first; if an object with the same SHA-256
  metadata *and* the ETag an upload of these bytes would get is present,
  nothing is uploaded. (The expected ETag is the MD5, or for multipart uploads
  the MD5 of the part MD5s, computed locally in the same pass as the SHA-256;
  so an object overwritten behind our back is repaired without downloading.)
- Files larger than ``part_size`` are uploaded in parts (multipart upload).
- The bucket is created on first use if missing (``create_bucket=True``) with
  versioning on; with ``retention_days > 0`` it must have object lock, and
  every new object gets governance-mode retention for that many days.
  ``delete`` then only adds a delete marker; locked versions stay.
- Transient failures (connection refused/reset, timeouts, HTTP 5xx) are retried
  with exponential backoff and jitter within a bounded budget, then raised as a
  retryable :class:`StorageError`. Wrong credentials, a missing bucket or
  missing permissions raise :class:`S3ConfigurationError` (not retryable).

Checksums and ETags are in :mod:`ingest.storage.s3_integrity`, bucket set-up in
:mod:`ingest.storage.s3_bucket`, error translation and retries in
:mod:`ingest.storage.s3_errors`.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import certifi
import urllib3
from minio import Minio
from minio.commonconfig import GOVERNANCE
from minio.helpers import check_bucket_name
from minio.retention import Retention

from ingest.errors import ChecksumMismatchError, ObjectNotFoundError
from ingest.storage.base import CHUNK, StoredObject, content_key
from ingest.storage.local import InvalidKeyError, key_sha256, validate_key
from ingest.storage.retry import RetryPolicy
from ingest.storage.s3_bucket import BucketSetup
from ingest.storage.s3_errors import S3ConfigurationError, S3RequestError, call_s3
from ingest.storage.s3_integrity import (
    SHA_HEADER,
    SHA_METADATA,
    LocalDigest,
    check_metadata,
    digest_file,
    sha256_of,
    stream_to,
)

__all__ = [
    "DEFAULT_PART_SIZE",
    "MAX_PART_SIZE",
    "MIN_PART_SIZE",
    "SHA_HEADER",
    "SHA_METADATA",
    "MiB",
    "S3ArchiveStore",
    "S3ConfigurationError",
    "S3RequestError",
]

log = logging.getLogger(__name__)

T = TypeVar("T")

MiB = 1024 * 1024
DEFAULT_PART_SIZE = 16 * MiB
MIN_PART_SIZE = 5 * MiB  # the S3 minimum for all parts but the last
MAX_PART_SIZE = 5 * 1024 * MiB
_LIST_PAGE = 1000


def _http_client(*, connect_timeout: float, read_timeout: float) -> urllib3.PoolManager:
    """A pool without urllib3's own retries: this module owns the retry policy."""
    return urllib3.PoolManager(
        timeout=urllib3.Timeout(connect=connect_timeout, read=read_timeout),
        maxsize=10,
        cert_reqs="CERT_REQUIRED",
        ca_certs=os.environ.get("SSL_CERT_FILE") or certifi.where(),
        retries=urllib3.Retry(total=0, redirect=0, raise_on_status=False),
    )


class S3ArchiveStore:
    """Content-addressed ArchiveStore in an S3 bucket (MinIO or any S3-compatible server)."""

    def __init__(
        self,
        endpoint: str,
        access_key: str,
        secret_key: str,
        bucket: str,
        *,
        secure: bool = False,
        region: str | None = None,
        retention_days: int = 0,
        part_size: int = DEFAULT_PART_SIZE,
        client: Minio | None = None,
        create_bucket: bool = True,
        retry: RetryPolicy | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 60.0,
    ) -> None:
        if retention_days < 0:
            raise ValueError("retention_days must be >= 0")
        if not MIN_PART_SIZE <= part_size <= MAX_PART_SIZE:
            raise ValueError(f"part_size must be between {MIN_PART_SIZE} and {MAX_PART_SIZE}")
        check_bucket_name(bucket)  # ValueError for names S3 would reject
        self._endpoint = endpoint
        self._bucket = bucket
        self._retention_days = retention_days
        self._part_size = part_size
        self._retry = retry or RetryPolicy()
        self._bucket_ready = False
        self._client = client or Minio(
            endpoint,
            access_key=access_key,
            secret_key=secret_key,
            secure=secure,
            region=region,
            http_client=_http_client(connect_timeout=connect_timeout, read_timeout=read_timeout),
        )
        self._bucket_setup = BucketSetup(
            client=self._client,
            bucket=bucket,
            endpoint=endpoint,
            region=region,
            retention_days=retention_days,
            create=create_bucket,
            retry=self._retry,
        )

    def __repr__(self) -> str:
        return f"S3ArchiveStore({self._endpoint!r}, bucket={self._bucket!r})"

    @property
    def bucket(self) -> str:
        return self._bucket

    @property
    def client(self) -> Minio:
        return self._client

    # --- ArchiveStore ---------------------------------------------------------------------------

    def put_file(self, path: Path, *, suffix: str, content_type: str) -> StoredObject:
        """Upload ``path`` under its content key unless an identical object is present."""
        digest = digest_file(path, self._part_size)
        try:
            key = validate_key(content_key(digest.sha256, suffix))
        except ValueError as e:
            raise InvalidKeyError(f"cannot make a key for suffix {suffix!r}: {e}") from e
        self._ensure_bucket()
        stored = StoredObject(key=key, sha256=digest.sha256, size=digest.size)
        if self._intact(key, digest):
            log.debug("archive object %s already present; not uploaded", key)
            return stored
        retention = None
        if self._retention_days:
            until = datetime.now(UTC) + timedelta(days=self._retention_days)
            retention = Retention(GOVERNANCE, until)
        result = self._call(
            f"upload {path.name} as {key}",
            lambda: self._client.fput_object(
                self._bucket,
                key,
                str(path),
                content_type=content_type or "application/octet-stream",
                metadata={SHA_METADATA: digest.sha256},
                part_size=self._part_size,
                retention=retention,
            ),
        )
        # The file may have changed between hashing and uploading.
        etag = (result.etag or "").strip('"')
        if etag != digest.etag and self._remote_sha256(key, result.version_id) != digest.sha256:
            raise ChecksumMismatchError(
                f"{path} changed while it was being stored as {key}; "
                "the damaged upload is repaired by storing the file again"
            )
        log.info("stored %s (%d bytes) as s3://%s/%s", path.name, digest.size, self._bucket, key)
        return stored

    def get_bytes(self, key: str) -> bytes:
        sha = key_sha256(key)
        self._ensure_bucket()

        def read() -> bytes:
            response = self._client.get_object(self._bucket, key)
            try:
                check_metadata(key, sha, response.headers.get(SHA_HEADER))
                return response.read(decode_content=False)
            finally:
                response.close()
                response.release_conn()

        data = self._call(f"read {key}", read)
        if hashlib.sha256(data).hexdigest() != sha:
            raise ChecksumMismatchError(f"archive object {key} does not match its checksum")
        return data

    def copy_to(self, key: str, dest: Path) -> None:
        """Stream the object to a temp file next to ``dest``, verify, then rename into place."""
        sha = key_sha256(key)
        self._ensure_bucket()
        dest = Path(dest)

        def download() -> None:
            response = self._client.get_object(self._bucket, key)
            try:
                check_metadata(key, sha, response.headers.get(SHA_HEADER))
                stream_to(response.stream(CHUNK, decode_content=False), dest, sha, key)
            finally:
                response.close()
                response.release_conn()

        self._call(f"copy {key} to {dest}", download)

    def exists(self, key: str) -> bool:
        validate_key(key)
        self._ensure_bucket()
        try:
            self._call(f"stat {key}", lambda: self._client.stat_object(self._bucket, key))
        except ObjectNotFoundError:
            return False
        return True

    def delete(self, key: str) -> None:
        """Remove the object (a delete marker when versioned); missing objects are a no-op."""
        validate_key(key)
        self._ensure_bucket()
        with contextlib.suppress(ObjectNotFoundError):
            self._call(f"delete {key}", lambda: self._client.remove_object(self._bucket, key))

    def iter_keys(self) -> Iterator[str]:
        """Content keys of all current objects, sorted; other names are skipped."""
        self._ensure_bucket()
        last: str | None = None
        while True:
            batch = self._call("list objects", functools.partial(self._list_page, last))
            for name in batch:
                with contextlib.suppress(InvalidKeyError):
                    yield validate_key(name)
            if len(batch) < _LIST_PAGE:
                return
            last = batch[-1]

    def _list_page(self, start_after: str | None) -> list[str]:
        names: list[str] = []
        objects = self._client.list_objects(self._bucket, recursive=True, start_after=start_after)
        for obj in objects:
            if obj.object_name is not None:
                names.append(obj.object_name)
            if len(names) >= _LIST_PAGE:
                break
        return names

    def check(self) -> None:
        """Raise StorageError unless the server is reachable, the credentials work and
        the bucket exists (or can be created) with the required features."""
        self._bucket_ready = False
        self._ensure_bucket()

    # --- internals ------------------------------------------------------------------------------

    def _intact(self, key: str, digest: LocalDigest) -> bool:
        """True if ``key`` holds exactly these bytes (by SHA metadata, size and ETag)."""
        try:
            stat = self._call(f"stat {key}", lambda: self._client.stat_object(self._bucket, key))
        except ObjectNotFoundError:
            return False
        meta = stat.metadata.get(SHA_HEADER) if stat.metadata is not None else None
        if (meta or "").lower() == digest.sha256 and stat.size == digest.size:
            if (stat.etag or "").strip('"') == digest.etag:
                return True
            # Not an MD5 ETag (server-side encryption, compression) or damaged: read it.
            if self._remote_sha256(key, stat.version_id) == digest.sha256:
                return True
        if meta is not None:
            log.warning("archive object %s does not match its checksum; uploading again", key)
        return False

    def _remote_sha256(self, key: str, version_id: str | None) -> str:
        """SHA-256 of the stored bytes (downloads the object; used only when ETags can't tell)."""

        def read() -> str:
            response = self._client.get_object(self._bucket, key, version_id=version_id)
            try:
                return sha256_of(response.stream(CHUNK, decode_content=False))
            finally:
                response.close()
                response.release_conn()

        return self._call(f"read {key} to verify it", read)

    def _ensure_bucket(self) -> None:
        """Make sure the bucket exists with the required features, once."""
        if self._bucket_ready:
            return
        self._bucket_setup.ensure()
        self._bucket_ready = True

    def _call(self, what: str, fn: Callable[[], T]) -> T:
        """Run one S3 operation with retries; translate every failure into a StorageError."""
        return call_s3(what, fn, policy=self._retry, endpoint=self._endpoint, bucket=self._bucket)
