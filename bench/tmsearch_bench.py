"""Benchmark of the tmsearch engine against brute force and PostgreSQL pg_trgm, in one run.

    .venv/bin/python bench/tmsearch_bench.py [--n 1000000] [--queries 1000] [--recall-queries 100]
        [--no-pg] [--pg-knn-max 2000000] [--dir DIR] [--json FILE]

1. Generates a synthetic corpus (``tmsearch.synth``: 70% Chinese marks of 2-4 chars drawn by
   corpus char frequency, 30% Latin brand-like words, 1-3 of the 45 Nice classes each) lazily
   inside a child process that builds the index, so the build's peak RSS is measured alone and
   the corpus is never held in memory; generation time is measured apart from build time.
2. Reopens the index memory-mapped and times ``search`` (limit 20) on variant and fresh
   queries, with and without a one-class filter, at ``min_score`` 75 and 60.
3. recall@20: for each recall query, the exhaustive top 20 (every mark scored with the engine's
   own similarity function, ties by id, the look-alike 100 -> 98 cap applied) among marks at or
   above the threshold, against the index's top 20; recall = sum |index top-20 & exhaustive
   top-20| / sum |exhaustive top-20|.  Also reported tie-aware (an index hit counts when its
   exhaustive score is >= the 20th exhaustive score), and for the class-filtered search
   against the exhaustive top 20 within that class.
4. Baselines on the same corpus and keys: rapidfuzz ``process.extract`` (``fuzz.ratio``, top 20)
   over all keys and within one class; the engine's scorer over every mark; PostgreSQL 15
   pg_trgm on the same folded keys: ``%`` (GIN, ``ORDER BY similarity DESC LIMIT 20``), with and
   without a class filter, and ``<->`` KNN with a GiST index (up to ``--pg-knn-max`` marks).

``--queries 0 --recall-queries 0 --baseline-queries 0 --no-pg --dir DIR --keep`` only builds and
keeps an index (for ``tmsearch_ab.py`` and later runs with ``--reuse``).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import fuzz, process

from tmsearch import TrademarkIndex, build_index, normalise
from tmsearch.goods import goods_query
from tmsearch.score import LOOKALIKE_SCORE, as_strings
from tmsearch.search import PreparedQuery, brute_force_segment
from tmsearch.synth import Corpus, query_stream

TOP = 20


def _log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class _Timed:
    """Iterator wrapper that adds up the time spent producing items (the corpus generator)."""

    def __init__(self, it) -> None:
        self.it = iter(it)
        self.seconds = 0.0

    def __iter__(self):
        return self

    def __next__(self):
        t = time.perf_counter()
        try:
            return next(self.it)
        finally:
            self.seconds += time.perf_counter() - t


def _build(n: int, seed: int, path: str, out: mp.Queue) -> None:
    """Child process: generate the corpus lazily and build the index; report timings and peak RSS."""
    corpus = Corpus(seed)
    marks = _Timed(corpus.mark(i + 1) for i in range(n))
    t = time.perf_counter()
    build_index(marks, path)
    total = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.put({"generate_s": marks.seconds, "build_s": total - marks.seconds, "build_peak_rss_mb": peak})


def _pct(values: list[float], p: float) -> float:
    return float(np.percentile(values, p)) * 1000


def _dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


# ------------------------------------------------------------------------------ exhaustive truth
_WORKER_INDEX: TrademarkIndex | None = None


def _worker_init(path: str) -> None:
    global _WORKER_INDEX
    _WORKER_INDEX = TrademarkIndex.open(path)


def _exhaustive(q_text: str, threshold: float = 60.0) -> tuple[np.ndarray, np.ndarray, float]:
    """(marks, scores, seconds): every mark's engine score >= threshold, look-alike cap applied."""
    index = _WORKER_INDEX
    assert index is not None, "the worker opens the index first"
    ref = index.ref
    t = time.perf_counter()
    q = normalise(q_text, ref)
    pq = PreparedQuery.make(q, ref, goods_query(), threshold)
    marks, scores = brute_force_segment(index.base, pq)
    dt = time.perf_counter() - t
    scores = scores.astype(np.float64)
    for i in np.flatnonzero(scores >= 99.995):
        if normalise(index.base.text(int(marks[i])), ref).plain != q.plain:
            scores[i] = LOOKALIKE_SCORE
    return marks, np.round(scores, 2), dt


def _top(ids: np.ndarray, scores: np.ndarray, k: int = TOP) -> tuple[list[int], float | None]:
    order = np.lexsort((ids, -scores))[:k]
    return ids[order].tolist(), (float(scores[order[-1]]) if len(order) else None)


# ------------------------------------------------------------------------------ PostgreSQL
def _pg(args, seg, queries, sample, truth_top, res) -> None:
    import psycopg

    dsn = f"host={args.pg_host} user=postgres"
    admin = psycopg.connect(f"{dsn} dbname=postgres", autocommit=True)
    admin.execute(f"DROP DATABASE IF EXISTS {args.pg_db}")
    admin.execute(f"CREATE DATABASE {args.pg_db} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'")
    con = psycopg.connect(f"{dsn} dbname={args.pg_db}", autocommit=True)
    con.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    con.execute("CREATE UNLOGGED TABLE marks (id bigint, key text, cmask bigint)")
    t = time.perf_counter()
    with con.cursor() as cur, cur.copy("COPY marks (id, key, cmask) FROM STDIN") as cp:
        for start in range(0, seg.n, 200_000):
            rows = np.arange(start, min(start + 200_000, seg.n))
            keys = as_strings(seg.key_codes(rows))
            ids = seg.ids[rows].tolist()
            cm = seg.cmask[rows].astype(np.int64).tolist()
            cp.write("".join(f"{i}\t{k}\t{c}\n" for i, k, c in zip(ids, keys, cm, strict=True)).encode())
    res["pg_load_s"] = time.perf_counter() - t
    _log(f"pg: loaded {seg.n:,} rows in {res['pg_load_s']:.1f}s")
    con.execute("SET maintenance_work_mem = '2GB'")
    t = time.perf_counter()
    con.execute("CREATE INDEX marks_trgm_gin ON marks USING gin (key gin_trgm_ops)")
    res["pg_gin_build_s"] = time.perf_counter() - t
    con.execute("VACUUM ANALYZE marks")
    res["pg_gin_mb"] = con.execute("SELECT pg_relation_size('marks_trgm_gin')").fetchone()[0] / 1e6  # type: ignore[index]  # a size query answers one row
    res["pg_table_mb"] = con.execute("SELECT pg_relation_size('marks')").fetchone()[0] / 1e6  # type: ignore[index]  # a size query answers one row
    _log(f"pg: GIN built in {res['pg_gin_build_s']:.1f}s")
    nq = args.pg_queries
    qkeys = [normalise(q, seg_ref()).key for q in queries[:nq]]
    sql_all = "SELECT id FROM marks WHERE key %% %s ORDER BY similarity(key, %s) DESC, id LIMIT 20"
    sql_cls = "SELECT id FROM marks WHERE key %% %s AND cmask & %s <> 0 ORDER BY similarity(key, %s) DESC, id LIMIT 20"
    for label in ("no_filter", "class_filter"):
        times = []
        for qk, m in zip(qkeys, sample, strict=False):
            if not qk:
                continue
            t = time.perf_counter()
            if label == "no_filter":
                con.execute(sql_all, (qk, qk)).fetchall()
            else:
                con.execute(sql_cls, (qk, 1 << m.classes[0], qk)).fetchall()
            times.append(time.perf_counter() - t)
        res[f"pg_trgm_gin_{label}_p50_ms"] = _pct(times, 50)
        res[f"pg_trgm_gin_{label}_p95_ms"] = _pct(times, 95)
    # overlap of pg_trgm's answer with the engine's exhaustive top 20 (>= 60), for reference
    found = wanted = 0
    for q_text, top in truth_top:
        qk = normalise(q_text, seg_ref()).key
        if not qk or not top:
            continue
        got = {r[0] for r in con.execute(sql_all, (qk, qk)).fetchall()}
        wanted += len(top)
        found += len(got & set(top))
    res["pg_trgm_overlap_with_exhaustive_top20"] = found / wanted if wanted else None
    _log("pg: GIN queries done")
    if seg.n <= args.pg_knn_max:
        t = time.perf_counter()
        con.execute("CREATE INDEX marks_trgm_gist ON marks USING gist (key gist_trgm_ops)")
        res["pg_gist_build_s"] = time.perf_counter() - t
        res["pg_gist_mb"] = con.execute("SELECT pg_relation_size('marks_trgm_gist')").fetchone()[0] / 1e6  # type: ignore[index]  # a size query answers one row
        _log(f"pg: GiST built in {res['pg_gist_build_s']:.1f}s")
        times = []
        for qk in qkeys[: max(nq // 2, 1)]:
            if not qk:
                continue
            t = time.perf_counter()
            con.execute("SELECT id FROM marks ORDER BY key <-> %s LIMIT 20", (qk,)).fetchall()
            times.append(time.perf_counter() - t)
        res["pg_trgm_gist_knn_p50_ms"] = _pct(times, 50)
        res["pg_trgm_gist_knn_p95_ms"] = _pct(times, 95)
    con.close()
    try:
        # DROP DATABASE waits for every backend to absorb a barrier; one stuck client elsewhere
        # (seen on this shared server) would hang the bench after all figures are taken
        admin.execute("SET statement_timeout = '60s'")
        admin.execute(f"DROP DATABASE IF EXISTS {args.pg_db}")
    except psycopg.Error as exc:
        _log(f"pg: could not drop {args.pg_db} ({exc!r}); left in place")
    admin.close()


_REF = None


def seg_ref():
    global _REF
    if _REF is None:
        from tmsearch import load_refdata

        _REF = load_refdata()
    return _REF


def _partial(args, res: dict) -> None:
    """Write the figures taken so far to --json (a long 10M run stopped later keeps them)."""
    if args.json:
        args.json.write_text(json.dumps(res, indent=2))


# ------------------------------------------------------------------------------ main
def _ratios(res: dict[str, Any]) -> None:
    """The engine against the baselines, from the timed figures (a run with --queries 0 has none)."""
    p95 = res["query_class_filter_min60_p95_ms"]
    res["ratio_rapidfuzz_all_vs_engine_p50"] = res["rapidfuzz_extract_all_ms"] / res["query_no_filter_min60_p50_ms"]
    res["ratio_rapidfuzz_class_vs_engine_class_p50"] = (
        res["rapidfuzz_extract_one_class_ms"] / res["query_class_filter_min60_p50_ms"]
    )
    res["ratio_engine_brute_force_vs_engine_p50"] = (
        res["brute_force_engine_scorer_ms"] / res["query_no_filter_min60_p50_ms"]
    )
    if "pg_trgm_gin_no_filter_p50_ms" in res:
        res["ratio_pg_gin_vs_engine_p50"] = res["pg_trgm_gin_no_filter_p50_ms"] / res["query_no_filter_min60_p50_ms"]
        res["ratio_pg_gin_class_vs_engine_class_p95"] = res["pg_trgm_gin_class_filter_p95_ms"] / p95
    if "pg_trgm_gist_knn_p50_ms" in res:
        res["ratio_pg_gist_knn_vs_engine_p50"] = res["pg_trgm_gist_knn_p50_ms"] / res["query_no_filter_min60_p50_ms"]


def main() -> None:
    """Run the benchmark and print a markdown report (and JSON with --json)."""
    ap = argparse.ArgumentParser(description="tmsearch benchmark")
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--recall-queries", type=int, default=100)
    ap.add_argument("--baseline-queries", type=int, default=20)
    ap.add_argument("--pg-queries", type=int, default=200)
    ap.add_argument("--no-pg", action="store_true", help="skip the PostgreSQL pg_trgm baseline")
    ap.add_argument("--pg-knn-max", type=int, default=2_000_000, help="GiST KNN only up to this many marks")
    ap.add_argument("--pg-host", default="127.0.0.1")
    ap.add_argument("--pg-db", default="tmsearch_bench")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dir", type=Path, default=None, help="where to build (default: a temp dir, removed)")
    ap.add_argument("--keep", action="store_true", help="keep the index in --dir")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument(
        "--reuse",
        action="store_true",
        help="use the index already in --dir/index (from a --keep run with the same --n/--seed): no build figures",
    )
    args = ap.parse_args()

    work = args.dir or Path(tempfile.mkdtemp(prefix="tmsearch-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    path = work / "index"
    if path.exists() and not args.reuse:
        shutil.rmtree(path)
    mem = subprocess.run(["/usr/bin/free", "-h"], capture_output=True, text=True).stdout.splitlines()
    res: dict = {
        "n": args.n,
        "nproc": os.cpu_count(),
        "mem": " ".join(mem[1].split()[:4]) if len(mem) > 1 else "",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "loadavg_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    ctx = mp.get_context("fork")
    if args.reuse and (path / "CURRENT").exists():
        res["build"] = "reused from an earlier --keep run (no build figures)"
    else:
        _log(f"building {args.n:,} marks in {path}")
        q: mp.Queue = ctx.Queue()
        child = ctx.Process(target=_build, args=(args.n, args.seed, str(path), q))
        child.start()
        res.update(q.get())
        child.join()
    size = _dir_size(path)
    res["index_mb"] = size / 1e6
    res["index_bytes_per_mark"] = size / args.n
    _log(f"index ready: {res.get('build_s', 0):.1f}s build, {res['index_bytes_per_mark']:.1f} B/mark")

    t = time.perf_counter()
    index = TrademarkIndex.open(path)
    res["open_ms"] = (time.perf_counter() - t) * 1000
    seg = index.base
    sample, queries = query_stream(seg.mark, seg.n, args.queries, args.seed)

    for q_text in queries[:100]:  # warm up page cache and per-thread accumulators
        index.search(q_text)
        index.search(q_text, classes=[1])
    for min_score in (75.0, 60.0) if queries else ():  # --queries 0: only build (and --keep) the index
        for label in ("no_filter", "class_filter"):
            times = []
            cpu = []
            pcpu = []
            counts = []
            for q_text, m in zip(queries, sample, strict=True):
                kw: dict[str, Any] = {"classes": [m.classes[0]]} if label == "class_filter" else {}
                c0 = time.thread_time()
                p0 = time.process_time()
                t = time.perf_counter()
                hits = index.search(q_text, limit=TOP, min_score=min_score, **kw)
                times.append(time.perf_counter() - t)
                cpu.append(time.thread_time() - c0)
                pcpu.append(time.process_time() - p0)
                counts.append(len(hits))
            tag = f"{label}_min{int(min_score)}"
            res[f"query_{tag}_loadavg"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
            res[f"query_{tag}_p50_ms"] = _pct(times, 50)
            res[f"query_{tag}_p95_ms"] = _pct(times, 95)
            res[f"query_{tag}_p99_ms"] = _pct(times, 99)
            # CPU time of the searching thread: the same figure without other processes' load
            res[f"query_{tag}_cpu_p50_ms"] = _pct(cpu, 50)
            res[f"query_{tag}_cpu_p95_ms"] = _pct(cpu, 95)
            # CPU of the whole process: a large search's candidate collection runs on several
            # threads, so the searching thread's own CPU no longer holds all its work
            res[f"query_{tag}_process_cpu_p50_ms"] = _pct(pcpu, 50)
            res[f"query_{tag}_process_cpu_p95_ms"] = _pct(pcpu, 95)
            res[f"query_{tag}_mean_hits"] = statistics.mean(counts)
    _log("query timings done")
    _partial(args, res)

    # Exhaustive scoring with the engine's similarity function, on every core.
    rq = queries[: args.recall_queries]
    with ctx.Pool(os.cpu_count() or 1, initializer=_worker_init, initargs=(str(path),)) as pool:
        t = time.perf_counter()
        exhaustive = pool.map(_exhaustive, rq, chunksize=1)
        res["exhaustive_wall_s"] = time.perf_counter() - t
    if exhaustive:
        res["brute_force_engine_scorer_ms"] = statistics.median(e[2] for e in exhaustive) * 1000
    _log("exhaustive scoring done")
    truth_top60 = []
    for threshold in (75.0, 60.0):
        for label in ("no_filter", "class_filter"):
            wanted = found = found_ties = 0
            for q_text, m, (marks, scores, _) in zip(rq, sample, exhaustive, strict=False):
                ok = scores >= threshold
                if label == "class_filter":
                    ok &= (seg.cmask[marks] >> np.uint64(m.classes[0])) & np.uint64(1) == 1
                ids = seg.ids[marks[ok]].astype(np.int64)
                top, kth = _top(ids, scores[ok])
                if label == "no_filter" and threshold == 60.0:
                    truth_top60.append((q_text, top))
                kw = {"classes": [m.classes[0]]} if label == "class_filter" else {}
                got = index.search(q_text, limit=TOP, min_score=threshold, **kw)
                wanted += len(top)
                found += len({h.id for h in got} & set(top))
                found_ties += min(len(top), sum(1 for h in got if kth is not None and h.score >= kth - 0.01))
            tag = f"{label}_min{int(threshold)}"
            res[f"recall@20_{tag}"] = found / wanted if wanted else None
            res[f"recall@20_{tag}_tie_aware"] = found_ties / wanted if wanted else None
            res[f"recall@20_{tag}_truth_hits"] = wanted
    _log("recall done")
    _partial(args, res)

    if queries[: args.baseline_queries]:  # the rapidfuzz baselines
        keys = as_strings(seg.key_codes(np.arange(seg.n))) if seg.n <= 2_000_000 else None
        if keys is None:
            keys = []
            for start in range(0, seg.n, 1_000_000):
                keys += as_strings(seg.key_codes(np.arange(start, min(start + 1_000_000, seg.n))))
        times = []
        for q_text in queries[: args.baseline_queries]:
            nq = normalise(q_text, index.ref).key  # the same folded key the engine compares
            t = time.perf_counter()
            process.extract(nq, keys, scorer=fuzz.ratio, limit=TOP)
            times.append(time.perf_counter() - t)
        res["rapidfuzz_extract_all_ms"] = statistics.median(times) * 1000
        times = []
        n_class = []
        for q_text, m in list(zip(queries, sample, strict=True))[: args.baseline_queries]:
            c = m.classes[0]
            rows = np.flatnonzero((seg.cmask >> np.uint64(c)) & np.uint64(1))
            class_keys = [keys[i] for i in rows.tolist()]
            n_class.append(len(class_keys))
            nq = normalise(q_text, index.ref).key
            t = time.perf_counter()
            process.extract(nq, class_keys, scorer=fuzz.ratio, limit=TOP)
            times.append(time.perf_counter() - t)
        res["rapidfuzz_extract_one_class_ms"] = statistics.median(times) * 1000
        res["rapidfuzz_one_class_marks"] = int(statistics.median(n_class))
        del keys
        _log("rapidfuzz baselines done")

    if not args.no_pg:
        try:
            _pg(args, seg, queries, sample, truth_top60, res)
        except Exception as exc:  # report, do not lose the other figures
            res["pg_error"] = repr(exc)
            _log(f"pg failed: {exc!r}")
    res["loadavg_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    res["bench_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    if all(
        f"{k}_ms" in res for k in ("query_class_filter_min60_p95", "rapidfuzz_extract_all", "brute_force_engine_scorer")
    ):
        _ratios(res)

    print(f"# tmsearch benchmark, n={args.n:,}, {res['date']}, {res['nproc']} cpus, Python {res['python']}")
    print("| key | value |\n|---|---|")
    for k, v in res.items():
        print(f"| {k} | {v:.3f} |" if isinstance(v, float) else f"| {k} | {v} |")
    if args.json:
        args.json.write_text(json.dumps(res, indent=2))
    index = seg = None  # type: ignore[assignment]  # drop the references so their memory goes
    if args.dir is None:
        shutil.rmtree(work, ignore_errors=True)
    elif not (args.keep or args.reuse):  # a reused index was kept on purpose: leave it
        shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    main()
