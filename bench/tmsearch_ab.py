"""Paired A/B of two versions of ``tmsearch`` on one index (``tmsearch_bench.py --keep``).

    .venv/bin/python bench/tmsearch_ab.py INDEX_DIR OLD_CHECKOUT [QUERIES]      (FILT=0: no class filter)

Copies ``OLD_CHECKOUT/tmsearch`` into a temporary package ``tmsearch_old`` and imports it beside
this checkout's ``tmsearch``, opens the index with both, and searches the probe's query stream
(``tmsearch_probe.py``: 80 % variants of stored marks, then fresh Chinese or Latin ones; limit 20,
``min_score`` 60, one class filter unless ``FILT=0``) with each version **alternately**, query by
query (each version first on every other query), best of 3 wall times each (``REP=N``: best of
N; with ``REP=1`` the version that goes first reads the query's rows cold, as the bench does).
Single bench runs on a shared VM drift by tens of percent within minutes; alternating makes both
versions see the same drift.  Prints the p50 / p95 of each and how many queries got different
hits (id, score or reasons) from the two versions; ``SHOW=N`` also
prints the N queries slowest in the old version with both times.
"""

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent


def main() -> None:
    path, old_src = sys.argv[1], Path(sys.argv[2])
    nq = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    filt = os.environ.get("FILT", "1") == "1"
    pkg = Path(tempfile.mkdtemp(prefix="tmsearch-ab-"))
    try:
        # without the old checkout's compiled kernels: cached under the name ``tmsearch``, they
        # would share their symbols with this checkout's when both files define a kernel on the
        # same line, and the second one loaded fails ("'descr' is NULL")
        shutil.copytree(old_src / "tmsearch", pkg / "tmsearch_old", ignore=shutil.ignore_patterns("__pycache__"))
        (pkg / "refdata").symlink_to(HERE / "refdata")  # the tables sit beside the package
        sys.path[:0] = [str(HERE), str(pkg)]
        import tmsearch_old  # type: ignore[import-not-found]

        import tmsearch
        from tmsearch.synth import query_stream

        new = tmsearch.TrademarkIndex.open(path)
        old = tmsearch_old.TrademarkIndex.open(path)
        seg = new.base
        sample, queries = query_stream(seg.mark, seg.n, nq)
        for q, m in list(zip(queries, sample, strict=True))[:40]:  # warm up both
            for ix in (old, new):
                ix.search(q, classes=[m.classes[0]] if filt else None)
        t_old: list[float] = []
        t_new: list[float] = []
        differ = 0
        for i, (q, m) in enumerate(zip(queries, sample, strict=True)):
            kw: dict[str, Any] = {"classes": [m.classes[0]] if filt else None, "limit": 20, "min_score": 60.0}
            best = {"old": 1e9, "new": 1e9}
            hits: dict[str, Any] = {}
            # each version goes first on every other query (the second finds the rows in cache)
            turn = (("old", old), ("new", new)) if i % 2 == 0 else (("new", new), ("old", old))
            for _ in range(int(os.environ.get("REP", "3"))):
                for name, ix in turn:
                    t = time.perf_counter()
                    hits[name] = ix.search(q, **kw)
                    best[name] = min(best[name], time.perf_counter() - t)
            h_old, h_new, best_old, best_new = hits["old"], hits["new"], best["old"], best["new"]
            t_old.append(best_old)
            t_new.append(best_new)
            if [(h.id, h.score, h.reasons) for h in h_old] != [(h.id, h.score, h.reasons) for h in h_new]:
                differ += 1
                print("differs:", q)

        def pct(v: list[float], p: float) -> float:
            return sorted(v)[int(len(v) * p)] * 1000

        # SHOW=N: the N queries slowest in the old version, with both times (where a change helps)
        for i in sorted(range(nq), key=lambda i: -t_old[i])[: int(os.environ.get("SHOW", "0"))]:
            print(f"  {queries[i]!r}: old {t_old[i] * 1000:.2f} ms, new {t_new[i] * 1000:.2f} ms")
        print(
            f"class filter={filt}, {nq} queries: old p50 {pct(t_old, 0.5):.2f} ms, p95 {pct(t_old, 0.95):.2f} ms"
            f" | new p50 {pct(t_new, 0.5):.2f} ms, p95 {pct(t_new, 0.95):.2f} ms | queries with other hits: {differ}"
        )
    finally:
        shutil.rmtree(pkg, ignore_errors=True)


if __name__ == "__main__":
    main()
