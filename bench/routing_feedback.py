"""Routing on letters the system has never seen, before and after feedback.

Follows the procedure of the issue's check with the real CLI, in a fresh data
folder:

1. render the held-out letters (``bench/heldout``) as scans;
2. ``scanstation eval`` on the test part with the shipped seed model;
3. ``scanstation ingest --json`` the feedback part and feed every letter's
   true department back with ``scanstation route`` (a person's correction);
4. ``scanstation eval`` on the test part again (it retrains first, as
   ``ingest`` does, because corrections are waiting).

Prints routed precision, coverage, accuracy and extraction figures for both
runs, and the Paperless-style baseline.

    .venv/bin/python bench/routing_feedback.py [--letters JSONL] [--limit-feedback N] [--keep DIR]

``--letters bench/heldout2/letters.jsonl`` runs the blind second set.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SCANSTATION = [sys.executable, "-m", "scanstation.cli"]


def run(args: list[str], env: dict[str, str]) -> Any:
    out = subprocess.run(
        SCANSTATION + args, env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out) if "--json" in args else out


def figures(name: str, result: dict[str, Any]) -> None:
    r, b, x = result["routing"], result["baseline_mlp"], result["extraction"]
    print(
        f"{name}: model {result['model_version']}\n"
        f"  scanstation: routed precision {r['routed_precision']:.3f}  coverage "
        f"{r['coverage']:.3f}  accuracy {r['accuracy']:.3f}  macro-F1 {r['macro_f1']:.3f}\n"
        f"  baseline MLP: accuracy {b['accuracy']:.3f}  macro-F1 {b['macro_f1']:.3f}  "
        f"routed precision {b['routed_precision']:.3f}  coverage {b['coverage']:.3f}\n"
        f"  extraction: date exact {x['letter_date_exact']} (n={x['letter_date_n']}), "
        f"references {x['reference_recall']} (n={x['references_n']}), restricted recall "
        f"{x['restricted_recall']} precision {x['restricted_precision']} (n={x['restricted_n']})"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument(
        "--letters",
        type=Path,
        default=REPO / "bench/heldout/letters.jsonl",
        help="labelled letters to render (bench/heldout or bench/heldout2)",
    )
    ap.add_argument("--limit-feedback", type=int, default=None)
    ap.add_argument("--keep", type=Path, help="work folder to keep (default: a temp folder)")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="routing-feedback-"))
    scans = work / "scans"
    env = {
        **os.environ,
        "SCANSTATION_DATA_DIR": str(work / "data"),
        "SCANSTATION_DMS__ENABLED": "false",
        "PYTHONPATH": str(REPO),
    }
    if not (scans / "labels.jsonl").exists():
        subprocess.run(
            [
                sys.executable,
                str(REPO / "bench/heldout/render.py"),
                str(scans),
                "--part",
                "all",
                "--letters",
                str(args.letters),
            ],
            check=True,
        )
    started = time.monotonic()
    before = run(["eval", str(scans), "--part", "test", "--json"], env)
    figures("before feedback", before)

    labels = [
        json.loads(line)
        for line in (scans / "labels.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    feedback = [x for x in labels if x.get("part") == "feedback"][: args.limit_feedback]
    ingested = run(
        ["ingest", "--json", "--no-progress", *[str(scans / x["file"]) for x in feedback]], env
    )
    corrected = changed = 0
    for lab, scan in zip(feedback, ingested, strict=True):
        for doc in scan.get("documents", []):
            if doc["department"] != lab["department"]:
                changed += 1
            run(["route", doc["id"], lab["department"], "--by", "bench"], env)
            corrected += 1
    print(f"fed back {corrected} corrections ({changed} changed the department)")
    after = run(["eval", str(scans), "--part", "test", "--json"], env)
    figures(f"after {corrected} corrections", after)
    print(f"total {time.monotonic() - started:.0f} s; work folder {work}")
    (work / "result.json").write_text(
        json.dumps({"before": before, "after": after}, indent=2), encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
