"""Province-scale mark search bench (issue 21): a district register and an outside register
split into shards, searched on one node and on two.

    .venv/bin/python bench/province_marks.py --dir /work/provmarks-data \\
        [--district 3000000] [--shard 15000000] [--shards 2] [--queries 100] [--reuse] [--keep]
        [--json FILE]
    .venv/bin/python bench/province_marks.py --dir DIR --district 0 --shard 200000 --check 50

1. Builds, one after the other, each in a child process of its own (its peak RSS measured
   alone, its memory given back before the next), with the bench's generator
   (``tmsearch.synth.Corpus``, the same as ``bench/tmsearch_bench.py``): the district register
   (``--district`` marks, seed ``--seed``, ids 1..N, as portfolio trademarks are keyed) and
   ``--shards`` outside shards of ``--shard`` marks (seeds ``--seed`` + 1, + 2, ..., ids
   ``CORPUS_ID_OFFSET`` + 1... as ``similarity.index`` keys outside marks, each shard its own
   range).  Generation is timed apart from the build; CPU is the child's own.
2. Queries as in ``tmsearch_bench``: a mark drawn at random from the registers (by size),
   80 % a variant of its text, else a fresh mark; class filter = the mark's first class,
   ``min_score`` 60 (the product's default), limit 20.
3. **one node**: this process opens every register and answers each query over all of them
   with ``tmsearch.search_indexes`` (one prepared query, every segment searched, the raw top
   merged and finalised once, as one index merges its base and delta segments).
   **several nodes** (``--nodes``, 2 by default): one child process per node (the shards dealt
   round the nodes, the district register with node 1; with 2 shards: node 1 the district
   register and shard 1, node 2 shard 2), each answering with ``search_indexes`` over its own
   registers; this process sends each query to every node at once and merges their top-20
   lists by (score desc, id).  Per query: the wall time (send to merged answer) and the CPU of
   each node's searching thread; the figure to compare is the slowest node's CPU plus the
   merge's.  All nodes run on this machine, so their wall time includes waiting for a core.
   ``--per-register`` also times each register alone on the same queries (what a node holding
   only that register would spend).
4. ``--check N``: for N queries, the one-node answer, the two-node merge and (when the whole
   fits: ``--check-single``) one index built over every mark together must give the same
   (id, score) lists.

Issue 21's figures (2026-12-06, docs/performance.md, "Mark search at province scale"):

    .venv/bin/python bench/province_marks.py --dir /work/provmarks-data/full --build-only --keep
    .venv/bin/python bench/province_marks.py --dir /work/provmarks-data/full --reuse --keep \
        --queries 200 --per-register
    .venv/bin/python bench/province_marks.py --dir /work/provmarks-data/full4 --reuse --keep \
        --shards 4 --shard 7500000 --queries 200 --per-register --nodes 4
    .venv/bin/python bench/province_marks.py --dir /work/provmarks-data/check --district 100000 \
        --shard 200000 --check 50

A 15M shard peaks at 9.05 GB RSS while it builds (0.6 GB per million marks); the full set needs
~3.2 GB of disk.  ``full4`` held a link to ``full/district`` (``--reuse`` kept it).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import resource
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tmsearch import Hit, TrademarkIndex, build_index, search_indexes
from tmsearch.synth import Corpus

TOP = 20
MIN_SCORE = 60.0
#: outside marks are keyed CORPUS_ID_OFFSET + pk (similarity/index.py; not imported: no Django here)
CORPUS_ID_OFFSET = 10**12


def _log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _pct(values: list[float], p: float) -> float:
    return float(np.percentile(values, p)) * 1000


def _dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


class _Timed:
    """Iterator wrapper adding up the wall and CPU time spent producing items (the generator)."""

    def __init__(self, it) -> None:
        self.it = iter(it)
        self.seconds = 0.0
        self.cpu = 0.0

    def __iter__(self):
        return self

    def __next__(self):
        t, c = time.perf_counter(), time.process_time()
        try:
            return next(self.it)
        finally:
            self.seconds += time.perf_counter() - t
            self.cpu += time.process_time() - c


def _register_marks(seed: int, n: int, first_id: int):
    corpus = Corpus(seed)
    return (corpus.mark(first_id + i) for i in range(n))


def _build(name: str, seed: int, n: int, first_id: int, path: str, out: mp.Queue) -> None:
    """Child process: generate the register lazily and build its index."""
    marks = _Timed(_register_marks(seed, n, first_id))
    t, c = time.perf_counter(), time.process_time()
    build_index(marks, path)
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.put(
        {
            "register": name,
            "marks": n,
            "generate_s": marks.seconds,
            "generate_cpu_s": marks.cpu,
            "build_s": wall - marks.seconds,
            "build_cpu_s": cpu - marks.cpu,
            "peak_rss_mb": peak,
        }
    )


def registers(args) -> list[tuple[str, int, int, int]]:
    """(name, seed, marks, first id) of every register: the district's, then the shards."""
    out = []
    if args.district:
        out.append(("district", args.seed, args.district, 1))
    for k in range(args.shards):
        out.append((f"outside-{k + 1}", args.seed + 1 + k, args.shard, CORPUS_ID_OFFSET + 1 + k * args.shard))
    return out


def build_all(args, res: dict) -> None:
    ctx = mp.get_context("fork")
    res["builds"] = []
    for name, seed, n, first in registers(args):
        path = args.dir / name
        if args.reuse and (path / "CURRENT").exists():
            info: dict[str, Any] = {"register": name, "marks": n, "build": "reused"}
        else:
            if path.exists():
                shutil.rmtree(path)
            _log(f"building {name}: {n:,} marks (seed {seed}, ids from {first}), load {_load()}")
            q: mp.Queue = ctx.Queue()
            load0 = _load()
            child = ctx.Process(target=_build, args=(name, seed, n, first, str(path), q))
            child.start()
            info = q.get()
            child.join()
            info["load_start"], info["load_end"] = load0, _load()
        size = _dir_size(path)
        info["index_mb"] = size / 1e6
        info["bytes_per_mark"] = size / n
        _log(f"{name}: {json.dumps(info)}")
        res["builds"].append(info)
        _partial(args, res)


def _partial(args, res: dict) -> None:
    if args.json:
        args.json.write_text(json.dumps(res, indent=2))


# ------------------------------------------------------------------------------ queries
def make_queries(indexes: list[TrademarkIndex], n: int, seed: int) -> list[tuple[str, int]]:
    """(text, class) pairs: the bench's query stream over the registers together."""
    rng = random.Random(seed + 10)
    corpus = Corpus(seed + 11)
    sizes = [ix.base.n for ix in indexes]
    out = []
    for _ in range(n):
        ix = rng.choices(indexes, weights=sizes)[0]
        m = ix.base.mark(rng.randrange(ix.base.n))
        r = rng.random()
        text = corpus.variant(m.text) if r < 0.8 else corpus.chinese() if rng.random() < 0.7 else corpus.latin()
        out.append((text, m.classes[0]))
    return out


def merge(lists: list[list[Hit]], limit: int = TOP) -> list[Hit]:
    """Several registers' top lists as one: best score first, ties by id (the engine's order)."""
    return sorted((h for hits in lists for h in hits), key=lambda h: (-h.score, h.id))[:limit]


def _answer(indexes: list[TrademarkIndex], text: str, cls: int) -> list[Hit]:
    return search_indexes(indexes, text, classes=[cls], limit=TOP, min_score=MIN_SCORE)


def _node(paths: list[str], conn) -> None:
    """Child process: one node holding some registers; answers (text, class) with its top 20,
    its searching thread's CPU and wall time."""
    indexes = [TrademarkIndex.open(p) for p in paths]
    conn.send("ready")
    while True:
        msg = conn.recv()
        if msg is None:
            break
        text, cls = msg
        c, t = time.thread_time(), time.perf_counter()
        hits = _answer(indexes, text, cls)
        conn.send(([(h.id, h.score, h.text) for h in hits], time.thread_time() - c, time.perf_counter() - t))
    conn.close()


def _stats(res: dict, tag: str, walls: list[float], cpus: list[float]) -> None:
    res[f"{tag}_wall_p50_ms"] = _pct(walls, 50)
    res[f"{tag}_wall_p95_ms"] = _pct(walls, 95)
    res[f"{tag}_cpu_p50_ms"] = _pct(cpus, 50)
    res[f"{tag}_cpu_p95_ms"] = _pct(cpus, 95)


def time_searches(args, res: dict) -> None:
    regs = registers(args)
    paths = [str(args.dir / name) for name, *_ in regs]
    t = time.perf_counter()
    indexes = [TrademarkIndex.open(p) for p in paths]
    res["open_ms"] = (time.perf_counter() - t) * 1000
    queries = make_queries(indexes, args.queries, args.seed)
    warm = queries[: args.warmup]

    # ---- one node
    for text, cls in warm:
        _answer(indexes, text, cls)
    walls, cpus, one = [], [], []
    res["one_node_load_start"] = _load()
    for text, cls in queries:
        c, t = time.thread_time(), time.perf_counter()
        hits = _answer(indexes, text, cls)
        walls.append(time.perf_counter() - t)
        cpus.append(time.thread_time() - c)
        one.append([(h.id, round(h.score, 2)) for h in hits])
    res["one_node_load_end"] = _load()
    _stats(res, "one_node", walls, cpus)
    res["one_node_mean_hits"] = float(np.mean([len(h) for h in one]))
    if args.per_register:
        # each register alone on the same queries: the CPU of a node holding only that many marks
        for ix, (name, *_rest) in zip(indexes, regs, strict=True):
            walls, cpus = [], []
            for text, cls in queries:
                c, t = time.thread_time(), time.perf_counter()
                _answer([ix], text, cls)
                walls.append(time.perf_counter() - t)
                cpus.append(time.thread_time() - c)
            _stats(res, f"alone_{name}", walls, cpus)
            res[f"alone_{name}_load_end"] = _load()
    _log(f"one node: wall p95 {res['one_node_wall_p95_ms']:.1f} ms, cpu p95 {res['one_node_cpu_p95_ms']:.1f} ms")
    _partial(args, res)
    del indexes

    # ---- several nodes: the shards dealt round, the district register with node 1
    shard_paths = paths[1:] if args.district else paths
    groups = [shard_paths[k :: args.nodes] for k in range(args.nodes)]
    if args.district:
        groups[0].insert(0, paths[0])
    res["nodes"] = args.nodes
    res["node_registers"] = [[Path(p).name for p in g] for g in groups]
    ctx = mp.get_context("fork")
    conns, procs = [], []
    for g in groups:
        a, b = ctx.Pipe()
        p = ctx.Process(target=_node, args=(g, b))
        p.start()
        conns.append(a)
        procs.append(p)
    for a in conns:
        assert a.recv() == "ready"

    def ask(text: str, cls: int):
        for a in conns:
            a.send((text, cls))
        return [a.recv() for a in conns]

    for text, cls in warm:
        ask(text, cls)
    walls, cpus, merge_cpus, same = [], [], [], 0
    node_cpus: list[list[float]] = [[] for _ in groups]
    res["nodes_load_start"] = _load()
    for (text, cls), want in zip(queries, one, strict=True):
        t = time.perf_counter()
        answers = ask(text, cls)
        c = time.thread_time()
        merged = sorted((h for hits, _c, _w in answers for h in hits), key=lambda h: (-h[1], h[0]))[:TOP]
        mc = time.thread_time() - c
        walls.append(time.perf_counter() - t)
        merge_cpus.append(mc)
        for k, (_hits, nc, _w) in enumerate(answers):
            node_cpus[k].append(nc)
        cpus.append(max(nc for _h, nc, _w in answers) + mc)
        same += [(i, round(s, 2)) for i, s, _t in merged] == want
    res["nodes_load_end"] = _load()
    for a in conns:
        a.send(None)
    for p in procs:
        p.join()
    _stats(res, "nodes", walls, cpus)
    for k in range(len(groups)):
        res[f"nodes_node{k + 1}_cpu_p50_ms"] = _pct(node_cpus[k], 50)
        res[f"nodes_node{k + 1}_cpu_p95_ms"] = _pct(node_cpus[k], 95)
    res["nodes_merge_cpu_p95_ms"] = _pct(merge_cpus, 95)
    res["nodes_same_answer_as_one_node"] = f"{same}/{len(queries)}"
    _log(f"{args.nodes} nodes: wall p95 {res['nodes_wall_p95_ms']:.1f} ms, cpu p95 {res['nodes_cpu_p95_ms']:.1f} ms")
    _partial(args, res)


def check_single(args, res: dict) -> None:
    """One index over every register's marks together against the registers searched as one."""
    regs = registers(args)
    whole = args.dir / "single"
    if whole.exists():
        shutil.rmtree(whole)

    def everything():
        for _name, seed, n, first in regs:
            yield from _register_marks(seed, n, first)

    single = build_index(everything(), whole)
    indexes = [TrademarkIndex.open(args.dir / name) for name, *_ in regs]
    queries = make_queries(indexes, args.check, args.seed + 100)
    same = 0
    for text, cls in queries:
        a = [(h.id, round(h.score, 2)) for h in single.search(text, classes=[cls], limit=TOP, min_score=MIN_SCORE)]
        b = [(h.id, round(h.score, 2)) for h in _answer(indexes, text, cls)]
        c = [(h.id, round(h.score, 2)) for h in merge([_answer([ix], text, cls) for ix in indexes])]
        same += a == b == c
    res["check_single_index_same"] = f"{same}/{len(queries)}"
    _log(f"single index against the registers searched as one: {same}/{len(queries)} the same")
    shutil.rmtree(whole, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description="province-scale mark search bench (issue 21)")
    ap.add_argument("--dir", type=Path, required=True, help="where the registers are built (kept with --keep)")
    ap.add_argument("--district", type=int, default=3_000_000)
    ap.add_argument("--shard", type=int, default=15_000_000)
    ap.add_argument("--shards", type=int, default=2)
    ap.add_argument("--nodes", type=int, default=2, help="nodes of the multi-node timing (shards dealt round)")
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--reuse", action="store_true", help="use the registers already built in --dir")
    ap.add_argument("--keep", action="store_true", help="keep the registers in --dir")
    ap.add_argument("--build-only", action="store_true")
    ap.add_argument("--per-register", action="store_true", help="also time each register searched alone")
    ap.add_argument("--check", type=int, default=0, help="compare with one index over all marks, N queries")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    res: dict[str, Any] = {
        "district": args.district,
        "shards": args.shards,
        "shard": args.shard,
        "nproc": os.cpu_count(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_start": _load(),
    }
    build_all(args, res)
    if not args.build_only:
        time_searches(args, res)
        if args.check:
            check_single(args, res)
    res["load_end"] = _load()
    res["bench_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # the largest child: a builder when this run built, else a node (its mapped pages it touched)
    res["children_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"# province marks, district {args.district:,}, {args.shards} x {args.shard:,} outside, {res['date']}")
    print("| key | value |\n|---|---|")
    for k, v in res.items():
        if k == "builds":
            for b in v:
                print(f"| build {b['register']} | {json.dumps(b)} |")
        else:
            print(f"| {k} | {v:.3f} |" if isinstance(v, float) else f"| {k} | {v} |")
    _partial(args, res)
    if not args.keep:
        for name, *_ in registers(args):
            shutil.rmtree(args.dir / name, ignore_errors=True)


if __name__ == "__main__":
    main()
