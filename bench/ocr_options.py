"""Do --deskew and --clean pay? OCR the committed German letters (and the
skewed corpus page) with each option set and report time per page and how
many of the manifest's distinctive words are found.

    .venv/bin/python bench/ocr_options.py [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LETTERS = REPO / "tests" / "resources" / "letters"
VARIANTS = {
    "plain": [],
    "deskew": ["--deskew"],
    "clean": ["--clean"],
    "deskew+clean": ["--deskew", "--clean"],
}


def ocr(src: Path, extra: list[str], out: Path) -> tuple[float, str]:
    sidecar = out.with_suffix(".txt")
    cmd = [
        sys.executable,
        "-m",
        "ocrmypdf",
        "-l",
        "deu+eng",
        "--rotate-pages",
        "--rotate-pages-threshold",
        "5",
        "--output-type",
        "pdfa",
        "--image-dpi",
        "300",
        "--sidecar",
        str(sidecar),
        *extra,
        str(src),
        str(out),
    ]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{src.name} {extra}: rc={proc.returncode} {proc.stderr[-300:]}")
    return elapsed, sidecar.read_text(encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    manifest = json.loads((LETTERS / "manifest.json").read_text(encoding="utf-8"))
    files = [f for f in manifest["files"] if not f.get("text_layer")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, extra in VARIANTS.items():
            total_s = pages = found = wanted = 0.0
            for f in files:
                seconds, text = ocr(LETTERS / f["file"], extra, Path(tmp) / f"{name}.pdf")
                total_s += seconds
                pages += f["pages"]
                words = [w for d in f["documents"] for w in d["distinctive_words"]]
                wanted += len(words)
                found += sum(bool(re.search(rf"\b{re.escape(w)}\b", text, re.I)) for w in words)
            rows.append(
                {
                    "variant": name,
                    "seconds_per_page": round(total_s / pages, 2),
                    "words_found": int(found),
                    "words_wanted": int(wanted),
                }
            )
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"{'variant':<14} {'s/page':>7} {'words found':>12}")
    for r in rows:
        print(
            f"{r['variant']:<14} {r['seconds_per_page']:>7} "
            f"{r['words_found']:>5}/{r['words_wanted']}"
        )


if __name__ == "__main__":
    main()
