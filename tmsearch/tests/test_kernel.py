"""The compiled candidate pass on its own: every row of every block, each once; and the lists
cut to class ranges.

The search tests run on small registers whose rows fit in the kernel's first block; this one
spreads posting rows over several blocks (``kernel.BLOCK`` rows each), including the first and
last rows of each block, so that a row lost between blocks, or at the end of a block's bitmap
of touched rows, is seen.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tmsearch import build_index, kernel
from tmsearch.score import CONTAIN_MIN_LATIN, CONTAIN_MIN_WIDE, CONTAIN_SCORE, PART_FACTOR


def _collect_all(
    lists: list[np.ndarray], n: int, wlen: np.ndarray | None = None, marked: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows, hits and bounds of a one-char Chinese query at threshold 99 (``wlen``: the marks'
    Chinese lengths, one char each by default, so that a row hitting the slot scores 100).
    The needs by length let every row through to the bounds; ``marked``: a bitmap of rows
    for the kernel to set the touched ones in."""
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
    return kernel.collect(
        post, starts, ends, kinds, vals, 0, 0, out_rows, out_vals,
        n, wlen, llen, lsig, np.zeros(n, np.uint64), none8, none8, none32, np.zeros(0, np.uint64),
        np.array([0, 1], np.int64), 0, 1,
        1, 1, 0, False, np.zeros(0, np.uint32), 0,
        False, np.array([1.0, 0.95, 0.85]), PART_FACTOR, CONTAIN_SCORE, CONTAIN_MIN_WIDE, CONTAIN_MIN_LATIN,
        99.0, np.ones((3, 128), np.int64), np.full(256, 1 << 30, np.int64), out_ub, np.zeros(0, np.int32),
        np.zeros(n + 1, np.int32),
        np.zeros(0, np.uint16), np.zeros((0, 128), np.uint64), np.uint64(0), np.zeros((0, 0), np.int64),
        np.zeros(0, np.uint64) if marked is None else marked,
    )  # fmt: skip


def test_every_row_of_every_block_once() -> None:
    block = kernel.BLOCK
    n = 3 * block + 100
    edges = [0, 1, 63, 64, block - 65, block - 64, block - 1, block, block + 1, 2 * block - 1, 3 * block + 99]
    rng = np.random.default_rng(7)
    some = np.unique(np.concatenate([edges, rng.integers(0, n, 5000)]))
    # the same rows in two lists (a row is touched once however many lists hold it)
    rows, hits, bounds = _collect_all([some, some[::3]], n)
    assert sorted(rows.tolist()) == some.tolist()
    assert len(set(rows.tolist())) == len(rows)
    assert (hits == (1 | (1 << 16) | (1 << 32))).all()
    assert (bounds == 100.0).all()  # the char itself in a one-char mark: 200 * 1 / (1 + 1)


def test_rows_that_cannot_reach_the_threshold_are_left_out() -> None:
    block = kernel.BLOCK
    n = 2 * block
    wlen = np.ones(n, np.uint8)
    wlen[block - 64 : block + 64] = 2  # a two-char mark sharing one char scores 66.7 < 99
    rows, _, _ = _collect_all([np.arange(n)], n, wlen)
    assert sorted(rows.tolist()) == np.flatnonzero(wlen == 1).tolist()


def test_feature_ranges_at_class_boundaries_equal_the_binary_search(tmp_path: Path) -> None:
    """``Segment.foff`` cuts the lists at class boundaries exactly where a binary search in each
    list would, for every class's ranges, several classes at once, and the primary prefix."""
    from tmsearch.synth import Corpus

    seg = build_index(Corpus(seed=3).marks(3_000), tmp_path / "ix").base
    feats = seg.fkeys.copy()
    owner = np.arange(len(feats), dtype=np.int64)
    no_bounds = np.zeros(0, np.int64)  # every end found by the binary search
    cases = [[(0, seg.n)], [(0, seg.n_rows)], seg.class_ranges({3, 17, 30})]
    cases += [seg.class_ranges({c}) for c in range(46)]
    assert any(len(r) > 1 for r in cases)
    for ranges in cases:
        lo = np.array([r[0] for r in ranges], np.int64)
        hi = np.array([r[1] for r in ranges], np.int64)
        got = kernel.feature_ranges(seg.fkeys, seg.fptr, seg.post, seg.foff, seg.boundaries, feats, owner, lo, hi)
        want = kernel.feature_ranges(seg.fkeys, seg.fptr, seg.post, seg.foff, no_bounds, feats, owner, lo, hi)
        for g, w in zip(got, want, strict=True):
            assert np.array_equal(g, w), ranges
        # and every part lies whole within one of the ranges
        a, b, _ = got
        assert all(((lo <= seg.post[x]) & (seg.post[y - 1] < hi)).any() for x, y in zip(a, b, strict=True))


def test_the_rows_the_lists_touch_are_marked() -> None:
    """The bitmap of touched rows (what ``scan_latin`` skips: they share a list's feature) has
    exactly the lists' rows set, in every block, also rows the threshold leaves out."""
    block = kernel.BLOCK
    n = 3 * block + 100
    wlen = np.ones(n, np.uint8)
    wlen[::5] = 2  # left out by the bound, touched all the same
    rng = np.random.default_rng(11)
    edges = [0, 63, 64, block - 1, block, 2 * block + 63, 3 * block + 99]
    some = np.unique(np.concatenate([edges, rng.integers(0, n, 4000)]))
    marked = np.zeros((n >> 6) + 1, np.uint64)
    _collect_all([some, some[::7]], n, wlen, marked)
    bits = np.unpackbits(marked.view(np.uint8), bitorder="little")[:n]
    assert np.flatnonzero(bits).tolist() == some.tolist()
