"""Does cleaning the image Tesseract reads pay? (``ocr.remove_lines``, ``ocr.whiten_background``)

Rasterises page 1 of each scan at 300 dpi, keeps the pages that have ruled
lines (all pages with ``--all``), and OCRs each with Tesseract alone
(``tesseract -l deu``, one thread) three times: as it is, after
``ingest.ocr_unline.remove_lines``, and after that plus
``whiten_background``. Prints the cost of the cleaning next to Tesseract's
own time, and what the text gains: words of the letter's ground truth read
correctly, the share of OCR words that are right, and reference numbers and
letter dates extracted from the page.

    .venv/bin/python bench/heldout/render.py /tmp/h4/scans --letters bench/heldout4/letters.jsonl
    .venv/bin/python bench/ocr_unline.py /tmp/h4/scans bench/heldout4/letters.jsonl [--json]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from ingest.extract import extract_metadata  # noqa: E402
from ingest.ocr_unline import remove_lines, whiten_background  # noqa: E402
from scanstation.evaluation import _norm_ref  # noqa: E402

WORD = re.compile(r"\w[\w.,/-]*\w|\w")
MIN_LINE_PIXELS = 2000  # pages with fewer changed pixels have no ruled lines to speak of


def tesseract(png: Path) -> tuple[float, str]:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    start = time.perf_counter()
    proc = subprocess.run(
        ["tesseract", str(png), "-", "-l", "deu"], env=env, capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise RuntimeError(f"tesseract {png.name}: {proc.stderr[-300:]}")
    return time.perf_counter() - start, proc.stdout


def score(text: str, letter: dict[str, Any]) -> dict[str, int]:
    truth = collections.Counter(WORD.findall(letter["text"]))
    read = collections.Counter(WORD.findall(text))
    meta = extract_metadata([text])
    found = {_norm_ref(ref.value) for ref in meta.references}
    date = meta.letter_date.isoformat() if meta.letter_date else None
    return {
        "words_right": sum((read & truth).values()),
        "words_read": sum(read.values()),
        "refs_found": sum(_norm_ref(r["value"]) in found for r in letter["references"]),
        "refs": len(letter["references"]),
        "date_right": int(date == letter.get("letter_date")),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scans", type=Path, help="folder of rendered scans <id>.pdf")
    parser.add_argument("letters", type=Path, help="their labels (letters.jsonl)")
    parser.add_argument("--limit", type=int, default=0, help="stop after N pages with lines")
    parser.add_argument("--all", action="store_true", help="also pages without ruled lines")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    letters = [json.loads(line) for line in args.letters.read_text(encoding="utf-8").splitlines()]
    totals: dict[str, collections.Counter[str]] = {
        "as_scanned": collections.Counter(),
        "lines_removed": collections.Counter(),
        "and_whitened": collections.Counter(),
    }
    seconds: dict[str, float] = {
        "tesseract": 0.0,
        "remove_lines": 0.0,
        "tesseract_after": 0.0,
        "whiten": 0.0,
        "tesseract_whitened": 0.0,
    }
    pages = skipped = 0
    with tempfile.TemporaryDirectory() as tmp:
        for letter in letters:
            src = args.scans / f"{letter['id']}.pdf"
            if not src.exists():
                continue
            base = Path(tmp) / letter["id"]
            with pdfium.PdfDocument(src) as pdf:
                page = pdf[0].render(scale=300 / 72, grayscale=True).to_pil().convert("L")
            page.save(f"{base}.png", dpi=(300, 300))
            grey = np.asarray(page)
            start = time.perf_counter()
            cleaned, changed = remove_lines(grey, (300.0, 300.0))
            spent = time.perf_counter() - start
            if changed < MIN_LINE_PIXELS and not args.all:
                skipped += 1
                continue
            start = time.perf_counter()
            white, _ = whiten_background(cleaned)
            seconds["whiten"] += time.perf_counter() - start
            Image.fromarray(cleaned).save(f"{base}-u.png")
            Image.fromarray(white).save(f"{base}-w.png")
            t_raw, raw = tesseract(Path(f"{base}.png"))
            t_new, new = tesseract(Path(f"{base}-u.png"))
            t_white, whitened = tesseract(Path(f"{base}-w.png"))
            seconds["tesseract"] += t_raw
            seconds["remove_lines"] += spent
            seconds["tesseract_after"] += t_new
            seconds["tesseract_whitened"] += t_white
            totals["as_scanned"].update(score(raw, letter))
            totals["lines_removed"].update(score(new, letter))
            totals["and_whitened"].update(score(whitened, letter))
            pages += 1
            print(f"\r{pages} pages OCRed, {skipped} skipped", end="", file=sys.stderr)
            if args.limit and pages >= args.limit:
                break
    print(file=sys.stderr)
    report = {
        "pages_with_lines": pages,
        "pages_without": skipped,
        "seconds_per_page": {k: round(v / max(pages, 1), 3) for k, v in seconds.items()},
        **{name: dict(counts) for name, counts in totals.items()},
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    per = report["seconds_per_page"]
    print(f"{pages} pages OCRed ({skipped} without ruled lines skipped)")
    print(
        f"seconds/page: tesseract {per['tesseract']}, remove_lines {per['remove_lines']}, "
        f"tesseract after removal {per['tesseract_after']}, whiten {per['whiten']}, "
        f"tesseract after both {per['tesseract_whitened']}"
    )
    print(f"{'':14} {'words right':>12} {'word prec.':>11} {'refs':>9} {'dates':>6}")
    for name, c in totals.items():
        print(
            f"{name:14} {c['words_right']:>12} {c['words_right'] / max(c['words_read'], 1):>11.4f}"
            f" {c['refs_found']:>4}/{c['refs']:<4} {c['date_right']:>6}"
        )


if __name__ == "__main__":
    main()
