"""Candidate generation and exact rescoring inside one segment.

1. Each distinct Chinese query char is a *slot*; a row hits a slot when it has the char, one of
   its shape neighbours, or a char of the same near-sound class (posting lists OR-ed into a
   per-slot bit).  Latin 2/3-grams are counted.
2. From the hits and the stored key lengths an upper bound of the Indel ratio is computed per
   row; rows that cannot reach ``min_score`` are dropped.  The Chinese bound is exact (every
   char the scorer can match is a slot hit); the Latin side needs a share of the query's
   n-grams, which is a heuristic (measured recall is reported in docs/tmsearch.md).
3. Tombstoned rows and rows outside the requested classes/groups are dropped *before* scoring.
4. The survivors (at most ``max_candidates``, the best bounds first) are rescored exactly.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import numpy as np

from .features import QuerySlot, latin_grams, query_slots
from .goods import GoodsQuery, goods_factor, goods_match
from .normalise import Norm
from .refdata import RefData
from .score import PART_FACTOR, QueryScorer
from .segment import Segment

#: A row needs at least this share of the query's Latin n-grams to count as a Latin match.
LATIN_SHARE = 0.25
MAX_CANDIDATES = 5000
_LATIN_UNIT = np.uint64(1 << 32)

_tls = threading.local()


@dataclass
class PreparedQuery:
    """Everything about a query that does not depend on the segment."""

    q: Norm
    scorer: QueryScorer
    slots: list[QuerySlot]
    grams: list[int]
    latin_needed: int
    goods: GoodsQuery
    min_score: float

    @classmethod
    def make(cls, q: Norm, ref: RefData, goods: GoodsQuery, min_score: float) -> PreparedQuery:
        """Prepare a normalised query."""
        slots = query_slots(q, ref)[:32]  # one bit per slot in a uint32 half of the accumulator
        grams = latin_grams(q.latin)
        needed = max(1, math.ceil(LATIN_SHARE * len(grams))) if grams else 1 << 30
        return cls(q, QueryScorer(q, ref), slots, grams, needed, goods, min_score)


def _accumulator(seg: Segment) -> np.ndarray:
    """A zeroed uint64 per row, reused per thread and segment (callers leave it zeroed)."""
    cache = getattr(_tls, "acc", None)
    if cache is None:
        cache = _tls.acc = {}
    acc = cache.get(id(seg))
    if acc is None or len(acc) != seg.n:
        if len(cache) > 8:
            cache.clear()
        acc = cache[id(seg)] = np.zeros(seg.n, dtype=np.uint64)
    return acc


def _han_needed(pq: PreparedQuery) -> int:
    """Least slot weight a row needs when its Latin part does not count (see :func:`_bounds`).

    Full view: 200*han/(nq+m) >= s with m >= han gives han >= s*nq/(200-s); the Chinese-part
    view: 0.9*200*han/(nh+mh) >= s with mh >= han gives han >= s*nh/(180-s).
    """
    q, s = pq.q, pq.min_score
    if not q.wide:
        return 1 << 30
    need = s * len(q.key) / (200.0 - s) if s < 200 else float("inf")
    if s < 180:
        need = min(need, s * len(q.wide) / (180.0 - s))
    return max(1, math.ceil(need - 1e-9))


def _collect(seg: Segment, pq: PreparedQuery) -> tuple[np.ndarray, np.ndarray]:
    """Rows that may score >= min_score with their hits (slot bits | Latin gram count << 32).

    Slots with the longest posting lists are not scanned when the others can still reach the
    needed weight (a row needing weight k must hit a slot outside any set of slots weighing
    less than k); those long lists then only add their bit to rows already seen.
    """
    acc = _accumulator(seg)
    need = _han_needed(pq)
    slot_lists = [[p for f in slot.features if len(p := seg.postings(f))] for slot in pq.slots]
    order = sorted(range(len(pq.slots)), key=lambda i: -sum(len(p) for p in slot_lists[i]))
    skipped: list[int] = []
    weight = 0
    for i in order:
        if weight + pq.slots[i].weight > need - 1:
            break
        weight += pq.slots[i].weight
        skipped.append(i)
    lists: list[np.ndarray] = []
    for i, plist in enumerate(slot_lists):
        if i in skipped:
            continue
        bit = np.uint64(1 << i)
        for p in plist:
            acc[p] |= bit
            lists.append(p)
    for f in pq.grams:
        p = seg.postings(f)
        if len(p):
            acc[p] += _LATIN_UNIT  # rows are distinct within one posting list
            lists.append(p)
    # Skipped slots only mark rows already seen: a sequential gather over their (sorted) lists.
    for i in skipped:
        bit = np.uint64(1 << i)
        for p in slot_lists[i]:
            seen = p[acc[p] != 0]
            acc[seen] |= bit
    rows_out: list[np.ndarray] = []
    vals_out: list[np.ndarray] = []
    # Second pass: read each row once and zero it, which both dedups and resets the accumulator.
    for p in lists:
        v = acc[p]
        nz = v != 0
        if nz.any():
            r = p[nz]
            rows_out.append(r)
            vals_out.append(v[nz])
            acc[r] = 0
    if not rows_out:
        return np.zeros(0, np.int32), np.zeros(0, np.uint64)
    return np.concatenate(rows_out), np.concatenate(vals_out)


def _bounds(seg: Segment, pq: PreparedQuery, rows: np.ndarray, vals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows whose text score may reach ``min_score``, and that upper bound, from hits and lengths."""
    q = pq.q
    nq, nh, nl = len(q.key), len(q.wide), len(q.latin)
    bits = (vals & np.uint64(0xFFFFFFFF)).astype(np.int32)
    k = np.zeros(len(rows), np.int32)
    for i, slot in enumerate(pq.slots):
        k += ((bits >> i) & 1) * slot.weight
    lat_ok = (vals >> np.uint64(32)).astype(np.int32) >= pq.latin_needed
    # Cheap first cut (no length lookups): a length-free necessary condition.
    pre = lat_ok | (k >= _han_needed(pq))
    rows, k, lat_ok = rows[pre], k[pre], lat_ok[pre]
    m = seg.klen[rows].astype(np.int32)
    mh = seg.wlen[rows].astype(np.int32)
    ml = seg.llen[rows].astype(np.int32)
    han = np.minimum(k, mh)
    lat = np.where(lat_ok, np.minimum(nl, ml), 0)
    ub = 200.0 * (han + lat) / np.maximum(nq + m, 1)
    mixed = (mh > 0) & (ml > 0) | q.mixed
    if nh:
        part = PART_FACTOR * 200.0 * han / np.maximum(nh + mh, 1)
        ub = np.where(mixed, np.maximum(ub, part), ub)
    if nl:
        part = PART_FACTOR * 200.0 * lat / np.maximum(nl + ml, 1)
        ub = np.where(mixed, np.maximum(ub, part), ub)
    keep = ub >= pq.min_score
    return rows[keep], ub[keep]


def search_segment(
    seg: Segment,
    pq: PreparedQuery,
    dead: np.ndarray | None = None,
    max_candidates: int = MAX_CANDIDATES,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows of ``seg`` scoring at least ``min_score``: (rows, final score, text score)."""
    empty = (np.zeros(0, np.int64), np.zeros(0, np.float32), np.zeros(0, np.float32))
    if seg.n == 0 or not pq.q.key:
        return empty
    rows, ub = _bounds(seg, pq, *_collect(seg, pq))
    if dead is not None and len(rows):
        alive = ~dead[rows]
        rows, ub = rows[alive], ub[alive]
    factor = np.ones(len(rows), np.float32)
    if pq.goods.active and len(rows):
        same, related = goods_match(pq.goods, seg.cmask, seg.gptr, seg.gdata, rows)
        if pq.goods.filters:
            ok = same | related
            rows, ub, same, related = rows[ok], ub[ok], same[ok], related[ok]
        factor = goods_factor(pq.goods, same, related)
    if len(rows) > max_candidates:
        top = np.argpartition(-ub, max_candidates - 1)[:max_candidates]
        rows, factor = rows[top], factor[top]
    if not len(rows):
        return empty
    order = np.argsort(rows)  # ascending rows read the memory map sequentially
    rows, factor = rows[order], factor[order]
    text = pq.scorer.score(np.asarray(seg.codes[rows]))
    final = text * factor
    ok = final >= pq.min_score
    return rows[ok], final[ok], text[ok]


def brute_force_segment(seg: Segment, pq: PreparedQuery, chunk: int = 200_000) -> tuple[np.ndarray, np.ndarray]:
    """Reference: the text score of *every* row (no index), as (rows, scores) >= min_score."""
    rows_out, scores_out = [], []
    for start in range(0, seg.n, chunk):
        s = pq.scorer.score(np.asarray(seg.codes[start : start + chunk]))
        hit = np.flatnonzero(s >= pq.min_score)
        rows_out.append(hit + start)
        scores_out.append(s[hit])
    if not rows_out:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    return np.concatenate(rows_out), np.concatenate(scores_out)
