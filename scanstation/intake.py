"""Intake: from a stable file in a hot folder (or on the command line) to a
durable scan in the spool.

Order of work, chosen so a crash at any point loses and duplicates nothing:
1. quick guards (symlink, unsafe name, not a regular file, empty, too large)
   -> quarantine with a scan row;
2. SHA-256; the same content seen before -> a ``duplicate`` scan row;
3. scan row in state ``receiving`` (commit);
4. atomic move (or copy) into the spool, fsync;
5. state ``received`` + first job (commit).
:func:`recover` finishes or undoes step 3-5 after a crash.
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ingest.errors import ReasonCode
from ingest.storage.base import sha256_file
from scanstation.catalog import events, jobs
from scanstation.catalog.clock import new_scan_id, utcnow
from scanstation.catalog.models import Scan, ScanStatus
from scanstation.quarantine import quarantine
from scanstation.settings import Settings

log = logging.getLogger(__name__)

SPOOL_SUFFIXES = {".pdf", ".tif", ".tiff", ".jpg", ".jpeg", ".png"}
FIRST_STAGE = "inspect"


@dataclass(frozen=True, slots=True)
class IntakeResult:
    scan_id: str
    status: str  # ScanStatus value
    duplicate_of: str | None = None
    code: str | None = None
    message: str | None = None


def display_name(name: str) -> str:
    """A printable form of a file name that may hold undecodable bytes."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def unsafe_name_reason(name: str) -> str | None:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "the file name is not valid UTF-8"
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        return "the file name contains control characters"
    if not name.strip(" ."):
        return "the file name is empty or only dots"
    return None


def intake_file(
    factory: sessionmaker[Session],
    settings: Settings,
    path: Path,
    station: str,
    *,
    move: bool = True,
    received_at: datetime | None = None,
) -> IntakeResult:
    """Take one file into the system. Never raises for a bad file: it quarantines."""
    received = received_at or utcnow()
    name = path.name
    rejected = _guard(path, name, settings)
    if rejected is not None:
        code, message = rejected
        return _quarantine_at_intake(
            factory, settings, path, station, code, message, received, move=move
        )
    sha = sha256_file(path)
    with factory() as session:
        resumed = _resumable(session, sha, name)
        if resumed is None:
            original = _first_live_scan(session, sha)
            if original is not None:
                return _record_duplicate(session, path, station, sha, original, received, move)
        scan = resumed or _new_scan(session, path, station, sha, received)
        session.commit()
        spool = settings.spool_dir / (scan.spool_name or "")
    _into_spool(path, spool, move=move)
    with factory() as session:
        return _mark_received(session, scan.id)


def _guard(path: Path, name: str, settings: Settings) -> tuple[str, str] | None:
    if path.is_symlink():
        return (
            ReasonCode.SYMLINK,
            f"{display_name(name)} is a symbolic link; links are not followed",
        )
    reason = unsafe_name_reason(name)
    if reason is not None:
        return ReasonCode.UNSAFE_NAME, reason
    st = path.stat()
    if not stat.S_ISREG(st.st_mode):
        return ReasonCode.NOT_A_DOCUMENT, f"{name} is not a regular file"
    if st.st_size == 0:
        return ReasonCode.EMPTY_FILE, f"{name} is empty (0 bytes)"
    if st.st_size > settings.limits.max_file_bytes:
        return (
            ReasonCode.FILE_TOO_LARGE,
            f"{name} has {st.st_size} bytes, more than limits.max_file_bytes="
            f"{settings.limits.max_file_bytes}",
        )
    return None


def _quarantine_at_intake(
    factory: sessionmaker[Session],
    settings: Settings,
    path: Path,
    station: str,
    code: str,
    message: str,
    received: datetime,
    *,
    move: bool,
) -> IntakeResult:
    """Record a file refused before it was read; without ``move`` it stays in place."""
    scan_id = new_scan_id(received)
    sha = ""
    if code in (ReasonCode.FILE_TOO_LARGE, ReasonCode.UNSAFE_NAME) and path.is_file():
        sha = sha256_file(path)
    size = path.lstat().st_size
    dest = quarantine(
        path,
        settings.quarantine_dir,
        code=code,
        stage="intake",
        message=message,
        original_name=display_name(path.name),
        scan_id=scan_id,
        copy=not move,
    )
    with factory() as session:
        session.add(
            Scan(
                id=scan_id,
                sha256=sha,
                source_name=display_name(path.name),
                station=station,
                received_at=received,
                size=size,
                spool_name=None,
                status=ScanStatus.QUARANTINED,
                error_code=code,
                error_message=message,
                info={"quarantine_path": str(dest)},
                updated_at=utcnow(),
            )
        )
        events.record(
            session, "scan.quarantined", message, scan_id=scan_id, code=code, stage="intake"
        )
        session.commit()
    return IntakeResult(scan_id, ScanStatus.QUARANTINED, code=code, message=message)


def _resumable(session: Session, sha: str, name: str) -> Scan | None:
    """A scan left in ``receiving`` by a crash for this very content."""
    return session.scalars(
        select(Scan).where(
            Scan.sha256 == sha, Scan.status == ScanStatus.RECEIVING, Scan.source_name == name
        )
    ).first()


def _first_live_scan(session: Session, sha: str) -> Scan | None:
    """The scan this content was first received as (quarantined ones do not count:
    dropping a quarantined file again retries it)."""
    return session.scalars(
        select(Scan)
        .where(
            Scan.sha256 == sha,
            Scan.status.notin_([ScanStatus.DUPLICATE, ScanStatus.QUARANTINED]),
        )
        .order_by(Scan.received_at)
    ).first()


def _new_scan(session: Session, path: Path, station: str, sha: str, received: datetime) -> Scan:
    scan_id = new_scan_id(received)
    suffix = path.suffix.lower() if path.suffix.lower() in SPOOL_SUFFIXES else ".bin"
    scan = Scan(
        id=scan_id,
        sha256=sha,
        source_name=path.name,
        station=station,
        received_at=received,
        size=path.stat().st_size,
        spool_name=f"{scan_id}{suffix}",
        status=ScanStatus.RECEIVING,
        info={},
        updated_at=utcnow(),
    )
    session.add(scan)
    return scan


def _record_duplicate(
    session: Session,
    path: Path,
    station: str,
    sha: str,
    original: Scan,
    received: datetime,
    move: bool,
) -> IntakeResult:
    scan_id = new_scan_id(received)
    message = f"same content as scan {original.id} ({original.source_name})"
    session.add(
        Scan(
            id=scan_id,
            sha256=sha,
            source_name=path.name,
            station=station,
            received_at=received,
            size=path.stat().st_size,
            status=ScanStatus.DUPLICATE,
            duplicate_of=original.id,
            info={},
            updated_at=utcnow(),
        )
    )
    events.record(session, "scan.duplicate", message, scan_id=scan_id, duplicate_of=original.id)
    session.commit()
    if move:
        path.unlink(missing_ok=True)  # identical bytes are kept by the original scan
    return IntakeResult(scan_id, ScanStatus.DUPLICATE, duplicate_of=original.id, message=message)


def _into_spool(src: Path, dest: Path, *, move: bool) -> None:
    """Atomically place ``src`` at ``dest`` (rename when possible, else copy+fsync+rename)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    if move:
        try:
            os.rename(src, dest)
            _fsync_dir(dest.parent)
            return
        except OSError:
            pass  # another file system: copy, then remove the source
    tmp = dest.with_name(dest.name + ".tmp")
    with src.open("rb") as fin, tmp.open("wb") as fout:
        shutil.copyfileobj(fin, fout, 1024 * 1024)
        fout.flush()
        os.fsync(fout.fileno())
    os.replace(tmp, dest)
    _fsync_dir(dest.parent)
    if move:
        src.unlink()


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _mark_received(session: Session, scan_id: str) -> IntakeResult:
    scan = session.get(Scan, scan_id)
    assert scan is not None
    scan.status = ScanStatus.RECEIVED
    scan.updated_at = utcnow()
    jobs.enqueue(
        session, subject_kind="scan", subject_id=scan.id, scan_id=scan.id, stage=FIRST_STAGE
    )
    events.record(
        session,
        "scan.received",
        f"{scan.source_name} from station {scan.station}",
        scan_id=scan.id,
        sha256=scan.sha256,
        size=scan.size,
    )
    session.commit()
    return IntakeResult(scan.id, ScanStatus.RECEIVED)


def recover(factory: sessionmaker[Session], settings: Settings) -> int:
    """Finish intakes interrupted by a crash. Returns how many were touched."""
    touched = 0
    for tmp in settings.spool_dir.glob("*.tmp"):
        tmp.unlink(missing_ok=True)
    with factory() as session:
        pending = session.scalars(select(Scan).where(Scan.status == ScanStatus.RECEIVING)).all()
        ids = [(s.id, s.spool_name) for s in pending]
    for scan_id, spool_name in ids:
        touched += 1
        with factory() as session:
            if spool_name and (settings.spool_dir / spool_name).exists():
                _mark_received(session, scan_id)
            else:  # the file never left the hot folder; it will be taken in again
                scan = session.get(Scan, scan_id)
                if scan is not None:
                    session.delete(scan)
                session.commit()
    return touched
