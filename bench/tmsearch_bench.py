"""Benchmark of the tmsearch engine against brute force, in one run.

    .venv/bin/python bench/tmsearch_bench.py [--n 1000000] [--queries 1000] [--recall-queries 100]

Generates a synthetic corpus (70% Chinese 2-4 chars, 30% Latin brand-like words, random Nice
classes), builds the index in a child process (so its peak memory is measured alone), reopens
it memory-mapped, and reports: build time, peak RSS of the build, index size on disk, query
p50/p95 with and without a class filter, recall of the index against brute-force scoring of
every mark, and the brute-force baselines (rapidfuzz ``process.extract`` with ``fuzz.ratio``
over all keys, and this engine's own scorer over all marks).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import fuzz, process

from tmsearch import TrademarkIndex, build_index, normalise
from tmsearch.score import as_strings
from tmsearch.synth import Corpus


def _build(n: int, seed: int, path: str, out: mp.Queue) -> None:
    """Child process: generate the corpus and build the index; report timings and peak RSS."""
    t0 = time.perf_counter()
    marks = Corpus(seed).marks(n)
    t1 = time.perf_counter()
    rss_corpus = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    build_index(marks, path)
    t2 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.put({"generate_s": t1 - t0, "build_s": t2 - t1, "peak_rss_mb": peak, "rss_after_corpus_mb": rss_corpus / 1024})


def _pct(values: list[float], p: float) -> float:
    return float(np.percentile(values, p)) * 1000


def _dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main() -> None:
    """Run the benchmark and print a markdown report (and JSON with --json)."""
    ap = argparse.ArgumentParser(description="tmsearch benchmark")
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--recall-queries", type=int, default=100)
    ap.add_argument("--baseline-queries", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dir", type=Path, default=None, help="where to build (default: a temp dir, removed)")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()

    work = args.dir or Path(tempfile.mkdtemp(prefix="tmsearch-bench-"))
    path = work / "index"
    if path.exists():
        shutil.rmtree(path)
    res: dict = {
        "n": args.n,
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }
    q: mp.Queue = mp.get_context("fork").Queue()
    child = mp.get_context("fork").Process(target=_build, args=(args.n, args.seed, str(path), q))
    child.start()
    res.update(q.get())
    child.join()
    res["index_mb"] = _dir_size(path) / 1e6

    t = time.perf_counter()
    index = TrademarkIndex.open(path)
    res["open_ms"] = (time.perf_counter() - t) * 1000
    seg = index.base
    rng = random.Random(args.seed + 1)
    corpus = Corpus(args.seed + 2)
    sample = [seg.mark(rng.randrange(seg.n)) for _ in range(args.queries)]
    queries = [
        corpus.variant(m.text) if rng.random() < 0.8 else corpus.chinese() if rng.random() < 0.7 else corpus.latin()
        for m in sample
    ]

    for q_text in queries[:50]:  # warm up page cache and per-thread accumulators
        index.search(q_text)
    for min_score in (75.0, 60.0):
        for label in ("no_filter", "class_filter"):
            times = []
            counts = []
            for q_text, m in zip(queries, sample, strict=True):
                kw = {"classes": [m.classes[0]]} if label == "class_filter" else {}
                t = time.perf_counter()
                hits = index.search(q_text, limit=20, min_score=min_score, **kw)
                times.append(time.perf_counter() - t)
                counts.append(len(hits))
            tag = f"{label}_min{int(min_score)}"
            res[f"{tag}_p50_ms"] = _pct(times, 50)
            res[f"{tag}_p95_ms"] = _pct(times, 95)
            res[f"{tag}_mean_hits"] = statistics.mean(counts)

    for threshold in (75.0, 60.0):
        wanted = found = 0
        bf_times = []
        for q_text in queries[: args.recall_queries]:
            t = time.perf_counter()
            truth = index.brute_force(q_text, min_score=threshold)
            bf_times.append(time.perf_counter() - t)
            top = sorted(truth, key=lambda i: (-truth[i], i))[:20]
            got = {h.id for h in index.search(q_text, limit=20, min_score=threshold)}
            wanted += len(top)
            found += len(got & set(top))
        res[f"recall_at_{int(threshold)}"] = found / wanted if wanted else None
        res[f"recall_at_{int(threshold)}_pairs"] = wanted
        res[f"brute_force_engine_scorer_min{int(threshold)}_ms"] = statistics.median(bf_times) * 1000

    keys = as_strings(np.asarray(seg.codes))
    times = []
    for q_text in queries[: args.baseline_queries]:
        nq = normalise(q_text, index.ref).key  # the same folded key the engine compares
        t = time.perf_counter()
        process.extract(nq, keys, scorer=fuzz.ratio, limit=20)
        times.append(time.perf_counter() - t)
    res["baseline_rapidfuzz_extract_ratio_ms"] = statistics.median(times) * 1000
    one_class = [i for i in range(seg.n) if int(seg.cmask[i]) >> 9 & 1]
    class_keys = [keys[i] for i in one_class]
    times = []
    for q_text in queries[: args.baseline_queries]:
        nq = normalise(q_text, index.ref).key
        t = time.perf_counter()
        process.extract(nq, class_keys, scorer=fuzz.ratio, limit=20)
        times.append(time.perf_counter() - t)
    res["baseline_one_class_marks"] = len(one_class)
    res["baseline_one_class_ms"] = statistics.median(times) * 1000

    print(f"# tmsearch benchmark, n={args.n:,}, {res['date']}, {res['nproc']} cpus, Python {res['python']}")
    for k, v in res.items():
        print(f"| {k} | {v:.3f} |" if isinstance(v, float) else f"| {k} | {v} |")
    if args.json:
        args.json.write_text(json.dumps(res, indent=2))
    if args.dir is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
