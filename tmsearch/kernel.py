"""The candidate search's inner loops, compiled with numba (see ``search._collect``).

Two loops over posting rows replace a few dozen whole-array numpy passes each:

* :func:`accumulate` reads the query's posting lists (row ranges of ``post``) into the per-row
  accumulator: a *scan* list ORs its bits into (or adds its count to) every row it holds, a
  *check* list only into rows some scan list already set (a row that can only reach the
  threshold with a scanned list's hit need not be found through a check list), and into rows
  of short marks (``short``), which may reach it with the check list's hit alone.  Every row
  that turns non-zero is written once to ``touched``.
* :func:`select` reads the touched rows out (zeroing the accumulator again) and keeps only the
  rows whose upper bound, computed per row exactly as ``search._bounds`` computes it (with the
  counted slot at its full weight, which only loosens it), may reach the threshold.  It is a
  pre-filter: ``_bounds`` then computes the exact bounds of the few rows left, so the candidate
  set is the same as without it (a test compares the two).

Both release the GIL.  Compiled code is cached beside this file (``cache=True``); where that
directory is read-only, numba compiles it again in each process (about a second).
"""

from __future__ import annotations

import numpy as np
from numba import njit

#: list kinds for :func:`accumulate`
SCAN_OR, SCAN_ADD, CHECK_OR, CHECK_ADD = 0, 1, 2, 3


#: rows per block: the block's accumulator (512 KiB) stays in the core's cache
BLOCK = 1 << 16
_END = 1 << 62


@njit(inline="always")  # type: ignore[misc]
def _popcount(x: np.uint64) -> int:
    x = x - ((x >> np.uint64(1)) & np.uint64(0x5555555555555555))
    x = (x & np.uint64(0x3333333333333333)) + ((x >> np.uint64(2)) & np.uint64(0x3333333333333333))
    x = (x + (x >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return int((x * np.uint64(0x0101010101010101)) >> np.uint64(56))


@njit(inline="always")  # type: ignore[misc]
def _weights(v: np.uint64, table: np.ndarray, tmask: np.uint64, counted_w: int) -> tuple[int, int, int]:
    """Slot weight hit at each level or a stronger one; the counted slot (no Latin in the
    query) at its full weight when the row has any of its chars at that level."""
    w0 = table[int(v & tmask)]
    w1 = table[int((v >> np.uint64(16)) & tmask)]
    w2 = table[int((v >> np.uint64(32)) & tmask)]
    if counted_w:
        c0 = int((v >> np.uint64(48)) & np.uint64(31))
        c1 = c0 + int((v >> np.uint64(53)) & np.uint64(31))
        c2 = c1 + int((v >> np.uint64(58)) & np.uint64(31))
        w0 += counted_w if c0 > 0 else 0
        w1 += counted_w if c1 > 0 else 0
        w2 += counted_w if c2 > 0 else 0
    return w0, w1, w2


@njit(inline="always")  # type: ignore[misc]
def _may_reach(
    v: np.uint64,
    mk: int,
    wlen: np.ndarray,
    llen: np.ndarray,
    lsig: np.ndarray,
    table: np.ndarray,
    counted_w: int,
    need: int,
    nq: int,
    nh: int,
    nl: int,
    q_mixed: bool,
    gram_dups: int,
    sig_masks: np.ndarray,
    qsig: np.uint64,
    contain_on: bool,
    factors: np.ndarray,
    part_factor: float,
    contain_score: float,
    contain_min_wide: int,
    contain_min_latin: int,
    threshold: float,
) -> bool:
    """Whether a row with accumulator value ``v`` (of mark ``mk``) passes ``search._bounds``."""
    w0, w1, w2 = _weights(v, table, np.uint64(len(table) - 1), counted_w)
    if nl == 0 and w2 < need:
        return False
    mh = int(wlen[mk] & 0x7F)
    ml = int(llen[mk])
    lat = 0
    foreign = 0
    raw = 0
    sig = np.uint64(0)
    if nl:
        sig = np.uint64(lsig[mk])
        shared = 0
        for mask in sig_masks:
            shared += _popcount(sig & np.uint64(mask))
        raw = int(v >> np.uint64(48))
        lat = min(min(nl, ml), max((raw + gram_dups + nl + ml - 1) // 3, 0))
        foreign = _popcount(sig & (~np.uint64(sig_masks[0]) & np.uint64(0xFFFFFFFF)))
        lat = min(lat, min(shared, ml - foreign))
    m = mh + ml
    mixed = (mh > 0 and ml > 0) or q_mixed
    ub = 0.0
    for lv in range(3):
        if nh == 0 and lv > 0:
            break
        f = factors[lv]
        han = min(w0 if lv == 0 else w1 if lv == 1 else w2, mh)
        ub = max(ub, f * 200.0 * (han + lat) / max(nq + m, 1))
        if nh and mixed:
            ub = max(ub, (part_factor * f * 200.0) * han / max(nh + mh, 1))
    if nl and mixed:
        ub = max(ub, part_factor * 200.0 * lat / max(nl + ml, 1))
    if ub >= threshold:
        return True
    if not contain_on or contain_score < threshold:
        return False
    wide_inside = w0 >= nh and mh > nh
    wide_around = mh >= contain_min_wide and mh < nh and w0 >= mh
    if nh >= contain_min_wide and (wide_inside or wide_around):
        return True
    if nl:
        if nl >= contain_min_latin and ml > nl and raw + gram_dups >= nl - 1 and (sig & qsig) == qsig:
            return True
        if ml >= contain_min_latin and ml < nl and foreign == 0 and raw >= _popcount(sig) - 1:
            return True
    return False


@njit(cache=True, nogil=True)  # type: ignore[misc]
def collect(
    post: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    kinds: np.ndarray,
    list_vals: np.ndarray,
    short: int,
    out_rows: np.ndarray,
    out_vals: np.ndarray,
    n: int,
    smark: np.ndarray,
    wlen: np.ndarray,
    llen: np.ndarray,
    lsig: np.ndarray,
    table: np.ndarray,
    counted_w: int,
    need: int,
    nq: int,
    nh: int,
    nl: int,
    q_mixed: bool,
    gram_dups: int,
    sig_masks: np.ndarray,
    contain_sig: int,
    contain_on: bool,
    factors: np.ndarray,
    part_factor: float,
    contain_score: float,
    contain_min_wide: int,
    contain_min_latin: int,
    threshold: float,
    level_needs: np.ndarray,
    latin_min: int,
) -> tuple[np.ndarray, np.ndarray]:
    """The rows of the lists (``post[starts[j]:ends[j]]``, scanned ones first) whose bound may
    reach ``threshold``, each once, with their accumulator values (copied out of ``out_rows``
    and ``out_vals``, buffers of at least as many rows as the lists may hold apart).

    Rows are taken a block (:data:`BLOCK` rows) at a time from every list (each list's next
    row is kept in ``head``, so that a list with nothing in the block is not read), into an
    accumulator of one block that stays in the core's cache; each block's touched rows are
    judged and the accumulator zeroed before the next block.
    """
    qsig = np.uint64(contain_sig)
    tmask = np.uint64(len(table) - 1)
    n0, n1, n2 = level_needs[0], level_needs[1], level_needs[2]
    not_sig0 = ~np.uint64(sig_masks[0] if len(sig_masks) else 0) & np.uint64(0xFFFFFFFF)
    nlists = len(starts)
    cursor = starts.copy()
    head = np.empty(nlists, np.int64)
    for j in range(nlists):
        head[j] = post[cursor[j]] if cursor[j] < ends[j] else _END
    local = np.zeros(BLOCK, np.uint64)
    touched = np.empty(BLOCK, np.int32)
    nk = 0
    while True:
        nxt = _END
        for j in range(nlists):
            nxt = min(nxt, head[j])
        if nxt == _END:
            break
        b0 = nxt - nxt % BLOCK
        b1 = b0 + BLOCK
        nt = 0
        for j in range(nlists):
            if head[j] >= b1:
                continue
            kind = kinds[j]
            val = list_vals[j]
            p = cursor[j]
            e = ends[j]
            # one loop per kind (the kind's branch out of the loop over rows)
            if kind == SCAN_OR:
                while p < e and post[p] < b1:
                    o = post[p] - b0
                    p += 1
                    a = local[o]
                    if a == 0:
                        touched[nt] = o
                        nt += 1
                    local[o] = a | val
            elif kind == SCAN_ADD:
                while p < e and post[p] < b1:
                    o = post[p] - b0
                    p += 1
                    a = local[o]
                    if a == 0:
                        touched[nt] = o
                        nt += 1
                    local[o] = a + val
            else:
                while p < e and post[p] < b1:
                    r = post[p]
                    o = r - b0
                    p += 1
                    a = local[o]
                    if a == 0:
                        if short == 0:
                            continue
                        mk = r if r < n else smark[r - n]
                        if (wlen[mk] & 0x7F) >= short:
                            continue
                        touched[nt] = o
                        nt += 1
                    local[o] = a + val if kind == CHECK_ADD else a | val
            cursor[j] = p
            head[j] = post[p] if p < e else _END
        for i in range(nt):
            o = touched[i]
            v = local[o]
            local[o] = 0
            # necessary conditions, cheaper than the call (most rows stop here)
            r = b0 + o
            mk = r if r < n else smark[r - n]
            if nl == 0:
                w0, w1, w2 = _weights(v, table, tmask, counted_w)
                if w0 < n0 and w1 < n1 and w2 < n2:
                    continue
            elif nh == 0 and int(v >> np.uint64(48)) + gram_dups < latin_min:
                raw = int(v >> np.uint64(48))
                if not contain_on or contain_score < threshold:
                    continue
                ml = int(llen[mk])
                inside = raw + gram_dups >= nl - 1 and ml > nl
                around = ml >= contain_min_latin and ml < nl and (np.uint64(lsig[mk]) & not_sig0) == 0
                if not (inside or around):
                    continue
            if _may_reach(
                v, mk, wlen, llen, lsig, table, counted_w, need, nq, nh, nl, q_mixed, gram_dups, sig_masks,
                qsig, contain_on, factors, part_factor, contain_score, contain_min_wide, contain_min_latin, threshold,
            ):  # fmt: skip
                out_rows[nk] = r
                out_vals[nk] = v
                nk += 1
    return out_rows[:nk].copy(), out_vals[:nk].copy()
