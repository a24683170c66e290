"""S3ArchiveStore against the real MinIO of ``scripts/services/minio.sh``.

The behaviour every store shares is in test_storage_contract.py; this file
covers what only S3 has: credentials, bucket features (versioning, object
lock), multipart uploads, retries and an outage of the real server.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from minio import Minio
from minio.commonconfig import ENABLED, GOVERNANCE
from minio.deleteobjects import DeleteObject
from minio.error import S3Error, ServerError

from ingest.errors import StorageError
from ingest.storage.retry import RetryPolicy
from ingest.storage.s3 import S3ArchiveStore, S3ConfigurationError
from tests import services, services_env

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
MINIO_SCRIPT = REPO / "scripts" / "services" / "minio.sh"
FAST_RETRY = RetryPolicy(attempts=3, base_delay=0.05, max_delay=0.2, budget=1.0)


@pytest.fixture(scope="module")
def svc() -> services_env.S3Service:
    svc = services_env.s3()
    if not services_env.reachable(svc.host, svc.port):
        services.missing(f"MinIO at {svc.endpoint}")
    return svc


@pytest.fixture
def admin(svc: services_env.S3Service) -> Minio:
    return Minio(svc.endpoint, svc.access_key, svc.secret_key, secure=svc.secure)


@pytest.fixture
def bucket(admin: Minio) -> Iterator[str]:
    """A fresh bucket name; the bucket (all versions, even locked ones) is removed afterwards."""
    name = f"s3test-{uuid.uuid4().hex[:16]}"
    yield name
    if not admin.bucket_exists(name):
        return
    versions = [
        DeleteObject(o.object_name, o.version_id)
        for o in admin.list_objects(name, recursive=True, include_version=True)
        if o.object_name is not None
    ]
    errors = list(admin.remove_objects(name, versions, bypass_governance_mode=True))
    assert errors == []
    admin.remove_bucket(name)


def _store(svc: services_env.S3Service, bucket: str, **kwargs: object) -> S3ArchiveStore:
    return S3ArchiveStore(svc.endpoint, svc.access_key, svc.secret_key, bucket, **kwargs)  # type: ignore[arg-type]


def _file(path: Path, size: int, seed: int = 0) -> Path:
    """``size`` bytes of deterministic, incompressible content."""
    out = bytearray()
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        counter += 1
    path.write_bytes(bytes(out[:size]))
    return path


def _versions(admin: Minio, bucket: str, key: str) -> list[str | None]:
    return [o.version_id for o in admin.list_objects(bucket, prefix=key, include_version=True)]


# --- start-up checks ---------------------------------------------------------------------------


def test_wrong_secret_key_is_a_clear_permanent_error(
    svc: services_env.S3Service, bucket: str
) -> None:
    store = S3ArchiveStore(svc.endpoint, svc.access_key, "not-the-secret", bucket)
    with pytest.raises(S3ConfigurationError) as info:
        store.check()
    assert info.value.retryable is False
    assert "SignatureDoesNotMatch" in str(info.value)
    assert "secret_key" in str(info.value)


def test_unknown_access_key_is_a_clear_permanent_error(
    svc: services_env.S3Service, bucket: str, tmp_path: Path
) -> None:
    store = S3ArchiveStore(svc.endpoint, "nobody", "not-the-secret", bucket)
    with pytest.raises(S3ConfigurationError) as info:
        store.check()
    assert info.value.retryable is False
    assert "InvalidAccessKeyId" in str(info.value)
    assert "access_key" in str(info.value)
    with pytest.raises(S3ConfigurationError, match="access_key"):
        store.put_file(_file(tmp_path / "a.pdf", 100), suffix=".pdf", content_type="x")


def test_missing_bucket_without_auto_create(
    svc: services_env.S3Service, bucket: str, admin: Minio
) -> None:
    store = _store(svc, bucket, create_bucket=False)
    with pytest.raises(S3ConfigurationError, match=f"bucket '{bucket}' does not exist") as info:
        store.check()
    assert info.value.retryable is False
    assert not admin.bucket_exists(bucket)


def test_unreachable_server_is_retryable() -> None:
    store = S3ArchiveStore("127.0.0.1:1", "a", "b", "some-bucket", retry=FAST_RETRY)
    with pytest.raises(StorageError, match="unavailable") as info:
        store.check()
    assert info.value.retryable is True


# --- bucket features ---------------------------------------------------------------------------


def test_bucket_created_with_versioning(
    svc: services_env.S3Service, bucket: str, admin: Minio, tmp_path: Path
) -> None:
    store = _store(svc, bucket)
    store.check()
    assert admin.get_bucket_versioning(bucket).status == ENABLED
    path = _file(tmp_path / "a.pdf", 1000)
    obj = store.put_file(path, suffix=".pdf", content_type="application/pdf")
    store.put_file(path, suffix=".pdf", content_type="application/pdf")
    assert len(_versions(admin, bucket, obj.key)) == 1  # idempotent: no second upload
    stat = admin.stat_object(bucket, obj.key)
    assert stat.metadata is not None
    assert stat.metadata["x-amz-meta-sha256"] == obj.sha256
    assert stat.content_type == "application/pdf"


def test_object_lock_retention(
    svc: services_env.S3Service, bucket: str, admin: Minio, tmp_path: Path
) -> None:
    store = _store(svc, bucket, retention_days=3)
    store.check()
    assert admin.get_object_lock_config(bucket) is not None
    assert admin.get_bucket_versioning(bucket).status == ENABLED
    obj = store.put_file(_file(tmp_path / "a.pdf", 2000), suffix=".pdf", content_type="x")
    retention = admin.get_object_retention(bucket, obj.key)
    assert retention is not None
    assert retention.mode == GOVERNANCE
    until = retention.retain_until_date
    assert until is not None
    expected = datetime.now(UTC) + timedelta(days=3)
    assert abs((until - expected).total_seconds()) < 300
    # The locked version cannot be removed without bypassing governance ...
    (version,) = _versions(admin, bucket, obj.key)
    with pytest.raises(S3Error) as info:
        admin.remove_object(bucket, obj.key, version_id=version)
    # MinIO: InvalidRequest "Object is WORM protected and cannot be overwritten"; AWS: AccessDenied
    assert info.value.code in {"InvalidRequest", "AccessDenied"}, info.value
    # ... and a delete only hides it behind a delete marker.
    store.delete(obj.key)
    assert not store.exists(obj.key)
    assert admin.stat_object(bucket, obj.key, version_id=version).size == 2000


def test_retention_needs_a_bucket_with_object_lock(
    svc: services_env.S3Service, bucket: str
) -> None:
    _store(svc, bucket).check()  # created without object lock
    with pytest.raises(S3ConfigurationError, match="without object lock") as info:
        _store(svc, bucket, retention_days=1).check()
    assert info.value.retryable is False


# --- uploads -----------------------------------------------------------------------------------


def test_multipart_upload_of_large_file(
    svc: services_env.S3Service, bucket: str, admin: Minio, tmp_path: Path
) -> None:
    part = 5 * 1024 * 1024
    path = _file(tmp_path / "big.tif", 21 * 1024 * 1024 + 123)
    store = _store(svc, bucket, part_size=part)
    obj = store.put_file(path, suffix=".tif", content_type="image/tiff")
    stat = admin.stat_object(bucket, obj.key)
    assert stat.size == path.stat().st_size
    assert (stat.etag or "").endswith("-5")  # uploaded in 5 parts
    assert stat.metadata is not None
    assert stat.metadata["x-amz-meta-sha256"] == obj.sha256
    store.put_file(path, suffix=".tif", content_type="image/tiff")
    assert len(_versions(admin, bucket, obj.key)) == 1  # the multipart ETag is recognised
    # Another part size gives another ETag: the store reads the object to decide, no upload.
    _store(svc, bucket, part_size=16 * 1024 * 1024).put_file(path, suffix=".tif", content_type="x")
    assert len(_versions(admin, bucket, obj.key)) == 1
    dest = tmp_path / "copy.tif"
    store.copy_to(obj.key, dest)
    assert dest.read_bytes() == path.read_bytes()


def test_transient_5xx_is_retried(
    svc: services_env.S3Service, bucket: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store(svc, bucket, retry=FAST_RETRY)
    obj = store.put_file(_file(tmp_path / "a.pdf", 100), suffix=".pdf", content_type="x")
    real = store.client.get_object
    calls = 0

    def flaky(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ServerError("server failed with HTTP status code 503", 503)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store.client, "get_object", flaky)
    assert len(store.get_bytes(obj.key)) == 100
    assert calls == 2


# --- outage of the real server -----------------------------------------------------------------


def _minio(command: str) -> None:
    subprocess.run([str(MINIO_SCRIPT), command], check=True, timeout=120, capture_output=True)


@pytest.fixture
def managed_minio(svc: services_env.S3Service) -> None:
    """Only when the MinIO under test is the one our script runs (it will be stopped)."""
    if os.environ.get("SCANSTATION_TEST_S3_ENDPOINT") not in (None, "127.0.0.1:59000"):
        pytest.skip("SCANSTATION_TEST_S3_ENDPOINT points at a MinIO the script does not manage")
    status = subprocess.run([str(MINIO_SCRIPT), "status"], capture_output=True, timeout=30)
    if status.returncode != 0:
        services.missing("MinIO started by scripts/services/minio.sh")


@pytest.mark.slow
@pytest.mark.usefixtures("managed_minio")
def test_outage_is_retryable_and_recovers(
    svc: services_env.S3Service, bucket: str, tmp_path: Path
) -> None:
    store = _store(svc, bucket, retry=FAST_RETRY)
    store.check()
    first = _file(tmp_path / "first.pdf", 5000, seed=1)
    second = _file(tmp_path / "second.pdf", 5000, seed=2)
    before = store.put_file(first, suffix=".pdf", content_type="application/pdf")
    try:
        _minio("stop")
        with pytest.raises(StorageError) as info:
            store.put_file(second, suffix=".pdf", content_type="application/pdf")
        assert info.value.retryable is True
        assert "unavailable" in str(info.value)
        with pytest.raises(StorageError) as info:
            store.check()
        assert info.value.retryable is True
    finally:
        _minio("start")
    after = store.put_file(second, suffix=".pdf", content_type="application/pdf")
    assert store.get_bytes(after.key) == second.read_bytes()
    assert sorted(store.iter_keys()) == sorted([before.key, after.key])


# --- the retry helper (no server needed) -------------------------------------------------------


def test_retry_backs_off_then_gives_up_within_budget() -> None:
    from ingest.storage.retry import RetriesExhausted, call_with_retry

    now = [0.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    def fail() -> None:
        raise ConnectionRefusedError("refused")

    policy = RetryPolicy(attempts=10, base_delay=1.0, max_delay=8.0, budget=5.0)
    with pytest.raises(RetriesExhausted) as info:
        call_with_retry(
            fail,
            policy=policy,
            is_transient=lambda e: True,
            what="x",
            sleep=sleep,
            clock=lambda: now[0],
        )
    assert now[0] <= 5.0
    assert all(0 <= d <= min(8.0, 2**i) for i, d in enumerate(sleeps))
    assert isinstance(info.value.__cause__, ConnectionRefusedError)


def test_retry_does_not_repeat_permanent_errors() -> None:
    from ingest.storage.retry import call_with_retry

    calls = 0

    def fail() -> None:
        nonlocal calls
        calls += 1
        raise ValueError("permanent")

    with pytest.raises(ValueError):
        call_with_retry(fail, policy=RetryPolicy(), is_transient=lambda e: False, what="x")
    assert calls == 1
