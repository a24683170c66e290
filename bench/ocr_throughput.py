#!/usr/bin/env python3
"""OCR throughput benchmark: pages per minute and peak memory of the process tree.

Three measurements on the same generated scans (single-page letters from
tests/resources/letters/make_letters.py, 1-bit, default 300 dpi):

  (a) tesseract alone:   ``tesseract PAGE - -l deu+eng``, one page per process,
                          N processes in parallel
  (b) ocrmypdf alone:    ``ocrmypdf --output-type pdfa -l deu+eng --rotate-pages --jobs 1``,
                          one file per process, N processes in parallel
  (c) Scanstation:       ``scanstation ingest FILE... --json`` once over all files, with
                          SCANSTATION_DATA_DIR set to a fresh temporary directory
                          (skipped with a message when the console script is missing)

Every OCR process gets ``OMP_THREAD_LIMIT=1``. Peak memory is the largest sum
of RSS over all descendant processes of this benchmark, sampled with psutil
every ``--sample-ms`` (RSS sums count shared library pages once per process,
so the figure is an upper bound; short peaks between samples can be missed).

Usage::

    .venv/bin/python bench/ocr_throughput.py                       # 20 pages, N = cpu_count
    .venv/bin/python bench/ocr_throughput.py --pages 40 --workers 2 --only a,b
    .venv/bin/python bench/ocr_throughput.py --json > result.json
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO / "tests" / "resources" / "letters" / "make_letters.py"
BIN = Path(sys.executable).parent


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def load_generator():
    spec = importlib.util.spec_from_file_location("scanstation_make_letters", GENERATOR)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {GENERATOR}")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses need the module registered
    spec.loader.exec_module(mod)
    return mod


def tool(name: str) -> str | None:
    local = BIN / name
    if local.exists():
        return str(local)
    return shutil.which(name)


# --------------------------------------------------------------------------
# Test pages
# --------------------------------------------------------------------------


def make_pages(out: Path, n: int, dpi: int, seed: int, gray: bool) -> tuple[list[Path], list[Path]]:
    """Write n single-page scans as PNG (for tesseract) and image-only PDF (for ocrmypdf)."""
    gen = load_generator()
    pngs, pdfs = [], []
    for i in range(n):
        letter = gen.make_letter(seed, i)
        page = gen.render_letter(letter, dpi)[0]  # first page only: single-page files
        png, pdf = out / f"page{i + 1:03d}.png", out / f"page{i + 1:03d}.pdf"
        if gray:
            page.save(png, dpi=(dpi, dpi))
            jpg = out / f"page{i + 1:03d}.jpg"
            page.save(jpg, quality=60, dpi=(dpi, dpi))
            import img2pdf

            pdf.write_bytes(img2pdf.convert([str(jpg)]))
        else:
            gen.to_bilevel(page).save(png, dpi=(dpi, dpi))
            gen.save_image_pdf([page], pdf, dpi)
        pngs.append(png)
        pdfs.append(pdf)
    return pngs, pdfs


# --------------------------------------------------------------------------
# Running and measuring
# --------------------------------------------------------------------------


class TreeSampler(threading.Thread):
    """Samples the summed RSS of all descendants of this process."""

    def __init__(self, interval: float) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.peak = 0
        self.peak_procs = 0
        self._halt = threading.Event()
        self._me = psutil.Process()

    def run(self) -> None:
        while not self._halt.is_set():
            total, count = 0, 0
            for p in self._me.children(recursive=True):
                try:
                    total += p.memory_info().rss
                    count += 1
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    pass
            if total > self.peak:
                self.peak, self.peak_procs = total, count
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


@dataclass
class Result:
    name: str
    label: str
    command: str
    pages: int
    workers: int
    wall_s: float = 0.0
    pages_per_min: float = 0.0
    sec_per_page_median: float | None = None  # per process (job) duration / pages
    sec_per_page_max: float | None = None
    peak_rss_mib: float = 0.0
    failures: int = 0
    skipped: str | None = None
    errors: list[str] = field(default_factory=list)
    extra: dict[str, object] = field(default_factory=dict)


def ocr_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"
    env.update(extra)
    return env


def kill_tree(p: subprocess.Popen[Any]) -> None:
    """Kill a child started with start_new_session=True and everything it spawned."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(p.pid, signal.SIGKILL)
    p.wait()


def run_pool(
    jobs: Sequence[list[str]],
    workers: int,
    env: dict[str, str],
    cwd: Path,
    sample_s: float,
    timeout: float = 1800.0,
) -> tuple[float, list[float], list[str], int]:
    """Run commands, at most `workers` at a time. Returns wall time, per-job seconds,
    error messages and peak tree RSS (bytes)."""
    sampler = TreeSampler(sample_s)
    sampler.start()
    pending = list(jobs)
    running: list[tuple[subprocess.Popen[bytes], float, list[str], Any]] = []
    durations: list[float] = []
    errors: list[str] = []
    t0 = time.perf_counter()
    try:
        while pending or running:
            while pending and len(running) < workers:
                cmd = pending.pop(0)
                # a pipe could fill up and block the child; closed when the job ends
                errf = tempfile.TemporaryFile()  # noqa: SIM115
                p = subprocess.Popen(
                    cmd,
                    env=env,
                    cwd=cwd,
                    stdout=subprocess.DEVNULL,
                    stderr=errf,
                    start_new_session=True,
                )
                running.append((p, time.perf_counter(), cmd, errf))
            time.sleep(0.02)
            still = []
            for p, start, cmd, errf in running:
                if p.poll() is None:
                    if time.perf_counter() - start > timeout:
                        kill_tree(p)
                        errors.append(f"timeout after {timeout:.0f} s: {' '.join(cmd[-2:])}")
                        durations.append(time.perf_counter() - start)
                        errf.close()
                        continue
                    still.append((p, start, cmd, errf))
                    continue
                durations.append(time.perf_counter() - start)
                errf.seek(0)
                err = errf.read().decode(errors="replace")
                errf.close()
                if p.returncode != 0:
                    errors.append(
                        f"exit {p.returncode}: {' '.join(cmd[-2:])}: {err.strip()[-300:]}"
                    )
            running = still
    finally:
        for p, _s, _c, errf in running:
            kill_tree(p)
            errf.close()
        wall = time.perf_counter() - t0
        sampler.stop()
    return wall, durations, errors, sampler.peak


def finish(
    res: Result,
    wall: float,
    durations: list[float],
    errors: list[str],
    peak: int,
    pages_per_job: int = 1,
) -> Result:
    res.wall_s = round(wall, 2)
    res.pages_per_min = round(res.pages / wall * 60, 2) if wall > 0 else 0.0
    if durations:
        per_page = [d / pages_per_job for d in durations]
        res.sec_per_page_median = round(statistics.median(per_page), 2)
        res.sec_per_page_max = round(max(per_page), 2)
    res.peak_rss_mib = round(peak / 2**20, 1)
    res.failures = len(errors)
    res.errors = errors[:5]
    return res


def bench_tesseract(
    pngs: list[Path], workers: int, work: Path, sample_s: float, timeout: float = 1800.0
) -> Result:
    exe = tool("tesseract")
    res = Result(
        "a", "tesseract alone", "OMP_THREAD_LIMIT=1 tesseract PAGE - -l deu+eng", len(pngs), workers
    )
    if not exe:
        res.skipped = "tesseract not found"
        return res
    jobs = [[exe, str(p), "-", "-l", "deu+eng"] for p in pngs]
    return finish(res, *run_pool(jobs, workers, ocr_env(), work, sample_s, timeout))


def bench_ocrmypdf(
    pdfs: list[Path], workers: int, work: Path, sample_s: float, timeout: float = 1800.0
) -> Result:
    exe = tool("ocrmypdf")
    args = ["--output-type", "pdfa", "-l", "deu+eng", "--rotate-pages", "--jobs", "1", "-q"]
    res = Result(
        "b",
        "ocrmypdf alone",
        "OMP_THREAD_LIMIT=1 ocrmypdf " + " ".join(args) + " IN.pdf OUT.pdf",
        len(pdfs),
        workers,
    )
    if not exe:
        res.skipped = "ocrmypdf not found"
        return res
    out = work / "ocrmypdf-out"
    out.mkdir()
    jobs = [[exe, *args, str(p), str(out / p.name)] for p in pdfs]
    return finish(res, *run_pool(jobs, workers, ocr_env(), work, sample_s, timeout))


def bench_pipeline(
    pdfs: list[Path], workers: int, work: Path, sample_s: float, timeout: float = 1800.0
) -> Result:
    exe = tool("scanstation")
    res = Result(
        "c",
        "Scanstation pipeline",
        "SCANSTATION_DATA_DIR=<fresh tmp> scanstation ingest FILE... --json",
        len(pdfs),
        workers,
    )
    if not exe:
        res.skipped = (
            "console script 'scanstation' not found (neither in "
            f"{BIN} nor on PATH) - pipeline not installed yet, (c) skipped"
        )
        return res
    data = work / "scanstation-data"
    data.mkdir()
    # The pipeline refuses to create a missing archive root (it could be an unmounted
    # share) and keeps retrying; a fresh data dir therefore gets its archive folder here.
    (data / "archive").mkdir()
    cmd = [exe, "ingest", *map(str, pdfs), "--json"]
    env = ocr_env(SCANSTATION_DATA_DIR=str(data))
    sampler = TreeSampler(sample_s)
    sampler.start()
    t0 = time.perf_counter()
    errors = []
    proc = subprocess.Popen(
        cmd,
        env=env,
        cwd=work,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_tree(proc)
        stdout, stderr = proc.communicate()
        errors.append(f"timeout: killed after {timeout:.0f} s")
    except BaseException:
        kill_tree(proc)
        raise
    finally:
        wall = time.perf_counter() - t0
        sampler.stop()
    p = subprocess.CompletedProcess(cmd, proc.returncode, stdout, stderr)
    if p.returncode != 0:
        errors.append(f"exit {p.returncode}: {p.stderr.strip()[-500:]}")
        if "invalid choice" in p.stderr or "No such command" in p.stderr:
            res.skipped = "scanstation has no 'ingest' command yet - (c) skipped"
    try:
        out = json.loads(p.stdout)
        res.extra["json_items"] = len(out) if isinstance(out, list) else None
        if not isinstance(out, list):
            errors.append("output is JSON but not a list")
        elif len(out) != len(pdfs):
            res.extra["note"] = f"{len(out)} JSON items for {len(pdfs)} single-letter files"
    except json.JSONDecodeError:
        errors.append("stdout is not JSON: " + p.stdout.strip()[:200])
    res = finish(res, wall, [], errors, sampler.peak)
    res.workers = 0  # the pipeline's own parallelism; not controlled here
    return res


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------


def table(results: list[Result]) -> str:
    head = (
        f"{'':3}{'measurement':24}{'pages':>6}{'workers':>8}{'wall s':>9}{'pages/min':>11}"
        f"{'s/page med':>11}{'s/page max':>11}{'peak RSS MiB':>14}{'fail':>6}"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        if r.skipped:
            lines.append(f"({r.name}) {r.label:22}SKIPPED: {r.skipped}")
            continue
        if r.name == "c" and r.failures:
            lines.append(f"({r.name}) {r.label:22}FAILED after {r.wall_s:.1f} s (see error below)")
            continue
        fmt = lambda v: "-" if v is None else f"{v:.2f}"  # noqa: E731
        lines.append(
            f"({r.name}) {r.label:22}{r.pages:>6}{r.workers or '-':>8}{r.wall_s:>9.1f}"
            f"{r.pages_per_min:>11.1f}{fmt(r.sec_per_page_median):>11}"
            f"{fmt(r.sec_per_page_max):>11}{r.peak_rss_mib:>14.0f}{r.failures:>6}"
        )
    return "\n".join(lines)


def overhead(results: list[Result]) -> float | None:
    by = {r.name: r for r in results if not r.skipped and not r.failures and r.wall_s > 0}
    if "b" in by and "c" in by:
        return round((by["c"].wall_s / by["b"].wall_s - 1) * 100, 1)
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="OCR throughput: tesseract vs ocrmypdf vs Scanstation")
    ap.add_argument(
        "--pages", type=int, default=20, help="number of single-page scans (default 20)"
    )
    ap.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="parallel processes for (a) and (b) (default: cpu_count)",
    )
    ap.add_argument("--only", default="a,b,c", help="comma list of a,b,c (default all)")
    ap.add_argument("--dpi", type=int, default=300, help="scan resolution (default 300)")
    ap.add_argument("--gray", action="store_true", help="grayscale JPEG scans instead of 1-bit")
    ap.add_argument("--seed", type=int, default=4711)
    ap.add_argument("--sample-ms", type=int, default=100, help="RSS sampling interval")
    ap.add_argument(
        "--timeout",
        type=float,
        default=1800.0,
        help="seconds per (a)/(b) process and for the whole (c) run (default 1800)",
    )
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("--json", action="store_true", help="print machine-readable JSON only")
    a = ap.parse_args(argv)
    only = {s.strip() for s in a.only.split(",") if s.strip()}
    if not only <= {"a", "b", "c"}:
        ap.error("--only takes a comma list of a, b, c")

    # SIGTERM -> SystemExit, so that the finally blocks kill children and remove the temp dir
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    tmp = Path(tempfile.mkdtemp(prefix="scanstation-bench-"))
    try:
        log(f"generating {a.pages} single-page scans at {a.dpi} dpi in {tmp} ...")
        pages_dir = tmp / "pages"
        pages_dir.mkdir()
        t = time.perf_counter()
        pngs, pdfs = make_pages(pages_dir, a.pages, a.dpi, a.seed, a.gray)
        log(f"  done in {time.perf_counter() - t:.1f} s")
        results: list[Result] = []
        sample = a.sample_ms / 1000
        for key, fn, inputs in (
            ("a", bench_tesseract, pngs),
            ("b", bench_ocrmypdf, pdfs),
            ("c", bench_pipeline, pdfs),
        ):
            if key not in only:
                continue
            work = tmp / f"run-{key}"
            work.mkdir()
            log(f"running ({key}) ...")
            r = fn(inputs, a.workers, work, sample, a.timeout)
            summary = f"{r.wall_s} s, {r.pages_per_min} pages/min, {r.failures} failures"
            log(f"  {r.skipped or summary}")
            results.append(r)
        ov = overhead(results)
        info = {
            "pages": a.pages,
            "dpi": a.dpi,
            "color": "gray JPEG" if a.gray else "1-bit",
            "workers": a.workers,
            "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
            "machine": platform.platform(),
            "tesseract": _version(["tesseract", "--version"]),
            "ocrmypdf": _version([tool("ocrmypdf") or "ocrmypdf", "--version"]),
        }
        if a.json:
            print(
                json.dumps(
                    {
                        "info": info,
                        "results": [asdict(r) for r in results],
                        "pipeline_overhead_over_b_percent": ov,
                    },
                    indent=2,
                )
            )
        else:
            print(
                f"OCR throughput - {a.pages} single-page letters, {info['color']}, {a.dpi} dpi, "
                f"{a.workers} workers, {os.cpu_count()} CPUs, tesseract {info['tesseract']}, "
                f"ocrmypdf {info['ocrmypdf']}"
            )
            print(table(results))
            for r in results:
                if not r.skipped:
                    print(f"({r.name}) command: {r.command}")
                for e in r.errors:
                    print(f"({r.name}) error: {e}")
            for r in results:
                if r.extra.get("note"):
                    print(f"({r.name}) note: {r.extra['note']}")
            if ov is not None:
                print(
                    f"pipeline overhead over (b): {ov:+.1f} % wall time "
                    f"(pages/min {_ppm(results, 'b')} -> {_ppm(results, 'c')})"
                )
            elif "c" in only:
                print("pipeline overhead over (b): n/a (needs successful (b) and (c))")
        failed = any(r.failures for r in results)
        return 1 if failed else 0
    finally:
        if a.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def _ppm(results: list[Result], name: str) -> float | None:
    return next((r.pages_per_min for r in results if r.name == name), None)


def _version(cmd: list[str]) -> str:
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        line = (p.stdout or p.stderr).strip().splitlines()[0]
        return line.split()[-1] if line else "?"
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "?"


if __name__ == "__main__":
    sys.exit(main())
