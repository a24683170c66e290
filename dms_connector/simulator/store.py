"""SQLite storage of the enaio SIMULATOR: one ``objects`` table plus content files.

Object ids are numeric, start at 100001 and are never reused (AUTOINCREMENT).
A batch of writes is all-or-nothing: rows go in one transaction, content files
are written next to their final name and moved into place after the commit."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dms_connector.base import MainType

FIRST_ID = 100001

_SCHEMA = """
CREATE TABLE IF NOT EXISTS objects (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    type TEXT NOT NULL,
    type_id TEXT NOT NULL,
    main_type TEXT NOT NULL,
    parent_id INTEGER,
    fields TEXT NOT NULL,
    file_name TEXT,
    mime_type TEXT,
    sha256 TEXT,
    size INTEGER,
    created_at TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    api TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS objects_type ON objects (type);
CREATE INDEX IF NOT EXISTS objects_parent ON objects (parent_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True, slots=True)
class Content:
    data: bytes
    file_name: str
    mime_type: str


@dataclass(frozen=True, slots=True)
class StoredObject:
    id: int
    type: str
    type_id: str
    main_type: MainType
    parent_id: int | None
    fields: dict[str, str]
    file_name: str | None
    mime_type: str | None
    sha256: str | None
    size: int | None
    created_at: str
    modified_at: str
    created_by: str
    api: str

    def public(self) -> dict[str, Any]:
        """The dict ``RunningSimulator.objects()`` and ``/_sim/objects`` return."""
        return {
            "id": str(self.id),
            "type": self.type,
            "type_id": self.type_id,
            "main_type": self.main_type.value,
            "parent_id": None if self.parent_id is None else str(self.parent_id),
            "fields": dict(self.fields),
            "file_name": self.file_name,
            "sha256": self.sha256,
            "created_at": self.created_at,
            "api": self.api,
        }


@dataclass(frozen=True, slots=True)
class NewRow:
    type: str
    type_id: str
    main_type: MainType
    parent_id: int | None
    fields: dict[str, str]
    content: Content | None
    created_by: str
    api: str


@dataclass(frozen=True, slots=True)
class UpdateRow:
    id: int
    fields: dict[str, str]  # the complete new field set
    content: Content | None  # None: keep the current content


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class SimStore:
    """Thread-safe access to the simulator's SQLite database and content directory."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.content_dir = data_dir / "content"
        self.content_dir.mkdir(parents=True, exist_ok=True)
        self._lock: threading.RLock = threading.RLock()
        self._db = sqlite3.connect(
            data_dir / "enaio-sim.sqlite3", check_same_thread=False, isolation_level=None
        )
        self._db.row_factory = sqlite3.Row
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(_SCHEMA)
            self._db.execute(
                "INSERT INTO sqlite_sequence (name, seq) SELECT 'objects', ? WHERE NOT EXISTS "
                "(SELECT 1 FROM sqlite_sequence WHERE name = 'objects')",
                (FIRST_ID - 1,),
            )

    @property
    def lock(self) -> threading.RLock:
        """Hold while checking and then writing, so the checks still hold at the write."""
        return self._lock

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[StoredObject]:
        with self._lock:
            return [_from_row(r) for r in self._db.execute(sql, params).fetchall()]

    def get(self, object_id: int) -> StoredObject | None:
        rows = self._rows("SELECT * FROM objects WHERE id = ?", (object_id,))
        return rows[0] if rows else None

    def all(self) -> list[StoredObject]:
        return self._rows("SELECT * FROM objects ORDER BY id")

    def of_type(self, type_name: str) -> list[StoredObject]:
        return self._rows("SELECT * FROM objects WHERE type = ? ORDER BY id", (type_name,))

    def count_children(self, parent_id: int, type_name: str) -> int:
        with self._lock:
            row = self._db.execute(
                "SELECT COUNT(*) FROM objects WHERE parent_id = ? AND type = ?",
                (parent_id, type_name),
            ).fetchone()
        return int(row[0])

    def content_path(self, object_id: int) -> Path:
        return self.content_dir / f"{object_id}.bin"

    def read_content(self, obj: StoredObject) -> bytes | None:
        if obj.sha256 is None:
            return None
        path = self.content_path(obj.id)
        return path.read_bytes() if path.exists() else None

    def write(self, rows: Sequence[NewRow | UpdateRow]) -> list[int]:
        """Apply all rows in one transaction; return their ids in order."""
        return self._write(rows, skip_existing=False)

    def insert_unless_exists(self, row: NewRow) -> int | None:
        """Insert ``row`` unless an object of its type has exactly its fields (check and
        insert share one transaction, so concurrent starts seed only once)."""
        ids = self._write([row], skip_existing=True)
        return ids[0] if ids else None

    def _write(self, rows: Sequence[NewRow | UpdateRow], *, skip_existing: bool) -> list[int]:
        ids: list[int] = []
        staged: list[tuple[Path, Path]] = []
        try:
            with self._transaction() as db:
                if skip_existing and any(_exists(db, r) for r in rows if isinstance(r, NewRow)):
                    return []
                for row in rows:
                    stamp = now_iso()
                    if isinstance(row, NewRow):
                        cur = db.execute(
                            "INSERT INTO objects (type, type_id, main_type, parent_id, fields, "
                            "created_at, modified_at, created_by, api) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            (
                                row.type,
                                row.type_id,
                                row.main_type.value,
                                row.parent_id,
                                json.dumps(row.fields, ensure_ascii=False),
                                stamp,
                                stamp,
                                row.created_by,
                                row.api,
                            ),
                        )
                        object_id = int(cur.lastrowid or 0)
                    else:
                        object_id = row.id
                        db.execute(
                            "UPDATE objects SET fields = ?, modified_at = ? WHERE id = ?",
                            (json.dumps(row.fields, ensure_ascii=False), stamp, object_id),
                        )
                    if row.content is not None:
                        staged.append(self._stage(db, object_id, row.content))
                    ids.append(object_id)
        except BaseException:
            for tmp, _ in staged:
                tmp.unlink(missing_ok=True)
            raise
        for tmp, final in staged:
            os.replace(tmp, final)
        return ids

    def _stage(self, db: sqlite3.Connection, object_id: int, content: Content) -> tuple[Path, Path]:
        final = self.content_path(object_id)
        tmp = final.with_suffix(".tmp")
        tmp.write_bytes(content.data)
        db.execute(
            "UPDATE objects SET file_name = ?, mime_type = ?, sha256 = ?, size = ? WHERE id = ?",
            (
                content.file_name,
                content.mime_type,
                hashlib.sha256(content.data).hexdigest(),
                len(content.data),
                object_id,
            ),
        )
        return tmp, final

    def delete_non_seed(self) -> int:
        """Delete every object the APIs created (seeded folders stay); return how many."""
        with self._transaction() as db:
            ids = [int(r[0]) for r in db.execute("SELECT id FROM objects WHERE api != 'seed'")]
            db.execute("DELETE FROM objects WHERE api != 'seed'")
        for object_id in ids:
            self.content_path(object_id).unlink(missing_ok=True)
        return len(ids)

    def get_meta(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )


def _exists(db: sqlite3.Connection, row: NewRow) -> bool:
    same_type = db.execute("SELECT fields FROM objects WHERE type = ?", (row.type,))
    return any(json.loads(fields) == row.fields for (fields,) in same_type)


def _from_row(row: sqlite3.Row) -> StoredObject:
    return StoredObject(
        id=int(row["id"]),
        type=row["type"],
        type_id=row["type_id"],
        main_type=MainType(row["main_type"]),
        parent_id=None if row["parent_id"] is None else int(row["parent_id"]),
        fields=json.loads(row["fields"]),
        file_name=row["file_name"],
        mime_type=row["mime_type"],
        sha256=row["sha256"],
        size=None if row["size"] is None else int(row["size"]),
        created_at=row["created_at"],
        modified_at=row["modified_at"],
        created_by=row["created_by"],
        api=row["api"],
    )
