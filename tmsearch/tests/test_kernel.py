"""The compiled candidate pass on its own: every row of every block, each once.

The search tests run on small registers whose rows fit in the kernel's first block; this one
spreads posting rows over several blocks (``kernel.BLOCK`` rows each), including the first and
last rows of each block, so that a row lost between blocks, or at the end of a block's bitmap
of touched rows, is seen.
"""

from __future__ import annotations

import numpy as np

from tmsearch import kernel
from tmsearch.score import CONTAIN_MIN_LATIN, CONTAIN_MIN_WIDE, CONTAIN_SCORE, PART_FACTOR


def _collect_all(lists: list[np.ndarray], n: int, wlen: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Rows and hits of a one-char Chinese query at threshold 99 (``wlen``: the marks' Chinese
    lengths, one char each by default, so that a row hitting the slot scores 100)."""
    post = np.concatenate(lists).astype(np.int32)
    ends = np.cumsum([len(x) for x in lists]).astype(np.int64)
    starts = ends - np.array([len(x) for x in lists], np.int64)
    kinds = np.full(len(lists), kernel.SCAN_OR, np.int8)
    vals = np.full(len(lists), 1 | (1 << 16) | (1 << 32), np.uint64)  # slot 0 at every level
    wlen = np.ones(n, np.uint8) if wlen is None else wlen
    llen = np.zeros(n, np.uint8)
    lsig = np.zeros(n, np.uint32)
    none8, none32 = np.zeros(0, np.uint8), np.zeros(0, np.uint32)
    out_rows, out_vals, out_ub = np.empty(n, np.int32), np.empty(n, np.uint64), np.empty(n, np.float64)
    rows, hits, _ = kernel.collect(
        post, starts, ends, kinds, vals, 0, out_rows, out_vals,
        n, wlen, llen, lsig, np.zeros(n, np.uint64), none8, none8, none32, np.zeros(0, np.uint64),
        np.array([0, 1], np.int64), 0, 1,
        1, 1, 0, False, 0, np.zeros(0, np.uint32), 0,
        False, np.array([1.0, 0.95, 0.85]), PART_FACTOR, CONTAIN_SCORE, CONTAIN_MIN_WIDE, CONTAIN_MIN_LATIN,
        99.0, np.array([1, 1, 1], np.int64), out_ub, np.zeros(0, np.int32), np.zeros(n + 1, np.int32),
        np.zeros(0, np.uint16), np.zeros((0, 128), np.uint64), np.uint64(0), np.zeros((0, 0), np.int64),
    )  # fmt: skip
    return rows, hits


def test_every_row_of_every_block_once() -> None:
    block = kernel.BLOCK
    n = 3 * block + 100
    edges = [0, 1, 63, 64, block - 65, block - 64, block - 1, block, block + 1, 2 * block - 1, 3 * block + 99]
    rng = np.random.default_rng(7)
    some = np.unique(np.concatenate([edges, rng.integers(0, n, 5000)]))
    # the same rows in two lists (a row is touched once however many lists hold it)
    rows, hits = _collect_all([some, some[::3]], n)
    assert sorted(rows.tolist()) == some.tolist()
    assert len(set(rows.tolist())) == len(rows)
    assert (hits == (1 | (1 << 16) | (1 << 32))).all()


def test_rows_that_cannot_reach_the_threshold_are_left_out() -> None:
    block = kernel.BLOCK
    n = 2 * block
    wlen = np.ones(n, np.uint8)
    wlen[block - 64 : block + 64] = 2  # a two-char mark sharing one char scores 66.7 < 99
    rows, _ = _collect_all([np.arange(n)], n, wlen)
    assert sorted(rows.tolist()) == np.flatnonzero(wlen == 1).tolist()
