"""One contract suite for every ArchiveStore backend.

To add a backend (S3/MinIO, ...), add a factory to ``BACKENDS`` that returns a
:class:`Harness`: the store plus a ``corrupt(key)`` hook that damages the
stored bytes behind the store's back, the way that backend can be damaged.
Factories for real services call ``tests.services.missing(...)`` when the
service is not available.
"""

from __future__ import annotations

import hashlib
import io
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ingest.errors import ChecksumMismatchError, IngestError, ObjectNotFoundError, StorageError
from ingest.storage.base import ArchiveStore, content_key
from ingest.storage.local import InvalidKeyError, LocalArchiveStore
from ingest.storage.memory import MemoryArchiveStore, MemoryObject
from tests import services, services_env


def _no_cleanup() -> None:
    return None


@dataclass(frozen=True)
class Harness:
    store: ArchiveStore
    corrupt: Callable[[str], None]
    cleanup: Callable[[], None] = field(default=_no_cleanup)


def _memory(tmp_path: Path) -> Harness:
    store = MemoryArchiveStore()

    def corrupt(key: str) -> None:
        old = store._objects[key]
        store._objects[key] = MemoryObject(old.data[:-1] + b"X", old.content_type)

    return Harness(store, corrupt)


def _local(tmp_path: Path) -> Harness:
    root = tmp_path / "archive"
    root.mkdir()
    store = LocalArchiveStore(root)

    def corrupt(key: str) -> None:
        path = root.joinpath(*key.split("/"))
        with path.open("r+b") as fh:  # flip one byte in place, same size
            fh.seek(-1, os.SEEK_END)
            last = fh.read(1)
            fh.seek(-1, os.SEEK_END)
            fh.write(bytes([last[0] ^ 0xFF]))

    return Harness(store, corrupt)


def _s3(tmp_path: Path) -> Harness:
    """A fresh bucket on the MinIO of scripts/services/minio.sh (removed afterwards)."""
    from ingest.storage.s3 import SHA_METADATA, S3ArchiveStore

    svc = services_env.s3()
    if not services_env.reachable(svc.host, svc.port):
        services.missing(f"MinIO at {svc.endpoint}")
    bucket = f"contract-{uuid.uuid4().hex[:16]}"
    store = S3ArchiveStore(svc.endpoint, svc.access_key, svc.secret_key, bucket)
    client = store.client

    def corrupt(key: str) -> None:
        """Overwrite the object with wrong bytes of the same size, keeping the old sha metadata."""
        response = client.get_object(bucket, key)
        try:
            data = response.read()
            meta = response.headers[f"x-amz-meta-{SHA_METADATA}"]
        finally:
            response.close()
            response.release_conn()
        bad = data[:-1] + bytes([data[-1] ^ 0xFF])
        client.put_object(bucket, key, io.BytesIO(bad), len(bad), metadata={SHA_METADATA: meta})

    def cleanup() -> None:
        if not client.bucket_exists(bucket):
            return
        for obj in client.list_objects(bucket, recursive=True, include_version=True):
            assert obj.object_name is not None
            client.remove_object(bucket, obj.object_name, version_id=obj.version_id)
        client.remove_bucket(bucket)

    return Harness(store, corrupt, cleanup)


BACKENDS: dict[str, Callable[[Path], Harness]] = {
    "memory": _memory,
    "local": _local,
    "s3": _s3,
}


@pytest.fixture(params=sorted(BACKENDS))
def harness(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Harness]:
    harness = BACKENDS[request.param](tmp_path)
    try:
        yield harness
    finally:
        harness.cleanup()


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "letter.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 50 + b"\n%%EOF\n")
    return path


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_is_an_archive_store(harness: Harness) -> None:
    assert isinstance(harness.store, ArchiveStore)


def test_put_returns_content_key(harness: Harness, sample: Path) -> None:
    obj = harness.store.put_file(sample, suffix=".pdf", content_type="application/pdf")
    assert obj.sha256 == _sha(sample)
    assert obj.key == content_key(obj.sha256, ".pdf")
    assert obj.size == sample.stat().st_size
    assert harness.store.exists(obj.key)


def test_put_is_idempotent(harness: Harness, sample: Path, tmp_path: Path) -> None:
    first = harness.store.put_file(sample, suffix="pdf", content_type="application/pdf")
    copy = tmp_path / "same-bytes-other-name.PDF"
    copy.write_bytes(sample.read_bytes())
    second = harness.store.put_file(copy, suffix=".PDF", content_type="application/pdf")
    assert first == second
    assert list(harness.store.iter_keys()) == [first.key]
    if isinstance(harness.store, MemoryArchiveStore):
        assert harness.store.writes == 1


def test_put_does_not_rewrite_intact_local_object(tmp_path: Path, sample: Path) -> None:
    harness = _local(tmp_path)
    obj = harness.store.put_file(sample, suffix=".pdf", content_type="application/pdf")
    path = tmp_path / "archive" / obj.key
    before = path.stat()
    harness.store.put_file(sample, suffix=".pdf", content_type="application/pdf")
    after = path.stat()
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)


def test_put_repairs_damaged_object(harness: Harness, sample: Path) -> None:
    obj = harness.store.put_file(sample, suffix=".pdf", content_type="application/pdf")
    harness.corrupt(obj.key)
    harness.store.put_file(sample, suffix=".pdf", content_type="application/pdf")
    assert harness.store.get_bytes(obj.key) == sample.read_bytes()


def test_get_bytes_round_trip(harness: Harness, sample: Path) -> None:
    obj = harness.store.put_file(sample, suffix=".pdf", content_type="application/pdf")
    assert harness.store.get_bytes(obj.key) == sample.read_bytes()


def test_copy_to_round_trip(harness: Harness, sample: Path, tmp_path: Path) -> None:
    obj = harness.store.put_file(sample, suffix=".pdf", content_type="application/pdf")
    dest = tmp_path / "out" / "copy.pdf"
    dest.parent.mkdir()
    harness.store.copy_to(obj.key, dest)
    assert dest.read_bytes() == sample.read_bytes()
    assert [p.name for p in dest.parent.iterdir()] == ["copy.pdf"]  # no temp files left


def test_tampered_object_is_detected(harness: Harness, sample: Path, tmp_path: Path) -> None:
    obj = harness.store.put_file(sample, suffix=".pdf", content_type="application/pdf")
    harness.corrupt(obj.key)
    with pytest.raises(ChecksumMismatchError) as info:
        harness.store.get_bytes(obj.key)
    assert info.value.retryable is False
    dest = tmp_path / "restored.pdf"
    with pytest.raises(ChecksumMismatchError):
        harness.store.copy_to(obj.key, dest)
    assert not dest.exists()
    assert list(tmp_path.glob(".tmp-*")) == []


def test_missing_key(harness: Harness, tmp_path: Path) -> None:
    key = content_key("0" * 64, ".pdf")
    assert not harness.store.exists(key)
    with pytest.raises(ObjectNotFoundError):
        harness.store.get_bytes(key)
    with pytest.raises(ObjectNotFoundError):
        harness.store.copy_to(key, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_iter_keys_lists_every_object_sorted(harness: Harness, tmp_path: Path) -> None:
    keys = []
    for i in range(5):
        path = tmp_path / f"f{i}.bin"
        path.write_bytes(f"content {i}".encode())
        keys.append(harness.store.put_file(path, suffix=".tif", content_type="image/tiff").key)
    assert list(harness.store.iter_keys()) == sorted(keys)


def test_delete_is_idempotent(harness: Harness, sample: Path) -> None:
    obj = harness.store.put_file(sample, suffix=".pdf", content_type="application/pdf")
    harness.store.delete(obj.key)
    assert not harness.store.exists(obj.key)
    assert list(harness.store.iter_keys()) == []
    harness.store.delete(obj.key)  # no error the second time
    with pytest.raises(ObjectNotFoundError):
        harness.store.get_bytes(obj.key)


BAD_KEYS = [
    "",
    "../../etc/passwd",
    "/etc/passwd",
    "ab/cd/../../../x",
    "..\\..\\x",
    "ab/cd/" + "a" * 64 + ".pdf",  # prefix does not match the checksum
    "aa/aa/" + "a" * 64 + ".pdf\x00",
    "aa/aa/" + "a" * 64 + "/../../x",
    "aa//aa/" + "a" * 64,
    "./aa/aa/" + "a" * 64,
    "AA/AA/" + "A" * 64,
    "aa/aa/.tmp-" + "a" * 64,
]


@pytest.mark.parametrize("key", BAD_KEYS)
def test_traversal_and_malformed_keys_rejected(harness: Harness, key: str, tmp_path: Path) -> None:
    for op in (
        harness.store.get_bytes,
        harness.store.exists,
        harness.store.delete,
        lambda k: harness.store.copy_to(k, tmp_path / "x"),
    ):
        with pytest.raises(InvalidKeyError) as info:
            op(key)
        assert isinstance(info.value, IngestError) and isinstance(info.value, ValueError)
        assert info.value.retryable is False


def test_traversal_suffix_rejected(harness: Harness, sample: Path) -> None:
    with pytest.raises(InvalidKeyError):
        harness.store.put_file(sample, suffix="pdf/../../../evil", content_type="x")
    assert list(harness.store.iter_keys()) == []


def test_check_passes_on_healthy_store(harness: Harness) -> None:
    harness.store.check()


# --- backend-specific failure modes of check() ------------------------------------------------


def test_local_check_missing_root(tmp_path: Path, sample: Path) -> None:
    store = LocalArchiveStore(tmp_path / "not-mounted")
    with pytest.raises(StorageError, match="does not exist"):
        store.check()
    with pytest.raises(StorageError, match="does not exist"):
        store.put_file(sample, suffix=".pdf", content_type="application/pdf")
    assert not (tmp_path / "not-mounted").exists()  # never created implicitly


def test_local_check_root_is_a_file(tmp_path: Path) -> None:
    root = tmp_path / "file"
    root.write_text("x")
    with pytest.raises(StorageError, match="not a directory"):
        LocalArchiveStore(root).check()


def test_local_check_unwritable_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A root the process cannot write to (simulated: tests run as root, and
    root ignores permission bits)."""
    root = tmp_path / "ro"
    root.mkdir()

    def refuse(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied", str(root))

    monkeypatch.setattr("ingest.storage.local.tempfile.mkstemp", refuse)
    with pytest.raises(StorageError, match="not writable"):
        LocalArchiveStore(root).check()


def test_local_ignores_temp_files_and_strangers(tmp_path: Path, sample: Path) -> None:
    harness = _local(tmp_path)
    obj = harness.store.put_file(sample, suffix=".pdf", content_type="application/pdf")
    root = tmp_path / "archive"
    (root / obj.key).with_name(".tmp-abandoned").write_bytes(b"half")
    (root / "README.txt").write_text("not an object")
    assert list(harness.store.iter_keys()) == [obj.key]


def test_memory_outage_is_retryable(sample: Path) -> None:
    store = MemoryArchiveStore()
    store.set_available(False)
    with pytest.raises(StorageError) as info:
        store.check()
    assert info.value.retryable is True
    with pytest.raises(StorageError):
        store.put_file(sample, suffix=".pdf", content_type="application/pdf")
    store.set_available(True)
    store.check()
