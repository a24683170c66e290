"""Embedded-backend specifics: several processes, unusable directories."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from search.base import IndexedDoc, SearchQuery
from search.embedded import MARKER, TantivySearchIndex
from search.errors import SearchError, SearchUnavailableError
from tests.search.corpus import CORPUS
from tests.search.procs import expect_line, spawn

HOLD_LOCK = """
import sys
import tantivy
from search.embedded import build_schema

index = tantivy.Index(build_schema(), path=sys.argv[1])
writer = index.writer(15_000_000, 1)
print("locked", flush=True)
sys.stdin.read()
"""

READER = """
import sys
from pathlib import Path
from search.base import SearchQuery
from search.embedded import TantivySearchIndex

index = TantivySearchIndex(Path(sys.argv[1]))
for _ in sys.stdin:
    print(sorted(h.id for h in index.search(SearchQuery("Carport")).hits), flush=True)
"""


def _doc(doc_id: str, text: str) -> IndexedDoc:
    return IndexedDoc(id=doc_id, text=text, received_at=datetime(2025, 3, 1, tzinfo=UTC))


def test_writer_lock_held_by_live_process_is_retryable(tmp_path: Path) -> None:
    path = tmp_path / "index"
    index = TantivySearchIndex(path, lock_timeout=0.3)
    index.upsert(CORPUS)
    holder = spawn(HOLD_LOCK, str(path))
    try:
        expect_line(holder, "locked")
        with pytest.raises(SearchUnavailableError) as caught:
            index.upsert([_doc("blocked", "Carport")])
        assert caught.value.retryable
        with pytest.raises(SearchUnavailableError):
            index.delete(["bauantrag"])
        # searching is not blocked by another process's writer
        assert [h.id for h in index.search(SearchQuery("Carport")).hits] == ["bauantrag"]
    finally:
        holder.communicate(timeout=30)  # closes stdin; the holder exits and frees the lock
    index.upsert([_doc("unblocked", "Garage")])
    assert "unblocked" in index.ids()


def test_reader_process_sees_commits_of_writer_process(tmp_path: Path) -> None:
    path = tmp_path / "index"
    writer = TantivySearchIndex(path)
    writer.upsert(CORPUS)
    reader = spawn(READER, str(path))
    assert reader.stdin is not None and reader.stdout is not None
    try:
        reader.stdin.write("go\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "['bauantrag']"
        writer.upsert([_doc("carport-2", "Noch ein Carport")])
        reader.stdin.write("go\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "['bauantrag', 'carport-2']"
    finally:
        reader.communicate(timeout=30)


def test_check_reports_a_file_in_place_of_the_directory(tmp_path: Path) -> None:
    path = tmp_path / "index"
    path.write_text("not a directory")
    with pytest.raises(SearchError, match="index"):
        TantivySearchIndex(path).check()


def test_check_reports_a_corrupt_index(tmp_path: Path) -> None:
    path = tmp_path / "index"
    TantivySearchIndex(path).upsert(CORPUS[:1])
    (path / "meta.json").write_text("garbage")
    with pytest.raises(SearchError, match="cannot open"):
        TantivySearchIndex(path).check()


def test_check_reports_an_index_of_another_analysis_version(tmp_path: Path) -> None:
    path = tmp_path / "index"
    TantivySearchIndex(path).upsert(CORPUS[:1])
    (path / MARKER).write_text(json.dumps({"format": 1, "analysis": 0}))
    with pytest.raises(SearchError, match="rebuild"):
        TantivySearchIndex(path).check()


def test_foreign_directory_is_not_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "index"
    TantivySearchIndex(path).upsert(CORPUS[:1])
    (path / MARKER).unlink()
    with pytest.raises(SearchError, match="did not create"):
        TantivySearchIndex(path).search(SearchQuery("Bescheid"))
