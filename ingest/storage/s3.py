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
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import socket
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import certifi
import urllib3
from minio import Minio
from minio.commonconfig import ENABLED, GOVERNANCE
from minio.error import InvalidResponseError, MinioException, S3Error, ServerError
from minio.helpers import check_bucket_name
from minio.retention import Retention
from minio.versioningconfig import VersioningConfig

from ingest.errors import ChecksumMismatchError, ObjectNotFoundError, StorageError
from ingest.storage.base import CHUNK, StoredObject, content_key
from ingest.storage.local import InvalidKeyError, key_sha256, validate_key
from ingest.storage.retry import RetriesExhausted, RetryPolicy, call_with_retry

log = logging.getLogger(__name__)

T = TypeVar("T")

MiB = 1024 * 1024
DEFAULT_PART_SIZE = 16 * MiB
MIN_PART_SIZE = 5 * MiB  # the S3 minimum for all parts but the last
MAX_PART_SIZE = 5 * 1024 * MiB
SHA_METADATA = "sha256"  # sent as x-amz-meta-sha256
SHA_HEADER = "x-amz-meta-sha256"
_TMP_PREFIX = ".tmp-"
_LIST_PAGE = 1000

_CREDENTIAL_CODES = {
    "InvalidAccessKeyId": "the access key is unknown to the server: check archive.access_key",
    "SignatureDoesNotMatch": "the secret key is wrong: check archive.secret_key",
    "InvalidToken": "the session token is invalid: check the S3 credentials",
    "ExpiredToken": "the session token has expired: check the S3 credentials",
}
_TRANSIENT_CODES = {
    "InternalError",
    "ServiceUnavailable",
    "SlowDown",
    "RequestTimeout",
    "RequestTimeTooSkewed",
    "OperationTimedOut",
    "XMinioServerNotInitialized",
    "XMinioReadQuorum",
    "XMinioWriteQuorum",
}
_NOT_FOUND_CODES = {"NoSuchKey", "NoSuchVersion", "ResourceNotFound"}


class S3ConfigurationError(StorageError):
    """The store is misconfigured (credentials, bucket, permissions): retrying won't help."""

    retryable = False


class S3RequestError(StorageError):
    """The server rejected a request for a reason that retrying will not change."""

    retryable = False


@dataclass(frozen=True, slots=True)
class _LocalDigest:
    sha256: str
    etag: str  # the ETag S3 gives an upload of these bytes with our part size
    size: int


def _is_transient(e: BaseException) -> bool:
    if isinstance(e, S3Error):
        return e.code in _TRANSIENT_CODES or e.response.status >= 500
    if isinstance(e, ServerError):
        return e.status_code >= 500
    if isinstance(e, InvalidResponseError):
        return "Response code: 5" in str(e)
    if isinstance(e, urllib3.exceptions.LocationValueError):
        return False
    return isinstance(
        e, urllib3.exceptions.HTTPError | ConnectionError | TimeoutError | socket.timeout
    )


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
        self._region = region
        self._retention_days = retention_days
        self._part_size = part_size
        self._create_bucket = create_bucket
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
        digest = self._digest(path)
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
                _check_metadata(key, sha, response.headers.get(SHA_HEADER))
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
                _check_metadata(key, sha, response.headers.get(SHA_HEADER))
                _stream_to(response.stream(CHUNK, decode_content=False), dest, sha, key)
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

    def _digest(self, path: Path) -> _LocalDigest:
        """SHA-256, size and expected ETag of ``path`` in one pass."""
        sha = hashlib.sha256()
        part_md5s: list[bytes] = []
        size = 0
        try:
            with Path(path).open("rb") as fh:
                while True:
                    part = hashlib.md5(usedforsecurity=False)
                    remaining = self._part_size
                    while remaining and (chunk := fh.read(min(CHUNK, remaining))):
                        sha.update(chunk)
                        part.update(chunk)
                        remaining -= len(chunk)
                    read = self._part_size - remaining
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
        return _LocalDigest(sha256=sha.hexdigest(), etag=etag, size=size)

    def _intact(self, key: str, digest: _LocalDigest) -> bool:
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
                digest = hashlib.sha256()
                for chunk in response.stream(CHUNK, decode_content=False):
                    digest.update(chunk)
                return digest.hexdigest()
            finally:
                response.close()
                response.release_conn()

        return self._call(f"read {key} to verify it", read)

    def _ensure_bucket(self) -> None:
        """Make sure the bucket exists with versioning (and object lock if needed), once.

        A GET (bucket versioning) rather than a HEAD probes the bucket, because
        only GET error responses say *why* a request failed (wrong access key vs.
        wrong secret vs. missing permission).
        """
        if self._bucket_ready:
            return
        try:
            versioning = self._call(
                f"look up bucket {self._bucket}",
                lambda: self._client.get_bucket_versioning(self._bucket),
            )
        except S3ConfigurationError as e:
            if not _caused_by(e, "NoSuchBucket"):
                raise
            if not self._create_bucket:
                raise S3ConfigurationError(
                    f"bucket {self._bucket!r} does not exist on {self._endpoint} "
                    "(create it, fix archive.bucket, or enable bucket creation)"
                ) from e.__cause__
            self._make_bucket()
        else:
            if self._retention_days:
                self._require_object_lock()
            if versioning.status != ENABLED:
                log.warning("enabling versioning on existing bucket %s", self._bucket)
                self._enable_versioning()
        self._bucket_ready = True

    def _enable_versioning(self) -> None:
        self._call(
            f"enable versioning on {self._bucket}",
            lambda: self._client.set_bucket_versioning(self._bucket, VersioningConfig(ENABLED)),
        )

    def _make_bucket(self) -> None:
        lock = self._retention_days > 0
        log.info("creating bucket %s on %s (object lock: %s)", self._bucket, self._endpoint, lock)
        try:
            self._call(
                f"create bucket {self._bucket}",
                lambda: self._client.make_bucket(
                    self._bucket, location=self._region, object_lock=lock
                ),
            )
        except S3RequestError as e:
            if not _caused_by(e, "BucketAlreadyOwnedByYou"):  # lost a creation race: fine
                raise
        if not lock:  # object lock implies versioning
            self._enable_versioning()

    def _require_object_lock(self) -> None:
        try:
            self._call(
                f"read the object lock configuration of {self._bucket}",
                lambda: self._client.get_object_lock_config(self._bucket),
            )
        except S3RequestError as e:
            if _caused_by(e, "ObjectLockConfigurationNotFoundError"):
                raise S3ConfigurationError(
                    f"bucket {self._bucket!r} was created without object lock, but "
                    f"archive.retention_days={self._retention_days} needs it (object lock can "
                    "only be enabled when a bucket is created: use a new bucket)"
                ) from e.__cause__
            raise

    def _call(self, what: str, fn: Callable[[], T]) -> T:
        """Run one S3 operation with retries; translate every failure into a StorageError."""
        try:
            return call_with_retry(fn, policy=self._retry, is_transient=_is_transient, what=what)
        except RetriesExhausted as e:
            raise StorageError(
                f"cannot {what}: S3 server {self._endpoint} unavailable "
                f"({e.attempts} attempt(s) in {e.elapsed:.1f}s): {e.last}"
            ) from e.last
        except S3Error as e:
            raise self._s3_error(what, e) from e
        except (MinioException, urllib3.exceptions.HTTPError) as e:
            raise S3RequestError(f"cannot {what} on {self._endpoint}: {e}") from e

    def _s3_error(self, what: str, e: S3Error) -> StorageError:
        code = e.code or ""
        if code == "AccessDenied":  # HEAD responses carry no body; MinIO names the cause here
            code = e.response.headers.get("x-minio-error-code") or code
        if code in _CREDENTIAL_CODES:
            return S3ConfigurationError(
                f"cannot {what}: {self._endpoint} rejected the credentials ({code}): "
                f"{_CREDENTIAL_CODES[code]}"
            )
        if code == "NoSuchBucket":
            return S3ConfigurationError(
                f"cannot {what}: bucket {self._bucket!r} does not exist on {self._endpoint} "
                "(check archive.bucket)"
            )
        if code == "AccessDenied":
            return S3ConfigurationError(
                f"cannot {what}: access denied on bucket {self._bucket!r} at {self._endpoint} "
                "(the access key lacks permissions for this bucket)"
            )
        if code in _NOT_FOUND_CODES:
            return ObjectNotFoundError(f"no archive object {e.object_name or ''}".rstrip())
        return S3RequestError(f"cannot {what} on {self._endpoint}: {code}: {e.message}")


def _caused_by(e: BaseException, code: str) -> bool:
    cause = e.__cause__
    return isinstance(cause, S3Error) and cause.code == code


def _check_metadata(key: str, sha: str, meta: str | None) -> None:
    if meta is not None and meta.lower() != sha:
        raise ChecksumMismatchError(f"archive object {key} has checksum metadata {meta!r}")


def _stream_to(chunks: Iterator[bytes], dest: Path, sha: str, key: str) -> None:
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
