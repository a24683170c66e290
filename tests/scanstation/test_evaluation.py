"""``scanstation eval``: labelled scans through the real pipeline, scored."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from scanstation.errors import ScanstationError
from scanstation.evaluation import evaluate, extraction_scores, letter_misses
from scanstation.wiring import Services

LETTERS = Path(__file__).resolve().parents[1] / "resources" / "letters"


def test_extraction_scores_count_exactly() -> None:
    ref, spaced = [{"value": "60.1-12/25"}], [{"value": "60.1-12 /25"}]
    rows = [
        (
            {"letter_date": "2025-03-01", "references": ref, "restricted": True},
            {"letter_date": "2025-03-01", "references": spaced, "restricted": True},
        ),
        (
            {"letter_date": "2025-03-02", "references": [{"value": "A-1"}, {"value": "B-2"}],
             "restricted": False},
            {"letter_date": None, "references": [{"value": "b-2"}], "restricted": True},
        ),
        ({"letter_date": None, "references": [], "restricted": True},
         {"letter_date": None, "references": [], "restricted": False}),
    ]  # fmt: skip
    scores = extraction_scores(rows)
    assert scores["letter_date_exact"] == 0.5 and scores["letter_date_n"] == 2
    assert scores["no_date_correct"] == 1.0
    assert scores["reference_recall"] == round(2 / 3, 4) and scores["references_n"] == 3
    assert scores["restricted_recall"] == 0.5 and scores["restricted_precision"] == 0.5


def test_letter_misses_name_what_went_wrong() -> None:
    ref = {"kind": "aktenzeichen", "value": "60.1-12/25"}
    lab = {"file": "a.pdf", "department": "60", "letter_date": "2025-03-01",
           "references": [ref], "restricted": False}  # fmt: skip
    right = {"letter_date": "2025-03-01", "references": [{"value": "60.1-12/25"}]}
    assert letter_misses(lab, right, "60", 0.9, 0.75) is None
    wrong = {"letter_date": None, "references": [], "restricted": True, "restricted_reasons": ["x"]}
    miss = letter_misses(lab, wrong, "66", 0.8, 0.75)
    assert miss is not None
    assert miss["department"] == {"label": "60", "top": "66", "confidence": 0.8, "routed": True}
    assert miss["letter_date"] == {"label": "2025-03-01", "found": None}
    assert miss["references"]["missed"] == lab["references"]
    assert miss["restricted"] == {"label": False, "found": True, "reasons": ["x"]}


def test_corpus_without_labels_says_what_it_needs(services: Services, tmp_path: Path) -> None:
    with pytest.raises(ScanstationError, match=r"labels\.jsonl"):
        evaluate(services, tmp_path, progress=False)


def test_labelled_scans_are_scored_through_the_pipeline(services: Services, tmp_path: Path) -> None:
    manifest = json.loads((LETTERS / "manifest.json").read_text(encoding="utf-8"))
    entries = {e["file"]: e["documents"][0] for e in manifest["files"]}
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    labels = []
    for name in ("letter_png_200dpi.png", "letter_born_digital.pdf"):
        shutil.copy(LETTERS / name, corpus / name)
        doc = entries[name]
        labels.append(
            {"file": name, "department": doc["department"], "letter_date": doc["letter_date"],
             "references": doc["references"], "restricted": False, "part": "test"}
        )  # fmt: skip
    labels[1]["department"] = "68" if labels[1]["department"] != "68" else "10"  # a wrong label
    (corpus / "labels.jsonl").write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in labels), encoding="utf-8"
    )
    result = evaluate(services, corpus, part="test", progress=False)
    assert result["letters"] == 2 and result["not_processed"] == []
    routing = result["routing"]
    assert routing["accuracy"] <= 0.5  # the wrong label cannot be matched
    assert sum(sum(row) for row in routing["confusion"]) == 2
    assert result["baseline_mlp"]["labels"]
    assert result["extraction"]["letter_date_n"] == 2
    missed_files = [m["file"] for m in result["misses"] if "department" in m]
    assert "letter_born_digital.pdf" in missed_files
    assert result["model_version"] and result["training_letters"]["seed"] > 0
