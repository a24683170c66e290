"""``scanstation eval CORPUS``: run labelled scans through the real pipeline and
score routing and metadata extraction, beside the Paperless-style baseline.

CORPUS is a folder with the scans and ``labels.jsonl``; each line names a
``file`` and its truth: ``department``, and optionally ``letter_date``
(YYYY-MM-DD or null), ``references`` ([{kind, value}]), ``restricted``
(bool) and ``part`` (to evaluate one part with ``--part``). ``--json`` also
lists, per letter, what it got wrong (``misses``).

The scans go through OCR, extraction and classification in a throw-away data
folder (memory archive and index, no DMS), with the routing model that is
active in the configured catalog. The baseline (CountVectorizer word 1–2-grams
+ MLPClassifier, as Paperless-ngx) is trained on the same training data as
that model and scored on the same OCR text."""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ingest.classify.evaluate import Report, baseline_predict, format_report, score
from scanstation import stages, training
from scanstation.catalog.models import Document
from scanstation.errors import ExitCode, ScanstationError
from scanstation.ingest_command import ingest_files, retrain_if_corrected
from scanstation.settings import Settings
from scanstation.wiring import Services, build_services


def load_labels(corpus: Path, part: str | None) -> list[dict[str, Any]]:
    path = corpus / "labels.jsonl"
    if not path.is_file():
        raise ScanstationError(
            f"{path} not found: CORPUS must hold the scans and a labels.jsonl "
            '(one {"file": ..., "department": ...} per line)',
            ExitCode.NOT_FOUND,
        )
    labels = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            item = json.loads(line)
            if "file" not in item or "department" not in item:
                raise ScanstationError(f"{path} line {n}: needs 'file' and 'department'")
            if part is None or item.get("part") == part:
                labels.append(item)
    missing = [x["file"] for x in labels if not (corpus / x["file"]).is_file()]
    if missing:
        raise ScanstationError(f"files named in labels.jsonl are missing: {missing[:5]}")
    if not labels:
        raise ScanstationError(f"no labelled files{f' in part {part!r}' if part else ''}")
    return labels


def _norm_ref(value: str) -> str:
    return re.sub(r"[\s]+", "", value).casefold().strip(".,;:")


def extraction_scores(rows: Sequence[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    """(label, predicted metadata) pairs -> date, reference and restricted figures."""
    dated = [(lab, pred) for lab, pred in rows if lab.get("letter_date")]
    date_ok = sum(1 for lab, pred in dated if pred.get("letter_date") == lab["letter_date"])
    undated = [(lab, pred) for lab, pred in rows if "letter_date" in lab and not lab["letter_date"]]
    undated_ok = sum(1 for _, pred in undated if not pred.get("letter_date"))
    refs_total = refs_found = 0
    for lab, pred in rows:
        found = {_norm_ref(str(r.get("value", ""))) for r in pred.get("references", [])}
        for ref in lab.get("references", []):
            refs_total += 1
            refs_found += _norm_ref(str(ref["value"])) in found
    flagged = [(bool(lab.get("restricted")), bool(pred.get("restricted"))) for lab, pred in rows]
    tp = sum(1 for t, p in flagged if t and p)
    positives, predicted = sum(t for t, _ in flagged), sum(p for _, p in flagged)
    return {
        "letter_date_exact": _ratio(date_ok, len(dated)),
        "letter_date_n": len(dated),
        "no_date_correct": _ratio(undated_ok, len(undated)),
        "reference_recall": _ratio(refs_found, refs_total),
        "references_n": refs_total,
        "restricted_recall": _ratio(tp, positives),
        "restricted_precision": _ratio(tp, predicted),
        "restricted_n": positives,
    }


def letter_misses(
    lab: dict[str, Any], pred: dict[str, Any], department: str, confidence: float, threshold: float
) -> dict[str, Any] | None:
    """What one letter got wrong (routing and extraction), or None if nothing."""
    out: dict[str, Any] = {}
    if department != lab["department"]:
        out["department"] = {
            "label": lab["department"],
            "top": department,
            "confidence": round(confidence, 4),
            "routed": confidence >= threshold,
        }
    if "letter_date" in lab and pred.get("letter_date") != lab["letter_date"]:
        out["letter_date"] = {"label": lab["letter_date"], "found": pred.get("letter_date")}
    found = {_norm_ref(str(r.get("value", ""))) for r in pred.get("references", [])}
    missed = [r for r in lab.get("references", []) if _norm_ref(str(r["value"])) not in found]
    if missed:
        out["references"] = {
            "missed": missed,
            "found": [r.get("value") for r in pred.get("references", [])],
        }
    if "restricted" in lab and bool(lab["restricted"]) != bool(pred.get("restricted")):
        out["restricted"] = {
            "label": bool(lab["restricted"]),
            "found": bool(pred.get("restricted")),
            "reasons": pred.get("restricted_reasons", []),
        }
    return {"file": lab["file"], **out} if out else None


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _report_dict(r: Report) -> dict[str, Any]:
    return {
        "accuracy": round(r.accuracy, 4),
        "macro_f1": round(r.macro_f1, 4),
        "routed_precision": round(r.routed_precision, 4),
        "coverage": round(r.coverage, 4),
        "threshold": r.threshold,
        "per_department": {
            d: {"precision": round(p, 3), "recall": round(rc, 3), "n": n}
            for d, (p, rc, n) in r.per_department.items()
        },
        "labels": list(r.labels),
        "confusion": [list(row) for row in r.confusion],
    }


def evaluate(
    services: Services, corpus: Path, *, part: str | None = None, progress: bool = True
) -> dict[str, Any]:
    labels = load_labels(corpus, part)
    settings = services.settings
    retrain_if_corrected(services, progress)
    classifier = training.CatalogClassifier(services.catalog, settings)
    model = classifier.current()
    with services.catalog() as session:
        texts, train_y, _, counts = training.training_set(
            session, settings.routing.correction_weight
        )
    with tempfile.TemporaryDirectory(prefix="scanstation-eval-") as tmp:
        scratch = Settings(
            **{
                **settings.model_dump(exclude={"catalog_url", "archive", "search", "dms"}),
                "data_dir": Path(tmp),
                "archive": {"backend": "memory"},
                "search": {"backend": "memory"},
                "dms": {"enabled": False},
                "routing": {**settings.routing.model_dump(), "retrain": False},
            }
        )
        scratch_services = build_services(scratch)
        scratch_services._classifier = classifier
        records = ingest_files(
            scratch_services,
            [corpus / x["file"] for x in labels],
            scratch.stations[0].name,
            progress=progress,
        )
        ocr_texts = _texts(scratch_services, records)
    truth: list[str] = []
    pred: list[str] = []
    conf: list[float] = []
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    failed: list[dict[str, Any]] = []
    for lab, rec in zip(labels, records, strict=True):
        docs = rec.get("documents") or []
        if not docs:
            failed.append({"file": lab["file"], "status": rec.get("status")})
            pred.append("")
            conf.append(0.0)
            pairs.append((lab, {}))
        else:
            doc = docs[0]
            top = (doc.get("candidates") or [{"department": ""}])[0]["department"]
            pred.append(str(top))
            conf.append(float(doc.get("confidence") or 0.0))
            pairs.append((lab, {**doc["metadata"], "restricted": doc["restricted"]}))
        truth.append(str(lab["department"]))
    threshold = settings.routing.threshold
    misses = [
        m
        for (lab, found), top, c in zip(pairs, pred, conf, strict=True)
        if (m := letter_misses(lab, found, top, c, threshold)) is not None
    ]
    base_pred, base_conf = baseline_predict(texts, train_y, [t or " " for t in ocr_texts])
    return {
        "corpus": str(corpus),
        "part": part,
        "letters": len(labels),
        "not_processed": failed,
        "model_version": model.version,
        "training_letters": counts,
        "routing": _report_dict(score(truth, pred, conf, threshold)),
        "baseline_mlp": _report_dict(score(truth, base_pred, base_conf, threshold)),
        "extraction": extraction_scores(pairs),
        "misses": misses,
    }


def _texts(services: Services, records: list[dict[str, Any]]) -> list[str]:
    out = []
    with services.catalog() as session:
        for rec in records:
            docs = rec.get("documents") or []
            doc = session.get(Document, docs[0]["id"]) if docs else None
            out.append("\n".join(stages.page_texts(session, doc.id)) if doc else "")
    return out


def render(result: dict[str, Any]) -> None:
    def rep(name: str, data: dict[str, Any], detail: bool) -> str:
        r = Report(
            accuracy=data["accuracy"],
            macro_f1=data["macro_f1"],
            routed_precision=data["routed_precision"],
            coverage=data["coverage"],
            threshold=data["threshold"],
            per_department={
                d: (v["precision"], v["recall"], v["n"]) for d, v in data["per_department"].items()
            },
            labels=tuple(data["labels"]),
            confusion=tuple(tuple(row) for row in data["confusion"]),
        )
        return format_report(name, r, detail=detail)

    print(f"{result['letters']} letters from {result['corpus']}, model {result['model_version']}")
    print(rep("scanstation", result["routing"], True))
    print(rep("baseline MLP (Paperless-style)", result["baseline_mlp"], False))
    ex = result["extraction"]
    print(
        f"extraction: letter date exact {ex['letter_date_exact']} (n={ex['letter_date_n']}), "
        f"reference recall {ex['reference_recall']} (n={ex['references_n']}), "
        f"restricted recall {ex['restricted_recall']} precision {ex['restricted_precision']} "
        f"(n={ex['restricted_n']})"
    )
    if result["not_processed"]:
        print(f"not processed: {result['not_processed']}")
    if result["misses"]:
        print(f"{len(result['misses'])} letter(s) with a miss; --json lists each under 'misses'")
