"""Bucket set-up of the S3 store: the bucket is created on first use if missing
(``create=True``) with versioning on; with ``retention_days > 0`` it must have
object lock (which can only be enabled when a bucket is created)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from minio import Minio
from minio.commonconfig import ENABLED
from minio.versioningconfig import VersioningConfig

from ingest.storage.retry import RetryPolicy
from ingest.storage.s3_errors import S3ConfigurationError, S3RequestError, call_s3, caused_by

# The store's logger: these messages are part of what ingest.storage.s3 logs.
log = logging.getLogger("ingest.storage.s3")

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class BucketSetup:
    """Checks (and if need be creates or repairs) the bucket ``bucket`` at ``endpoint``."""

    client: Minio
    bucket: str
    endpoint: str
    region: str | None
    retention_days: int
    create: bool
    retry: RetryPolicy

    def _call(self, what: str, fn: Callable[[], T]) -> T:
        return call_s3(what, fn, policy=self.retry, endpoint=self.endpoint, bucket=self.bucket)

    def ensure(self) -> None:
        """Make sure the bucket exists with versioning (and object lock if needed).

        A GET (bucket versioning) rather than a HEAD probes the bucket, because
        only GET error responses say *why* a request failed (wrong access key vs.
        wrong secret vs. missing permission).
        """
        try:
            versioning = self._call(
                f"look up bucket {self.bucket}",
                lambda: self.client.get_bucket_versioning(self.bucket),
            )
        except S3ConfigurationError as e:
            if not caused_by(e, "NoSuchBucket"):
                raise
            if not self.create:
                raise S3ConfigurationError(
                    f"bucket {self.bucket!r} does not exist on {self.endpoint} "
                    "(create it, fix archive.bucket, or enable bucket creation)"
                ) from e.__cause__
            self._make_bucket()
        else:
            if self.retention_days:
                self._require_object_lock()
            if versioning.status != ENABLED:
                log.warning("enabling versioning on existing bucket %s", self.bucket)
                self._enable_versioning()

    def _enable_versioning(self) -> None:
        self._call(
            f"enable versioning on {self.bucket}",
            lambda: self.client.set_bucket_versioning(self.bucket, VersioningConfig(ENABLED)),
        )

    def _make_bucket(self) -> None:
        lock = self.retention_days > 0
        log.info("creating bucket %s on %s (object lock: %s)", self.bucket, self.endpoint, lock)
        try:
            self._call(
                f"create bucket {self.bucket}",
                lambda: self.client.make_bucket(
                    self.bucket, location=self.region, object_lock=lock
                ),
            )
        except S3RequestError as e:
            if not caused_by(e, "BucketAlreadyOwnedByYou"):  # lost a creation race: fine
                raise
        if not lock:  # object lock implies versioning
            self._enable_versioning()

    def _require_object_lock(self) -> None:
        try:
            self._call(
                f"read the object lock configuration of {self.bucket}",
                lambda: self.client.get_object_lock_config(self.bucket),
            )
        except S3RequestError as e:
            if caused_by(e, "ObjectLockConfigurationNotFoundError"):
                raise S3ConfigurationError(
                    f"bucket {self.bucket!r} was created without object lock, but "
                    f"archive.retention_days={self.retention_days} needs it (object lock can "
                    "only be enabled when a bucket is created: use a new bucket)"
                ) from e.__cause__
            raise
