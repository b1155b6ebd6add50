"""Compile the engine's kernels ahead of the first search: ``python -m tmsearch.warm``.

``tmsearch.kernel`` is compiled by numba at its first call and cached beside it
(``cache=True``); without the cache the first search of a process waits for the compilation,
about 20 s for a Chinese query and 7 s more for a Latin one on a 2-core machine.  ``make
install`` runs this once after the kernel changes, so that neither the server's first search nor
a test's waits for it.  It builds a tiny index in a temporary directory and searches it the ways
that reach every kernel (Chinese, Latin below 200/3 and long Latin queries, mixed, with and
without a class filter).  Segments are read-only however made (``Segment.__post_init__``), so
these signatures serve mapped and in-memory ones alike.  A read-only package directory only
makes it compile in memory.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np

from .index import build_index
from .kernel import lower_bounds
from .types import Mark

#: marks and queries that reach every compiled path (the texts are this module's own)
TEXTS = ("梦之蓝", "蓝之梦", "新梦之蓝", "DREAM BLUE", "mengzhilan", "Fouo", "Numo", "加拿大鹅 GOOSE", "干妈")
QUERIES = (("梦之蓝", 60.0), ("nFusom", 45.0), ("dreamblueskyhighlands", 60.0), ("加拿大 goose", 60.0))


def main() -> None:
    t = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="tmsearch-warm-") as tmp:
        index = build_index([Mark(i + 1, text, (33,)) for i, text in enumerate(TEXTS)], Path(tmp) / "ix")
        for text, min_score in QUERIES:
            for classes in ([33], None):
                index.search(text, classes=classes, min_score=min_score)
        # the cut of large lists for threads (an unfiltered search of millions of marks)
        seg = index.base
        ends = seg.fptr[1:].astype(np.int64)
        lower_bounds(seg.post, seg.fptr[:-1].astype(np.int64), ends, np.zeros(len(ends), np.int64))
    print(f"tmsearch: kernels compiled and cached in {time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main()
