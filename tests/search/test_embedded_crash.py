"""A writer killed with SIGKILL leaves an index with exactly its committed
documents, and the next writer is not blocked by the dead one's lock."""

from __future__ import annotations

import os
import signal
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from search.base import IndexedDoc, SearchQuery
from search.embedded import TantivySearchIndex
from tests.search.procs import spawn

BATCH = 400

WRITER = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from search.base import IndexedDoc
from search.embedded import TantivySearchIndex

index = TantivySearchIndex(Path(sys.argv[1]))
size = int(sys.argv[2])
filler = "Sehr geehrte Damen und Herren, anbei der Bescheid zur Kenntnis. " * 20
for batch in range(10_000):
    docs = [
        IndexedDoc(
            id=f"b{batch}-{i}",
            text=f"Grundsteuerbescheid Nummer {batch}/{i}. " + filler,
            received_at=datetime(2025, 3, 1, tzinfo=UTC),
        )
        for i in range(size)
    ]
    index.upsert(docs)
    print(f"committed {batch}", flush=True)
"""

HOLD_UNCOMMITTED = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from search.base import IndexedDoc
from search.embedded import TantivySearchIndex, to_tantivy_document

index = TantivySearchIndex(Path(sys.argv[1]))
when = datetime(2025, 3, 1, tzinfo=UTC)
doc = IndexedDoc(id="uncommitted", text="nie gespeichert", received_at=when)
with index._writer() as writer:
    writer.add_document(to_tantivy_document(doc))
    print("holding", flush=True)
    sys.stdin.read()
"""


def _kill_after(path: Path, acks: int) -> int:
    """Run the writer, SIGKILL it after ``acks`` acknowledged commits; return the last ack."""
    proc = spawn(WRITER, str(path), str(BATCH))
    assert proc.stdout is not None
    last = -1
    for line in proc.stdout:
        last = int(line.split()[1])
        if last + 1 >= acks:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    return last


def test_kill_mid_write_keeps_exactly_whole_committed_batches(tmp_path: Path) -> None:
    path = tmp_path / "index"
    last_ack = _kill_after(path, acks=3)
    assert last_ack >= 2

    index = TantivySearchIndex(path)
    index.check()
    per_batch = Counter(doc_id.split("-")[0] for doc_id in index.ids())
    batches = sorted(int(name[1:]) for name in per_batch)
    # every acknowledged batch is there; at most the one in flight was committed
    # before the kill landed; no batch is there in part
    assert batches == list(range(len(batches)))
    assert last_ack + 1 <= len(batches) <= last_ack + 2
    assert set(per_batch.values()) == {BATCH}

    total = index.search(SearchQuery("Grundsteuerbescheid", limit=1)).total
    assert total == len(batches) * BATCH
    # the dead writer's lock does not block the next writer
    index.upsert(
        [IndexedDoc(id="after", text="Neuer Brief", received_at=datetime(2025, 4, 1, tzinfo=UTC))]
    )
    assert "after" in TantivySearchIndex(path).ids()


def test_kill_while_holding_the_writer_lock(tmp_path: Path) -> None:
    path = tmp_path / "index"
    TantivySearchIndex(path).upsert(
        [IndexedDoc(id="kept", text="Widerspruch", received_at=datetime(2025, 3, 1, tzinfo=UTC))]
    )
    proc = spawn(HOLD_UNCOMMITTED, str(path))
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "holding"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)

    index = TantivySearchIndex(path, lock_timeout=0.5)
    assert index.ids() == {"kept"}
    index.upsert(
        [IndexedDoc(id="next", text="Bauantrag", received_at=datetime(2025, 3, 2, tzinfo=UTC))]
    )
    assert index.ids() == {"kept", "next"}
