#!/usr/bin/env python3
# ruff: noqa: E501
"""Search benchmark: the embedded index (tantivy) and Elasticsearch, same run.

Generates N German letters (bench/corpus_gen.py, deterministic seed), indexes
them into a TantivySearchIndex in a temporary folder and into a fresh
Elasticsearch index ``bench-<random>`` (deleted at the end), and reports for
each backend:

- indexing throughput (docs/s) over upsert() calls of ``--batch`` documents
  (the time includes the shared Python analysis, which both backends run);
  for Elasticsearch each upsert() is a bulk request with refresh=wait_for,
  amortised by the large batches; the cost of small batches is measured too
  (re-upserting 10 x 1 and 5 x 100 existing documents after the queries);
- index size on disk: ``du`` of the tantivy folder; the ``_stats`` store size
  of the concrete Elasticsearch index after refresh + flush (merges settled);
- p50/p95/p99/max latency of ``--queries`` varied queries (single words,
  inflected forms, compound parts, two-word AND, phrases, department /
  station / date filters, fuzzy misspellings, reference numbers), limit 20,
  after ``--warmup`` different warm-up queries; the distribution of hit
  totals; whether both backends agree on totals and the top hit;
- a breakdown: time spent in make_snippet (both backends cut snippets in
  Python from the stored text), Elasticsearch's own ``took``, and a second
  pass with limit=1.

CPU: the script records the CPU time used by itself, by the Elasticsearch
process (node stats) and by everything else on the machine during each phase,
since other test runs may share the 2 cores.

Usage::

    .venv/bin/python bench/search_latency.py                   # 100,000 docs, 200 queries
    .venv/bin/python bench/search_latency.py --docs 10000 --only embedded
    .venv/bin/python bench/search_latency.py --json > result.json
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import psutil  # noqa: E402
from corpus_gen import ADMIN_NOUNS, LAST_NAMES, STATIONS, CorpusGenerator  # noqa: E402

import search.elastic as es_mod  # noqa: E402
import search.embedded as emb_mod  # noqa: E402
from search.base import IndexedDoc, SearchQuery, SearchResult  # noqa: E402
from search.errors import SearchUnavailableError  # noqa: E402

BACKENDS = ("embedded", "elasticsearch")
DEFAULT_ES_URL = os.environ.get("SCANSTATION_ES_URL", "http://127.0.0.1:59200")
TARGET_P95_MS = 50.0


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# -- CPU accounting -------------------------------------------------------------


class CpuMeter:
    """CPU seconds of this process, of the ES JVM and of the rest of the machine."""

    def __init__(self, es_client: Any | None) -> None:
        self.es_client = es_client
        self.me = psutil.Process()

    def _es_cpu(self) -> tuple[float, float]:
        """(CPU seconds, JVM uptime seconds) of the ES node; NaN when unknown."""
        if self.es_client is None:
            return 0.0, float("nan")
        try:
            stats = self.es_client.nodes.stats(node_id="_local", metric="process,jvm")
            node = next(iter(stats["nodes"].values()))
            return (
                node["process"]["cpu"]["total_in_millis"] / 1000.0,
                node["jvm"]["uptime_in_millis"] / 1000.0,
            )
        except Exception:  # the server may be restarting; CPU figures are informative only
            return float("nan"), float("nan")

    def snapshot(self) -> tuple[float, ...]:
        t = psutil.cpu_times()
        busy = (
            t.user
            + t.system
            + getattr(t, "nice", 0)
            + getattr(t, "irq", 0)
            + getattr(t, "softirq", 0)
        )
        mine = self.me.cpu_times()
        own = mine.user + mine.system + mine.children_user + mine.children_system
        return (time.perf_counter(), busy, own, *self._es_cpu())

    @staticmethod
    def diff(a: tuple, b: tuple) -> dict[str, float]:
        wall = b[0] - a[0]
        busy, own, es = b[1] - a[1], b[2] - a[2], b[3] - a[3]
        if not (b[4] - a[4] > wall - 5):  # the ES JVM restarted in between: its counter reset
            es = float("nan")
        other = busy - own - (es if es == es else 0.0)
        return {
            "wall_s": round(wall, 2),
            "machine_busy_cores": round(busy / wall, 2) if wall else 0.0,
            "bench_process_cores": round(own / wall, 2) if wall else 0.0,
            "es_process_cores": round(es / wall, 2) if wall and es == es and a[3] != 0.0 else None,
            "other_processes_cores": round(max(other, 0.0) / wall, 2) if wall else 0.0,
            "note": ""
            if es == es or a[3] == 0.0
            else "ES restarted or unreachable: its CPU is counted in other",
        }


# -- queries --------------------------------------------------------------------

INFLECTED = (
    "Parkverstöße",
    "Anträgen",
    "Bescheides",
    "Gebühren",
    "Baugenehmigungen",
    "Kita-Plätze",
    "Widersprüche",
    "Mahnungen",
    "Spielplätzen",
    "Rechnungen",
    "Nachweisen",
    "Grundstücke",
    "Schäden",
    "Erstattungen",
    "Bescheinigungen",
    "Straßen",
    "Verstößen",
    "Zuschüsse",
    "Unterlagen",
    "Radwegen",
    "Fristen",
    "Genehmigungen",
    "Beiträgen",
    "Ämtern",
)
PARTS = (
    "Bescheid",
    "Steuer",
    "Genehmigung",
    "Platz",
    "Verstoß",
    "Gebühr",
    "Antrag",
    "Beleuchtung",
    "Erlaubnis",
    "Satzung",
    "Zuschuss",
    "Kosten",
    "Anmeldung",
    "Schaden",
    "Vertrag",
)
PHRASES = (
    '"Aussetzung der Vollziehung"',
    '"mehrfach nachgefragt"',
    '"Widerspruch gegen"',
    '"mit freundlichen Grüßen"',
    '"Hilfe zur Pflege"',
    '"dauerhaft Rot"',
    '"Antrag auf Wohngeld"',
    '"Kopie Bescheid"',
    '"Eingangsstempel liegt vor"',
    '"Zusendung einer Zweitschrift"',
    '"rechtliche Schritte"',
    '"zu viel gezahlten"',
    '"Übernahme der Kosten"',
    '"Platz der Deutschen Einheit"',
    '"Stellungnahme Bauleitplanung"',
    '"Frau Müller"',
    '"Herrn Schneider"',
    '"seit Wochen"',
    '"Verlängerung bis zum"',
    '"illegale Müllablagerung"',
    '"Sondernutzung öffentlicher Straßen"',
    '"Instandhaltung Schulgebäude"',
    '"Kita Regenbogen"',
)
MISSPELLED = (
    "Grundsteuerbeschied",
    "Baugenehmigunf",
    "Strasenbeleuchtung",
    "Parkverstos",
    "Widersprch",
    "Kitaplatz",
    "Wohngled",
    "Schülerbeförderumg",
    "Hundestuer",
    "Lärmbeschwerdc",
    "Baumfälgenehmigung",
    "Ratenzahlumg",
    "Meldebeschienigung",
    "Bebauungsplam",
    "Grundsicherumg",
    "Gewerbeanmledung",
    "Flächennutzungsplna",
    "Elternbeitrage",
    "Sperrmülabholung",
    "Vollstreckumg",
    "Unterhaltsvorschus",
    "Zweitwohnungssteuer",
    "Friedhofsgebüren",
    "Dienstaufsichtsbeschwerbe",
)
AND_SECOND = (
    "Widerspruch",
    "Frist",
    "Zahlung",
    "Antrag",
    "Nachbar",
    "Kosten",
    "dringend",
    "Kopie",
    "Erstattung",
    "Rückfragen",
    "Vollmacht",
    "Straße",
    "Kinder",
    "Termin",
    "Schaden",
    "Rechnung",
    "defekt",
    "Gutachten",
    "Verlängerung",
    "Ratenzahlung",
)


@dataclass(frozen=True)
class BenchQuery:
    kind: str
    query: SearchQuery

    def describe(self) -> str:
        q = self.query
        extra = []
        if q.departments is not None:
            extra.append(f"dept={','.join(sorted(q.departments))}")
        if q.station:
            extra.append(f"station={q.station}")
        if q.received_from:
            extra.append(f"from={q.received_from:%Y-%m-%d}")
        if q.received_to:
            extra.append(f"to={q.received_to:%Y-%m-%d}")
        return f"{self.kind:<10} {q.text!r} {' '.join(extra)}".rstrip()


KIND_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("word", 26),
    ("inflected", 16),
    ("part", 10),
    ("and2", 26),
    ("phrase", 24),
    ("dept", 30),
    ("station", 12),
    ("date", 16),
    ("fuzzy", 30),
    ("ref", 10),
)


def make_queries(gen: CorpusGenerator, count: int, seed: int, limit: int) -> list[BenchQuery]:
    rnd = random.Random(seed)
    kinds = [k for k, w in KIND_WEIGHTS for _ in range(w)]
    departments = list(gen.info.departments)
    span_days = (gen.info.end - gen.info.start).days
    words = list(ADMIN_NOUNS) + [t for ts in gen.topics.values() for t in ts]
    compounds = [c for c, _ in gen.compounds]
    out: list[BenchQuery] = []
    for i in range(count):
        kind = kinds[i % len(kinds)] if count >= len(kinds) else rnd.choice(kinds)
        kw: dict[str, Any] = {"limit": limit}
        if kind == "word":
            text = rnd.choice(words) if rnd.random() < 0.7 else rnd.choice(compounds)
        elif kind == "inflected":
            text = rnd.choice(INFLECTED)
        elif kind == "part":
            text = rnd.choice(PARTS)
        elif kind == "and2":
            text = f"{rnd.choice(words)} {rnd.choice(AND_SECOND)}"
        elif kind == "phrase":
            text = rnd.choice(PHRASES)
        elif kind == "dept":
            dep = rnd.choice(departments)
            pool = gen.topics.get(dep) or words
            text = rnd.choice(pool) if rnd.random() < 0.6 else rnd.choice(words)
            deps = {dep} | ({rnd.choice(departments)} if rnd.random() < 0.3 else set())
            kw["departments"] = frozenset(deps)
            kw["include_unrouted"] = rnd.random() < 0.3
        elif kind == "station":
            text = rnd.choice(words)
            kw["station"] = rnd.choice(STATIONS)
        elif kind == "date":
            text = rnd.choice(words) if rnd.random() < 0.8 else rnd.choice(AND_SECOND)
            start = gen.info.start + timedelta(days=rnd.randint(0, span_days - 120))
            kw["received_from"] = start
            kw["received_to"] = start + timedelta(days=rnd.choice((30, 90, 365)))
            if rnd.random() < 0.3:
                kw["station"] = rnd.choice(STATIONS)
        elif kind == "fuzzy":
            text = rnd.choice(MISSPELLED)
        elif kind == "ref":
            r = rnd.random()
            if r < 0.4:  # an Aktenzeichen from the corpus (generated the same way)
                doc = gen.document(rnd.randrange(0, 10_000))
                text = doc.references[0]
            elif r < 0.7:
                text = f"{rnd.choice(LAST_NAMES)}"
            else:
                text = f"{rnd.choice(LAST_NAMES)} {rnd.choice(words)}"
        else:  # pragma: no cover
            raise AssertionError(kind)
        out.append(BenchQuery(kind, SearchQuery(text=text, **kw)))
    return out


# -- measurement helpers ---------------------------------------------------------


def pct(values: Sequence[float], p: float) -> float:
    """Percentile with linear interpolation (numpy's default)."""
    if not values:
        return float("nan")
    s = sorted(values)
    k = (len(s) - 1) * p / 100.0
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def du_bytes(path: Path) -> int:
    try:
        out = subprocess.run(["du", "-sb", str(path)], capture_output=True, text=True, check=True)
        return int(out.stdout.split()[0])
    except (OSError, subprocess.CalledProcessError, ValueError):
        return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def human_bytes(n: float | None) -> str:
    if n is None:
        return "-"
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024 or unit == "GiB":
            return f"{n:.1f} {unit}" if unit != "B" else f"{int(n)} B"
        n /= 1024
    return f"{n:.1f} GiB"


class SnippetTimer:
    """Wraps search.snippets.make_snippet wherever a search module imported it,
    to add up the time spent cutting snippets (both backends do it in Python)."""

    def __init__(self) -> None:
        import search.snippets as snippets_mod

        self.original = snippets_mod.make_snippet
        self.seconds = 0.0
        self.patched: list[Any] = []
        for name, module in list(sys.modules.items()):
            if (
                (name == "search" or name.startswith("search."))
                and getattr(module, "make_snippet", None) is self.original
                and name != "search.snippets"
            ):
                module.make_snippet = self._timed
                self.patched.append(module)

    def _timed(self, *args: Any, **kwargs: Any) -> str:
        t = time.perf_counter()
        try:
            return self.original(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - t

    def take(self) -> float:
        s, self.seconds = self.seconds, 0.0
        return s

    def restore(self) -> None:
        for module in self.patched:
            module.make_snippet = self.original


class TookRecorder:
    """Records Elasticsearch's server-side ``took`` of the last search call."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.original = client.search
        self.took_ms: float | None = None
        client.search = self._search  # instance attribute shadows the method

    def _search(self, *args: Any, **kwargs: Any) -> Any:
        resp = self.original(*args, **kwargs)
        try:
            self.took_ms = float(resp["took"])
        except (KeyError, TypeError):
            self.took_ms = None
        return resp

    def restore(self) -> None:
        with contextlib.suppress(AttributeError):
            del self.client.search


LOST_SECONDS = [0.0]  # time spent in failed attempts and retry sleeps (outages)


def with_retry(action: str, fn: Callable[[], Any], retries: list[str], attempts: int = 40) -> Any:
    """Run fn, retrying SearchUnavailableError (e.g. another test restarting ES)."""
    for attempt in range(attempts):
        t = time.perf_counter()
        try:
            return fn()
        except SearchUnavailableError as e:
            LOST_SECONDS[0] += time.perf_counter() - t + 3
            retries.append(f"{action}: {e}")
            if attempt == attempts - 1:
                raise
            log(f"  {action}: unavailable ({e}); retry {attempt + 1} in 3 s")
            time.sleep(3)
    raise AssertionError("unreachable")


@dataclass
class BackendResult:
    name: str
    docs: int = 0
    batch: int = 0
    index_seconds: float = 0.0
    outage_seconds: float = 0.0  # within index_seconds: failed attempts + retry waits
    finalize_seconds: float = 0.0
    batch_seconds: list[float] = field(default_factory=list)
    size_bytes: int | None = None
    size_note: str = ""
    segments: int | None = None
    latencies_ms: list[float] = field(default_factory=list)
    snippet_ms: list[float] = field(default_factory=list)
    took_ms: list[float] = field(default_factory=list)
    latencies_limit1_ms: list[float] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)
    top_ids: list[str | None] = field(default_factory=list)
    per_kind_ms: dict[str, list[float]] = field(default_factory=dict)
    per_kind_totals: dict[str, list[int]] = field(default_factory=dict)
    small_batches: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, dict[str, float]] = field(default_factory=dict)
    retries: list[str] = field(default_factory=list)
    error: str | None = None
    es_uptime_at_queries_s: float | None = None  # JVM uptime when the query phase began

    def summary(self) -> dict[str, Any]:
        lat = self.latencies_ms

        def stats(values: Sequence[float]) -> dict[str, float] | None:
            if not values:
                return None
            return {
                "p50": round(pct(values, 50), 2),
                "p95": round(pct(values, 95), 2),
                "p99": round(pct(values, 99), 2),
                "max": round(max(values), 2),
                "mean": round(statistics.fmean(values), 2),
            }

        return {
            "backend": self.name,
            "error": self.error,
            "docs": self.docs,
            "batch_size": self.batch,
            "index_seconds": round(self.index_seconds, 2),
            "index_docs_per_s": round(self.docs / self.index_seconds, 1)
            if self.index_seconds
            else None,
            "index_outage_seconds": round(self.outage_seconds, 2),
            "index_docs_per_s_excluding_outage": (
                round(self.docs / (self.index_seconds - self.outage_seconds), 1)
                if self.index_seconds > self.outage_seconds
                else None
            ),
            "finalize_seconds": round(self.finalize_seconds, 2),
            "index_plus_finalize_docs_per_s": (
                round(self.docs / (self.index_seconds + self.finalize_seconds), 1)
                if self.index_seconds
                else None
            ),
            "batch_seconds_median": round(statistics.median(self.batch_seconds), 3)
            if self.batch_seconds
            else None,
            "size_bytes": self.size_bytes,
            "size_note": self.size_note,
            "bytes_per_doc": round(self.size_bytes / self.docs, 1)
            if self.size_bytes and self.docs
            else None,
            "segments": self.segments,
            "queries": len(lat),
            "latency_ms": stats(lat),
            "snippet_ms": stats(self.snippet_ms),
            "without_snippet_ms": stats(
                [a - b for a, b in zip(lat, self.snippet_ms, strict=False)]
            ),
            "es_took_ms": stats(self.took_ms),
            "latency_limit1_ms": stats(self.latencies_limit1_ms),
            "hit_totals": (
                {
                    "median": statistics.median(self.totals),
                    "p10": pct(self.totals, 10),
                    "p90": pct(self.totals, 90),
                    "max": max(self.totals),
                    "zero": sum(1 for t in self.totals if t == 0),
                }
                if self.totals
                else None
            ),
            "per_kind": {
                k: {
                    "n": len(v),
                    "p50": round(pct(v, 50), 2),
                    "p95": round(pct(v, 95), 2),
                    "median_total": statistics.median(self.per_kind_totals[k]),
                }
                for k, v in sorted(self.per_kind_ms.items())
            },
            "small_batches": self.small_batches,
            "cpu": self.cpu,
            "retries": self.retries,
            "es_jvm_uptime_at_query_start_s": self.es_uptime_at_queries_s,
            "p95_target_met": (pct(lat, 95) < TARGET_P95_MS) if lat else None,
        }


# -- the two backends --------------------------------------------------------------


def index_docs(
    res: BackendResult,
    upsert: Callable[[Sequence[IndexedDoc]], None],
    docs: Sequence[IndexedDoc],
    batch: int,
) -> None:
    res.docs, res.batch = len(docs), batch
    lost0 = LOST_SECONDS[0]
    t0 = time.perf_counter()
    last_log = t0
    for i in range(0, len(docs), batch):
        chunk = docs[i : i + batch]
        tb = time.perf_counter()
        with_retry(f"{res.name} upsert", lambda chunk=chunk: upsert(chunk), res.retries)
        res.batch_seconds.append(time.perf_counter() - tb)
        if time.perf_counter() - last_log > 15:
            done = i + len(chunk)
            log(
                f"  {res.name}: {done}/{len(docs)} docs, {done / (time.perf_counter() - t0):.0f} docs/s"
            )
            last_log = time.perf_counter()
    res.index_seconds = time.perf_counter() - t0
    res.outage_seconds = LOST_SECONDS[0] - lost0


def run_queries(
    res: BackendResult,
    search: Callable[[SearchQuery], SearchResult],
    warmup: list[BenchQuery],
    queries: list[BenchQuery],
    snippets: SnippetTimer,
    took: TookRecorder | None,
) -> None:
    for q in warmup:
        with_retry(f"{res.name} warm-up", lambda q=q: search(q.query), res.retries)
    snippets.take()
    for q in queries:
        n_retries = len(res.retries)
        t = time.perf_counter()
        result = with_retry(f"{res.name} query", lambda q=q: search(q.query), res.retries)
        ms = (time.perf_counter() - t) * 1000
        if len(res.retries) != n_retries:
            res.retries.append(f"latency of {q.describe()} includes a retry")
        res.latencies_ms.append(ms)
        res.snippet_ms.append(snippets.take() * 1000)
        if took is not None and took.took_ms is not None:
            res.took_ms.append(took.took_ms)
        res.totals.append(result.total)
        res.top_ids.append(result.hits[0].id if result.hits else None)
        res.per_kind_ms.setdefault(q.kind, []).append(ms)
        res.per_kind_totals.setdefault(q.kind, []).append(result.total)
    # Second pass, limit=1: one stored document and one snippet per query.
    for q in queries:
        q1 = SearchQuery(
            **{**{f: getattr(q.query, f) for f in q.query.__dataclass_fields__}, "limit": 1}
        )
        t = time.perf_counter()
        with_retry(f"{res.name} query limit=1", lambda q1=q1: search(q1), res.retries)
        res.latencies_limit1_ms.append((time.perf_counter() - t) * 1000)
    snippets.take()


def small_batch_costs(
    res: BackendResult, upsert: Callable[[Sequence[IndexedDoc]], None], docs: Sequence[IndexedDoc]
) -> None:
    """Re-upsert existing documents in small calls: the per-call commit/refresh cost."""
    singles = []
    for d in docs[:10]:
        t = time.perf_counter()
        with_retry(f"{res.name} single upsert", lambda d=d: upsert([d]), res.retries)
        singles.append(time.perf_counter() - t)
    hundreds = []
    for i in range(5):
        chunk = docs[100 + i * 100 : 200 + i * 100]
        t = time.perf_counter()
        with_retry(f"{res.name} 100-doc upsert", lambda c=chunk: upsert(c), res.retries)
        hundreds.append(time.perf_counter() - t)
    res.small_batches = {
        "1_doc_call_ms_median": round(statistics.median(singles) * 1000, 1),
        "100_doc_call_ms_median": round(statistics.median(hundreds) * 1000, 1),
        "100_doc_call_docs_per_s": round(100 / statistics.median(hundreds), 1),
        f"{res.batch}_doc_call_ms_median": round(statistics.median(res.batch_seconds) * 1000, 1),
    }


def bench_embedded(
    docs: Sequence[IndexedDoc],
    warmup: list[BenchQuery],
    queries: list[BenchQuery],
    batch: int,
    meter: CpuMeter,
) -> BackendResult:
    res = BackendResult("embedded")
    tmp = Path(tempfile.mkdtemp(prefix="scanstation-bench-tantivy-"))
    snippets = SnippetTimer()
    try:
        index = emb_mod.TantivySearchIndex(tmp / "index")
        log(f"embedded: indexing {len(docs)} docs into {tmp / 'index'} (batches of {batch})")
        a = meter.snapshot()
        index_docs(res, index.upsert, docs, batch)
        res.cpu["index"] = meter.diff(a, meter.snapshot())
        res.size_bytes = du_bytes(tmp / "index")
        res.size_note = "du -sb of the index folder"
        n_ids = len(index.ids())
        assert n_ids == len(docs), (n_ids, len(docs))
        try:  # informative only; private helper
            res.segments = index._searcher().num_segments
        except Exception:
            res.segments = None
        log(
            f"embedded: {res.docs / res.index_seconds:.0f} docs/s, {human_bytes(res.size_bytes)}, "
            f"{res.segments} segments; querying"
        )
        a = meter.snapshot()
        run_queries(res, index.search, warmup, queries, snippets, None)
        res.cpu["query"] = meter.diff(a, meter.snapshot())
        small_batch_costs(res, index.upsert, docs)
    except Exception as e:  # report, keep the other backend's figures
        res.error = f"{type(e).__name__}: {e}"
        log(f"embedded failed: {res.error}")
    finally:
        snippets.restore()
        shutil.rmtree(tmp, ignore_errors=True)
    return res


def bench_elasticsearch(
    docs: Sequence[IndexedDoc],
    warmup: list[BenchQuery],
    queries: list[BenchQuery],
    batch: int,
    url: str,
    meter: CpuMeter,
) -> BackendResult:
    res = BackendResult("elasticsearch")
    name = f"bench-{secrets.token_hex(4)}"
    index = es_mod.ElasticSearchIndex(url, name, timeout=600.0)
    client = index.client
    snippets = SnippetTimer()
    took: TookRecorder | None = None
    try:
        with_retry("es check", index.check, res.retries)
        concrete = sorted(client.indices.get_alias(name=name).body)
        log(
            f"elasticsearch: indexing {len(docs)} docs into {concrete} (alias {name}, bulk batches of {batch})"
        )
        a = meter.snapshot()
        index_docs(res, index.upsert, docs, batch)
        t = time.perf_counter()
        client.indices.refresh(index=concrete)
        client.indices.flush(index=concrete, wait_if_ongoing=True)
        # Let background merges settle so the size and the queries see a steady index.
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            st = client.indices.stats(index=concrete, metric="merge")
            if st["_all"]["total"]["merges"]["current"] == 0:
                break
            time.sleep(1)
        res.finalize_seconds = time.perf_counter() - t
        res.cpu["index"] = meter.diff(a, meter.snapshot())
        st = client.indices.stats(index=concrete, metric="store,docs,segments")["_all"]["primaries"]
        res.size_bytes = int(st["store"]["size_in_bytes"])
        res.segments = int(st["segments"]["count"])
        res.size_note = f"_stats primaries store.size_in_bytes of {','.join(concrete)} (0 replicas)"
        count = int(st["docs"]["count"])
        assert count == len(docs), (count, len(docs))
        log(
            f"elasticsearch: {res.docs / res.index_seconds:.0f} docs/s (+{res.finalize_seconds:.1f}s "
            f"refresh/flush/merge), {human_bytes(res.size_bytes)}, {res.segments} segments; querying"
        )
        took = TookRecorder(client)
        a = meter.snapshot()
        res.es_uptime_at_queries_s = a[4]
        run_queries(res, index.search, warmup, queries, snippets, took)
        res.cpu["query"] = meter.diff(a, meter.snapshot())
        took.restore()
        took = None
        small_batch_costs(res, index.upsert, docs)
    except Exception as e:
        res.error = f"{type(e).__name__}: {e}"
        log(f"elasticsearch failed: {res.error}")
    finally:
        snippets.restore()
        if took is not None:
            took.restore()
        try:
            targets = sorted(client.indices.get(index=f"{name}-v*", allow_no_indices=True).body)
            if targets:
                client.indices.delete(index=",".join(targets))
            log(f"elasticsearch: deleted {targets}")
        except Exception as e:
            log(f"elasticsearch: could not delete {name}-v*: {e}")
            res.retries.append(f"cleanup failed: {e}")
        index.close()
    return res


# -- report -----------------------------------------------------------------------


def parity(results: dict[str, BackendResult], queries: list[BenchQuery]) -> dict[str, Any] | None:
    a, b = results.get("embedded"), results.get("elasticsearch")
    if not a or not b or not a.totals or not b.totals:
        return None
    same_total = sum(1 for x, y in zip(a.totals, b.totals, strict=True) if x == y)
    same_top = sum(1 for x, y in zip(a.top_ids, b.top_ids, strict=True) if x == y)
    diffs = [
        f"{q.describe()}: embedded {x} vs elasticsearch {y}"
        for q, x, y in zip(queries, a.totals, b.totals, strict=True)
        if x != y
    ]
    return {
        "same_total": same_total,
        "same_top_hit": same_top,
        "queries": len(queries),
        "total_differences": diffs[:10],
    }


def print_report(
    meta: dict[str, Any], summaries: list[dict[str, Any]], par: dict[str, Any] | None
) -> None:
    out = sys.stdout
    w = out.write
    w(
        f"\nScanstation search benchmark — {meta['docs']} docs, {meta['queries']} queries "
        f"(+{meta['warmup']} warm-up), limit {meta['limit']}, seed {meta['seed']}\n"
    )
    w(
        f"corpus: {meta['corpus']['words_median']} words/doc median "
        f"({meta['corpus']['words_p10']}–{meta['corpus']['words_p90']} p10–p90), "
        f"{human_bytes(meta['corpus']['text_bytes'])} of text, generated in {meta['generate_seconds']} s\n"
    )
    w(f"machine: {meta['machine']}\n\n")
    cols = [s["backend"] for s in summaries]

    def row(label: str, fn: Callable[[dict[str, Any]], str]) -> None:
        cells = []
        for s in summaries:
            try:
                cells.append(fn(s))
            except (TypeError, KeyError):
                cells.append("-")
        w(f"{label:<36}" + "".join(f"{c:>30}" for c in cells) + "\n")

    w(f"{'':<36}" + "".join(f"{c:>30}" for c in cols) + "\n")
    w("-" * (36 + 30 * len(cols)) + "\n")
    row("indexing: docs/s (upsert calls)", lambda s: f"{s['index_docs_per_s']:.0f}")
    row(
        "  batch size / median call",
        lambda s: f"{s['batch_size']} / {s['batch_seconds_median']:.2f} s",
    )
    row("  total indexing time", lambda s: f"{s['index_seconds']:.1f} s")
    row("  of which outage (failed+waits)", lambda s: f"{s['index_outage_seconds']:.1f} s")
    row("  docs/s excluding outage", lambda s: f"{s['index_docs_per_s_excluding_outage']:.0f}")
    row("  + refresh/flush/merge settle", lambda s: f"{s['finalize_seconds']:.1f} s")
    row("  docs/s incl. settle", lambda s: f"{s['index_plus_finalize_docs_per_s']:.0f}")
    row(
        "  1-doc upsert call (median)",
        lambda s: f"{s['small_batches']['1_doc_call_ms_median']:.0f} ms",
    )
    row(
        "  100-doc upsert call (median)",
        lambda s: f"{s['small_batches']['100_doc_call_ms_median']:.0f} ms",
    )
    row("index size on disk", lambda s: human_bytes(s["size_bytes"]))
    row("  bytes/doc, segments", lambda s: f"{s['bytes_per_doc']:.0f} B, {s['segments']} seg")
    row("query latency p50", lambda s: f"{s['latency_ms']['p50']:.1f} ms")
    row("query latency p95", lambda s: f"{s['latency_ms']['p95']:.1f} ms")
    row("query latency p99", lambda s: f"{s['latency_ms']['p99']:.1f} ms")
    row(
        "query latency max / mean",
        lambda s: f"{s['latency_ms']['max']:.0f} / {s['latency_ms']['mean']:.1f} ms",
    )
    row(
        f"p95 < {TARGET_P95_MS:.0f} ms target",
        lambda s: (
            "MET"
            if s["p95_target_met"]
            else f"MISSED by {s['latency_ms']['p95'] - TARGET_P95_MS:.1f} ms"
        ),
    )
    row(
        "  snippets (make_snippet) p50/p95",
        lambda s: f"{s['snippet_ms']['p50']:.1f} / {s['snippet_ms']['p95']:.1f} ms",
    )
    row(
        "  latency minus snippets p50/p95",
        lambda s: f"{s['without_snippet_ms']['p50']:.1f} / {s['without_snippet_ms']['p95']:.1f} ms",
    )
    row(
        "  ES server 'took' p50/p95",
        lambda s: f"{s['es_took_ms']['p50']:.0f} / {s['es_took_ms']['p95']:.0f} ms",
    )
    row(
        "  limit=1 pass p50/p95",
        lambda s: f"{s['latency_limit1_ms']['p50']:.1f} / {s['latency_limit1_ms']['p95']:.1f} ms",
    )
    row(
        "hit totals median (p10–p90)",
        lambda s: (
            f"{s['hit_totals']['median']:.0f} ({s['hit_totals']['p10']:.0f}–{s['hit_totals']['p90']:.0f})"
        ),
    )
    row(
        "  max total / zero-hit queries",
        lambda s: f"{s['hit_totals']['max']} / {s['hit_totals']['zero']}",
    )

    def cpu(phase: str) -> Callable[[dict[str, Any]], str]:
        def fmt(s: dict[str, Any]) -> str:
            c = s["cpu"][phase]
            es = "?" if c["es_process_cores"] is None else c["es_process_cores"]
            return f"me {c['bench_process_cores']}, ES {es}, other {c['other_processes_cores']}"

        return fmt

    row("CPU cores busy: indexing", cpu("index"))
    row("CPU cores busy: queries", cpu("query"))
    row(
        "ES JVM uptime when queries began", lambda s: f"{s['es_jvm_uptime_at_query_start_s']:.0f} s"
    )
    w("\nper query kind: p50 / p95 ms (median hit total)\n")
    kinds = sorted({k for s in summaries for k in s.get("per_kind", {})})
    for k in kinds:
        cells = []
        for s in summaries:
            pk = s.get("per_kind", {}).get(k)
            cells.append(
                f"{pk['p50']:.1f} / {pk['p95']:.1f} ({pk['median_total']:.0f})" if pk else "-"
            )
        n = next((s["per_kind"][k]["n"] for s in summaries if k in s.get("per_kind", {})), 0)
        w(f"  {k:<12} n={n:<4}{'':<16}" + "".join(f"{c:>30}" for c in cells) + "\n")
    if par:
        w(
            f"\nparity: same hit total in {par['same_total']}/{par['queries']} queries, "
            f"same top hit in {par['same_top_hit']}/{par['queries']}\n"
        )
        for d in par["total_differences"]:
            w(f"  differs: {d}\n")
    for s in summaries:
        if s["error"]:
            w(f"\n{s['backend']} ERROR: {s['error']}\n")
        if s["retries"]:
            w(f"\n{s['backend']}: {len(s['retries'])} retries/notes, first: {s['retries'][0]}\n")
    w("\n")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--limit", type=int, default=20)
    ap.add_argument(
        "--only", default=",".join(BACKENDS), help="embedded,elasticsearch (comma-separated)"
    )
    ap.add_argument("--es-url", default=DEFAULT_ES_URL)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--batch-embedded", type=int, default=5000)
    ap.add_argument("--batch-es", type=int, default=2000)
    ap.add_argument(
        "--json", action="store_true", help="print the results as JSON (table to stderr)"
    )
    args = ap.parse_args(argv)
    only = [b.strip() for b in args.only.split(",") if b.strip()]
    unknown = set(only) - set(BACKENDS)
    if unknown:
        ap.error(f"unknown backend(s) {sorted(unknown)}; choose from {BACKENDS}")

    gen = CorpusGenerator(seed=args.seed)
    log(f"generating {args.docs} documents (seed {args.seed})")
    t = time.perf_counter()
    docs = list(gen.documents(args.docs))
    gen_s = time.perf_counter() - t
    words = [len(d.text.split()) for d in docs]
    queries = make_queries(gen, args.queries, args.seed + 1, args.limit)
    warmup = make_queries(gen, args.warmup, args.seed + 2, args.limit)

    es_client = None
    if "elasticsearch" in only:
        from elasticsearch import Elasticsearch

        es_client = Elasticsearch(args.es_url, request_timeout=30)
    meter = CpuMeter(es_client)
    es_version = None
    if es_client is not None:
        try:
            nodes = es_client.nodes.info(node_id="_local", filter_path="nodes.*.version")
            es_version = next(iter(nodes["nodes"].values()))["version"]
        except Exception as e:
            log(f"elasticsearch at {args.es_url} not reachable: {e}")
    meta = {
        "docs": args.docs,
        "queries": args.queries,
        "warmup": args.warmup,
        "limit": args.limit,
        "seed": args.seed,
        "generate_seconds": round(gen_s, 1),
        "corpus": {
            "words_median": statistics.median(words),
            "words_p10": round(pct(words, 10)),
            "words_p90": round(pct(words, 90)),
            "text_bytes": sum(len(d.text.encode()) for d in docs),
            "restricted": sum(d.restricted for d in docs),
            "unrouted": sum(d.department is None for d in docs),
        },
        "machine": (
            f"{platform.node()}, {os.cpu_count()} CPUs, "
            f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}, "
            f"load avg at start {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
            + (f", Elasticsearch {es_version} at {args.es_url}" if es_version else "")
        ),
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    results: dict[str, BackendResult] = {}
    if "embedded" in only:
        results["embedded"] = bench_embedded(docs, warmup, queries, args.batch_embedded, meter)
    if "elasticsearch" in only:
        results["elasticsearch"] = bench_elasticsearch(
            docs, warmup, queries, args.batch_es, args.es_url, meter
        )
    meta["load_avg_end"] = os.getloadavg()
    summaries = [r.summary() for r in results.values()]
    par = parity(results, queries)
    if args.json:
        real_stdout = sys.stdout
        sys.stdout = sys.stderr
        try:
            print_report(meta, summaries, par)
        finally:
            sys.stdout = real_stdout
        json.dump(
            {
                "meta": meta,
                "results": summaries,
                "parity": par,
                "queries": [q.describe() for q in queries],
            },
            sys.stdout,
            indent=2,
            ensure_ascii=False,
        )
        print()
    else:
        print_report(meta, summaries, par)
    if es_client is not None:
        es_client.close()
    return 1 if any(r.error for r in results.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
