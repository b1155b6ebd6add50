"""Quick CPU probe of the trademark search on an index built by ``tmsearch_bench.py --keep``.

    SRC=/path/to/checkout REP=3 .venv/bin/python bench/tmsearch_probe.py INDEX_DIR [QUERIES] [time|prof] [OUT.pkl]

Draws the bench's kind of queries (80 % variants of existing marks, then fresh Chinese or
Latin ones), searches each ``REP`` times (limit 20, ``min_score`` 60) with a one-class filter
and without, and prints the wall-time p50/p95 of the best of the repeats (less sensitive to other
processes than one timing; wall, not the thread's CPU, because a large search's candidate
collection runs on several threads).  ``SRC`` picks the checkout whose ``tmsearch``
is imported, so two versions can be compared alternately on the same index; ``OUT.pkl`` keeps
the (id, score) lists to check that two versions return the same hits; ``prof`` prints a
cProfile of the class-filtered run (``FILT=0``: unfiltered).
"""

import cProfile
import os
import pickle
import pstats
import sys
import time

sys.path.insert(0, os.environ.get("SRC", os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from tmsearch import TrademarkIndex
from tmsearch.synth import query_stream

REP = int(os.environ.get("REP", "3"))


def main() -> None:
    path = sys.argv[1]
    nq = int(sys.argv[2]) if len(sys.argv) > 2 else 150
    mode = sys.argv[3] if len(sys.argv) > 3 else "time"
    index = TrademarkIndex.open(path)
    seg = index.base
    sample, queries = query_stream(seg.mark, seg.n, nq)
    for q in queries[:50]:  # warm up
        index.search(q)
        index.search(q, classes=[1])

    def run(filt: bool, reps: int) -> tuple[float, float, list]:
        cpu: list[float] = []
        res: list[list[tuple[int, float]]] = []
        for q, m in zip(queries, sample, strict=True):
            classes = [m.classes[0]] if filt else None
            best = 1e9
            for _ in range(reps):
                # wall time: the collection of large searches runs on several threads
                c0 = time.perf_counter()
                hits = index.search(q, classes=classes, limit=20, min_score=60.0)
                best = min(best, time.perf_counter() - c0)
            cpu.append(best)
            res.append([(h.id, h.score) for h in hits])
        cpu.sort()
        return cpu[len(cpu) // 2] * 1000, cpu[int(len(cpu) * 0.95)] * 1000, res

    if mode == "prof":
        pr = cProfile.Profile()
        pr.enable()
        run(os.environ.get("FILT", "1") == "1", 1)
        pr.disable()
        pstats.Stats(pr).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(int(os.environ.get("TOPN", "30")))
        return
    out = {}
    for filt in [f for f in (True, False) if os.environ.get("FILT", "") in ("", str(int(f)))]:
        p50, p95, res = run(filt, REP)
        print(f"class filter={filt}: wall p50 {p50:.2f} ms, p95 {p95:.2f} ms (best of {REP})")
        out[filt] = res
    if len(sys.argv) > 4:
        with open(sys.argv[4], "wb") as fh:
            pickle.dump(out, fh)


if __name__ == "__main__":
    main()
