"""The four packages keep their boundaries: the leaves never import each other
or the application (DESIGN.md, HOUSE_STYLE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LEAVES = {"ingest", "search", "dms_connector"}
PACKAGES = LEAVES | {"scanstation"}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & PACKAGES


@pytest.mark.parametrize("leaf", sorted(LEAVES))
def test_leaf_imports_only_itself(leaf: str) -> None:
    offenders = {
        str(p.relative_to(REPO)): sorted(imported_packages(p) - {leaf})
        for p in (REPO / leaf).rglob("*.py")
        if imported_packages(p) - {leaf}
    }
    assert offenders == {}


def test_only_wiring_names_concrete_backends() -> None:
    concrete = (
        "LocalArchiveStore",
        "MemoryArchiveStore",
        "TantivySearchIndex",
        "MemorySearchIndex",
    )
    offenders = [
        str(p.relative_to(REPO))
        for p in (REPO / "scanstation").rglob("*.py")
        if p.name != "wiring.py" and any(c in p.read_text(encoding="utf-8") for c in concrete)
    ]
    assert offenders == []
