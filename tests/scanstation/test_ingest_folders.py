from __future__ import annotations

from pathlib import Path

import pytest

from scanstation.errors import ScanstationError
from scanstation.ingest_command import expand_folders


def test_a_folder_stands_for_its_scans_in_name_order(tmp_path: Path) -> None:
    folder = tmp_path / "stapel"
    (folder / "b").mkdir(parents=True)
    (folder / ".versteckt").mkdir()
    for name in ("z.pdf", "a.TIF", "b/c.jpeg", "labels.jsonl", ".x.pdf", ".versteckt/d.pdf"):
        (folder / name).write_bytes(b"x")
    (folder / "link.pdf").symlink_to(folder / "z.pdf")
    named = tmp_path / "notiz.txt"
    named.write_bytes(b"x")
    assert expand_folders([named, folder]) == [
        named,
        folder / "a.TIF",
        folder / "b" / "c.jpeg",
        folder / "z.pdf",
    ]


def test_a_folder_without_scans_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "labels.jsonl").write_text("{}\n")
    with pytest.raises(ScanstationError, match="no PDF, TIFF, JPEG or PNG files"):
        expand_folders([tmp_path])
