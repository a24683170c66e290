"""Failure handling of the S3 store: which errors are transient, and what
every ``minio``/``urllib3`` failure becomes as a :class:`StorageError`.

- Transient failures (connection refused/reset, timeouts, HTTP 5xx) are retried
  by :func:`call_s3` within the retry policy's budget, then raised as a
  retryable :class:`StorageError`.
- Wrong credentials, a missing bucket or missing permissions become
  :class:`S3ConfigurationError`; other rejected requests :class:`S3RequestError`
  (neither is retryable); a missing object :class:`ObjectNotFoundError`.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import TypeVar

import urllib3
from minio.error import InvalidResponseError, MinioException, S3Error, ServerError

from ingest.errors import ObjectNotFoundError, StorageError
from ingest.storage.retry import RetriesExhausted, RetryPolicy, call_with_retry

T = TypeVar("T")

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


def is_transient(e: BaseException) -> bool:
    """True for failures worth retrying: connection problems, timeouts, HTTP 5xx."""
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


def call_s3(
    what: str, fn: Callable[[], T], *, policy: RetryPolicy, endpoint: str, bucket: str
) -> T:
    """Run one S3 operation with retries; translate every failure into a StorageError."""
    try:
        return call_with_retry(fn, policy=policy, is_transient=is_transient, what=what)
    except RetriesExhausted as e:
        raise StorageError(
            f"cannot {what}: S3 server {endpoint} unavailable "
            f"({e.attempts} attempt(s) in {e.elapsed:.1f}s): {e.last}"
        ) from e.last
    except S3Error as e:
        raise translate_s3_error(what, e, endpoint=endpoint, bucket=bucket) from e
    except (MinioException, urllib3.exceptions.HTTPError) as e:
        raise S3RequestError(f"cannot {what} on {endpoint}: {e}") from e


def translate_s3_error(what: str, e: S3Error, *, endpoint: str, bucket: str) -> StorageError:
    """The StorageError for an error response of the server (raise it ``from e``)."""
    code = e.code or ""
    if code == "AccessDenied":  # HEAD responses carry no body; MinIO names the cause here
        code = e.response.headers.get("x-minio-error-code") or code
    if code in _CREDENTIAL_CODES:
        return S3ConfigurationError(
            f"cannot {what}: {endpoint} rejected the credentials ({code}): "
            f"{_CREDENTIAL_CODES[code]}"
        )
    if code == "NoSuchBucket":
        return S3ConfigurationError(
            f"cannot {what}: bucket {bucket!r} does not exist on {endpoint} (check archive.bucket)"
        )
    if code == "AccessDenied":
        return S3ConfigurationError(
            f"cannot {what}: access denied on bucket {bucket!r} at {endpoint} "
            "(the access key lacks permissions for this bucket)"
        )
    if code in _NOT_FOUND_CODES:
        return ObjectNotFoundError(f"no archive object {e.object_name or ''}".rstrip())
    return S3RequestError(f"cannot {what} on {endpoint}: {code}: {e.message}")


def caused_by(e: BaseException, code: str) -> bool:
    """True if ``e`` was raised from an S3 error response with this code."""
    cause = e.__cause__
    return isinstance(cause, S3Error) and cause.code == code
