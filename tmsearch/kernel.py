"""The candidate search's inner loops, compiled with numba (see ``search._collect``).

* :func:`collect` reads the query's posting lists (row ranges of ``post``) a block of
  :data:`BLOCK` rows at a time into a block-sized accumulator: a *scan* list ORs its bits into
  (or adds its count to) every row it holds, a *check* list only into rows some scan list
  already set (a row that can only reach the threshold with a scanned list's hit need not be
  found through a check list), and into rows of short Chinese marks (``short``) or of long
  Latin ones (``long_latin``), which may reach it with the check list's hit alone.  Each
  block's touched rows pass cheap necessary conditions (level weights, the Latin 2-gram and
  letter-set bounds, the containment conditions), then
* :func:`_judge` computes each remaining row's upper bound (the best of its views' bounds from
  its hits and lengths, with the letter-set and containment conditions) and keeps the rows it
  may reach the threshold with; for a Latin-only query it bounds them again by their exact LCS
  and an exact containment test.  That bound is the search's (``search._bounds`` only drops
  the rows below ``min_score`` and keeps one row per mark).
* :func:`feature_ranges` finds the query's posting lists and cuts them to the row ranges (a
  binary search per list and range); :func:`lower_bounds` cuts lists at given rows.

All release the GIL.  Compiled code is cached beside this file (``cache=True``); where that
directory is read-only, numba compiles it again in each process (about a second).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit, types
from numba.extending import intrinsic

#: list kinds for :func:`accumulate`
SCAN_OR, SCAN_ADD, CHECK_OR, CHECK_ADD = 0, 1, 2, 3


#: no 2-gram table for :func:`_judge` (its rows were found through the query's 2-gram lists)
_NO_TABLE = np.zeros(0, np.bool_)
#: rows per block: the block's accumulator (128 KiB) and buffers stay in the core's L2
BLOCK = 1 << 14
_END = 1 << 62


@njit(inline="always")
def _third(x: int) -> int:
    """``x // 3`` for ``0 <= x < 131072`` without a division (x is at most 65535 + 3 * 255 here)."""
    return (x * 43691) >> 17


@intrinsic
def _popcount(typingctx: Any, x: Any) -> Any:
    """The number of set bits of a uint64 (the CPU's popcount)."""

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        return builder.ctpop(args[0])

    return types.uint64(types.uint64), codegen


@njit(inline="always")
def _weights(v: np.uint64, table: np.ndarray, tmask: np.uint64, counted_w: int, exact: bool) -> tuple[int, int, int]:
    """Slot weight hit at each level or a stronger one (the bits of ``search._collect``'s
    accumulator, through ``PreparedQuery.weight_table``): the counted slot (no Latin in the
    query) weighs as many of its chars as the row has when ``exact`` (the mark repeats no
    Chinese char), else its full weight when the row has any."""
    w0 = table[int(v & tmask)]
    w1 = table[int((v >> np.uint64(16)) & tmask)]
    w2 = table[int((v >> np.uint64(32)) & tmask)]
    if counted_w:
        c0 = int((v >> np.uint64(48)) & np.uint64(31))
        c1 = c0 + int((v >> np.uint64(53)) & np.uint64(31))
        c2 = c1 + int((v >> np.uint64(58)) & np.uint64(31))
        if exact:
            w0 += min(c0, counted_w)
            w1 += min(c1, counted_w)
            w2 += min(c2, counted_w)
        else:
            w0 += counted_w if c0 > 0 else 0
            w1 += counted_w if c1 > 0 else 0
            w2 += counted_w if c2 > 0 else 0
    return w0, w1, w2


@njit(inline="always")
def _shared(letters: np.uint64, rep: np.uint64, sig_masks: np.ndarray) -> int:
    """How many of the Latin query's symbols (repeats counted) a common subsequence can take
    from a mark with the symbol set ``letters`` and the repeats ``rep`` (``Segment.lrep``):
    per symbol the smaller of the two counts, a mark's count of three or more taken as any.
    ``sig_masks[j]``: the query's symbols occurring more than ``j`` times."""
    shared = 0
    for j in range(len(sig_masks)):
        has = letters if j == 0 else (rep & np.uint64(0xFFFFFFFF)) if j == 1 else (rep >> np.uint64(32))
        shared += int(_popcount(has & np.uint64(sig_masks[j])))  # type: ignore[call-arg]
    return shared


@njit(inline="always")
def _letter_bound(letters: np.uint64, rep: np.uint64, sig_masks: np.ndarray, not_sig0: np.uint64, ml: int) -> int:
    """The letter-set bound of a Latin LCS: at most the query's count of the letters the mark
    has (:func:`_shared`), and the mark's length less its letters the query lacks."""
    return min(_shared(letters, rep, sig_masks), ml - int(_popcount(letters & not_sig0)))  # type: ignore[call-arg]


@njit(inline="always")
def _lat_needs(nl: int, threshold: float) -> np.ndarray:
    """Per Latin length ``ml`` (a uint8), the least LCS whose view ``200 * LCS / (nl + ml)``
    reaches the threshold (``nl + 1``: none), so that a row's bound is compared without
    floating point."""
    lat_need = np.full(256, nl + 1, np.int64)
    for ml in range(256):
        for lat in range(nl + 1):
            if 200.0 * lat >= threshold * (nl + ml):
                lat_need[ml] = lat
                break
    return lat_need


@njit(inline="always")
def _raw_needs(
    nl: int, lat_need: np.ndarray, around_needs: np.ndarray, containment: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Per Latin length ``ml``, the least 2-gram count ``raw`` of a row (a Latin-only query's
    accumulator) whose LCS bound ``min(nl, ml, (raw + nl + ml - 1) // 3)`` (see :func:`_judge`)
    reaches ``lat_need[ml]``, and the least for containment on the 2-gram count alone (the
    query inside a longer mark: ``nl - 1``; a shorter mark inside the query: ``around_needs``);
    ``1 << 30`` where none does, so that a row is judged with two lookups and no branch."""
    raw_need = np.full(256, 1 << 30, np.int64)
    cont_need = np.full(256, 1 << 30, np.int64)
    for ml in range(256):
        if min(nl, ml) >= lat_need[ml]:
            raw_need[ml] = max(0, 3 * lat_need[ml] - nl - ml + 1)
        if containment:
            cont_need[ml] = min(around_needs[ml], nl - 1 if ml > nl else 1 << 30)
    return raw_need, cont_need


@njit(cache=True, nogil=True)
def around_needs(gids: np.ndarray, weights: np.ndarray, min_latin: int) -> np.ndarray:
    """``search._around_needs`` of spellings of ``nl`` letters, given as ``gids`` (spellings x
    ``nl + 1``: each spelling's 2-grams in order, as small numbers, equal for equal 2-grams)
    and ``weights`` (per number, the 2-gram's weight): per length ``ml`` (0..255), the least
    weight of the distinct inner 2-grams of any ``spelling[i : i + ml]`` with ``min_latin <= ml
    < nl``, ``1 << 30`` elsewhere (a mark has at most 255 Latin letters: a rewriting's spelling
    may be longer, its longer parts are not looked at)."""
    least = np.full(256, 1 << 30, np.int64)
    nl = gids.shape[1] - 1
    stamp = np.full(len(weights), -1, np.int64)  # the window (spelling and start) that holds the 2-gram
    for sp in range(gids.shape[0]):
        for i in range(nl):
            mark = sp * nl + i
            total = 0
            for ml in range(2, min(nl - i + 1, 256)):
                g = gids[sp, i + ml - 1]  # 2-gram i + ml - 1 joins letters i + ml - 2 and i + ml - 1
                if stamp[g] != mark:
                    stamp[g] = mark
                    total += weights[g]
                if min_latin <= ml < nl and total < least[ml]:
                    least[ml] = total
    return least


@njit(inline="always")
def _inside(needle: np.ndarray, nn: int, hay: np.ndarray, nh: int) -> bool:
    """Whether ``needle[:nn]`` occurs in ``hay[:nh]``."""
    for a in range(nh - nn + 1):
        j = 0
        while j < nn and hay[a + j] == needle[j]:
            j += 1
        if j == nn:
            return True
    return False


@njit(cache=True, nogil=True)
def lower_bounds(post: np.ndarray, lo: np.ndarray, hi: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Per i, the first position in the sorted ``post[lo[i]:hi[i]]`` holding a value >= ``target[i]``
    (``hi[i]`` when none does): a binary search per list."""
    out = np.empty(len(lo), np.int64)
    for i in range(len(lo)):
        out[i] = _bisect(post, lo[i], hi[i], target[i])
    return out


@njit(inline="always")
def _bisect(post: np.ndarray, a: int, b: int, t: int) -> int:
    """The first position in the sorted ``post[a:b]`` holding a value >= ``t`` (``b`` when none does)."""
    while a < b:
        mid = (a + b) >> 1
        if post[mid] < t:
            a = mid + 1
        else:
            b = mid
    return a


@njit(inline="always")
def _column(bounds: np.ndarray, row: int) -> int:
    """The index of ``row`` among the class boundaries ``bounds`` (ascending), or -1."""
    j = int(np.searchsorted(bounds, row))
    return j if j < len(bounds) and bounds[j] == row else -1


@njit(cache=True, nogil=True)
def feature_ranges(
    fkeys: np.ndarray,
    fptr: np.ndarray,
    post: np.ndarray,
    foff: np.ndarray,
    bounds: np.ndarray,
    feats: np.ndarray,
    owner: np.ndarray,
    range_lo: np.ndarray,
    range_hi: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The non-empty parts of the features' posting lists within the row ranges
    ``[range_lo[r], range_hi[r])``, as ``post`` positions ``[a, b)``, range by range and feature
    by feature, with each part's ``owner`` (features not in ``fkeys`` have no list).

    A range end that is a class boundary (``bounds``, ``Segment.boundaries``) is looked up in
    ``foff`` (``Segment.foff``: each list's count of rows below each boundary); another is
    found by a binary search in the list."""
    nr = len(range_lo)
    col_lo = np.empty(nr, np.int64)
    col_hi = np.empty(nr, np.int64)
    for r in range(nr):
        col_lo[r] = _column(bounds, range_lo[r])
        col_hi[r] = _column(bounds, range_hi[r])
    a = np.empty(len(feats) * nr, np.int64)
    b = np.empty(len(feats) * nr, np.int64)
    own = np.empty(len(feats) * nr, np.int64)
    at = np.searchsorted(fkeys, feats)  # each feature's list, once for all the ranges
    k = 0
    for r in range(nr):
        for j in range(len(feats)):
            i = at[j]
            if i >= len(fkeys) or fkeys[i] != feats[j]:
                continue
            start = fptr[i]
            end = fptr[i + 1]
            lo = start + foff[i, col_lo[r]] if col_lo[r] >= 0 else _bisect(post, start, end, range_lo[r])
            hi = start + foff[i, col_hi[r]] if col_hi[r] >= 0 else _bisect(post, lo, end, range_hi[r])
            if hi > lo:
                a[k] = lo
                b[k] = hi
                own[k] = owner[j]
                k += 1
    return a[:k], b[:k], own[:k]


@njit(cache=True, nogil=True)
def _judge(
    rows: np.ndarray,
    row_vals: np.ndarray,
    count: int,
    out_rows: np.ndarray,
    out_vals: np.ndarray,
    nk: int,
    n: int,
    wlen: np.ndarray,
    llen: np.ndarray,
    lsig: np.ndarray,
    lrep: np.ndarray,
    swlen: np.ndarray,
    sllen: np.ndarray,
    slsig: np.ndarray,
    slrep: np.ndarray,
    table: np.ndarray,
    counted_w: int,
    need: int,
    nq: int,
    nh: int,
    nl: int,
    q_mixed: bool,
    sig_masks: np.ndarray,
    qsig: np.uint64,
    contain_on: bool,
    factors: np.ndarray,
    part_factor: float,
    contain_score: float,
    contain_min_wide: int,
    contain_min_latin: int,
    threshold: float,
    out_ub: np.ndarray,
    smark: np.ndarray,
    kptr: np.ndarray,
    kdata: np.ndarray,
    lcs_masks: np.ndarray,
    lcs_low: np.uint64,
    spellings: np.ndarray,
    no_grams: np.ndarray,
) -> int:
    """Append to ``out_rows``/``out_vals``/``out_ub`` (from ``nk`` on) the rows of
    ``rows[:count]`` whose upper bound may reach ``threshold``, with that bound; the new count.

    A row's bound is the best of its views' bounds: per level, the slot weight it hits there
    (the counted slot at its exact count where the mark repeats no Chinese char) and its Latin
    LCS bound (its 2-gram count, each 2-gram weighing as often as the query has it, and its
    letter sets) over the lengths; the part views of marks mixing scripts; 80 where
    containment is possible.  With ``lcs_masks`` (one row of 128 match masks
    per spelling of a Latin-only query, and ``spellings``, the same spellings' codes) the rows
    that pass are bounded again with their exact LCS and an exact containment test.  With
    ``no_grams`` (:func:`scan_latin`: a table of the query's 2-grams, see :func:`_shares_gram`)
    only rows whose Latin part shares no 2-gram with the query are kept (the others are found
    through the lists)."""
    lcs_on = lcs_masks.shape[0] > 0
    not_sig0 = ~np.uint64(sig_masks[0] if len(sig_masks) else 0) & np.uint64(0xFFFFFFFF)
    mark_latin = np.empty(256, np.int64)  # a mark's Latin part (``llen`` is a uint8)
    if lcs_on:
        # The rows' keys lie far apart in memory: read each one's first code before the LCS
        # loop below needs it, in a loop whose reads do not wait for each other, so that their
        # cache misses overlap instead of coming one after another.
        touch = np.uint64(0)
        for i in range(count):
            r = rows[i]
            mk = r if r < n else smark[r - n]
            if kptr[mk] < kptr[mk + 1]:
                touch += np.uint64(kdata[kptr[mk]])
        mark_latin[0] = np.int64(touch & np.uint64(0xFF))  # (a use, so that the reads are kept)
    for i in range(count):
        r = rows[i]
        v = row_vals[i]
        wl = wlen[r] if r < n else swlen[r - n]
        mh = int(wl & 0x7F)
        ml = int(llen[r] if r < n else sllen[r - n])
        exact = (wl & 0x80) == 0 and mh < 32  # the counted slot's counts are exact
        w0, w1, w2 = _weights(v, table, np.uint64(len(table) - 1), counted_w, exact)
        if nl == 0 and _weights(v, table, np.uint64(len(table) - 1), counted_w, False)[2] < need:
            continue
        lat = 0
        foreign = 0
        raw = 0
        sig = np.uint64(0)
        if nl:
            sig = np.uint64(lsig[r] if r < n else slsig[r - n])
            shared = _shared(sig, np.uint64(lrep[r] if r < n else slrep[r - n]), sig_masks)
            raw = int(v >> np.uint64(48))
            lat = min(min(nl, ml), _third(raw + nl + ml - 1))
            foreign = int(_popcount(sig & not_sig0))  # type: ignore[call-arg]
            lat = min(lat, min(shared, ml - foreign))
        m = mh + ml
        mixed = (mh > 0 and ml > 0) or q_mixed
        # each view's bound, the best of them the row's bound
        bound = 0.0
        for lv in range(3):
            if nh == 0 and lv > 0:
                break
            f = factors[lv]
            han = min(w0 if lv == 0 else w1 if lv == 1 else w2, mh)
            bound = max(bound, f * 200.0 * (han + lat) / max(nq + m, 1))
            if nh and mixed:
                bound = max(bound, (part_factor * f * 200.0) * han / max(nh + mh, 1))
        if nl and mixed:
            bound = max(bound, part_factor * 200.0 * lat / max(nl + ml, 1))
        keep = bound >= threshold
        cont = False
        if contain_on and contain_score >= threshold:
            if nh >= contain_min_wide:
                cont = (w0 >= nh and mh > nh) or (mh >= contain_min_wide and mh < nh and w0 >= mh)
            if nl and not cont:
                inside = ml > nl and raw >= nl - 1 and (sig & qsig) == qsig
                around = ml < nl and foreign == 0 and raw >= int(_popcount(sig)) - 1
                cont = (nl >= contain_min_latin and inside) or (ml >= contain_min_latin and around)
        ub = max(bound, contain_score) if cont else bound
        if lcs_on and (keep or cont):
            # A Latin-only query: its views score exactly 200 * LCS / (nl + mh + ml) and, for a
            # mark mixing scripts, 0.9 * 200 * LCS / (nl + ml), with LCS that of the query (each
            # spelling) and the mark's Latin part; computed here bit-parallel (Hyyro 2004).
            mk = r if r < n else smark[r - n]
            best = 0
            nm = 0
            for sp in range(lcs_masks.shape[0]):
                vec = ~np.uint64(0)
                for p in range(kptr[mk], kptr[mk + 1]):
                    c = int(kdata[p])
                    if c < 128:
                        u = vec & lcs_masks[sp, c]
                        vec = (vec + u) | (vec - u)
                        if sp == 0:
                            mark_latin[nm] = c
                            nm += 1
                best = max(best, int(_popcount(~vec & lcs_low)))  # type: ignore[call-arg]
            ub = 200.0 * best / max(nl + mh + ml, 1)
            if mh > 0 and ml > 0:
                ub = max(ub, part_factor * 200.0 * best / max(nl + ml, 1))
            if cont:
                # containment exactly as ``score`` tests it: a spelling inside the mark's Latin
                # part, or that part (at least contain_min_latin letters) inside a spelling
                cont = False
                for sp in range(spellings.shape[0]):
                    if nl >= contain_min_latin and nm > nl:
                        cont = cont or _inside(spellings[sp], nl, mark_latin, nm)
                    if contain_min_latin <= nm < nl:
                        cont = cont or _inside(mark_latin, nm, spellings[sp], nl)
            if cont:
                ub = max(ub, contain_score)
            keep = ub >= threshold
            if keep and len(no_grams):
                keep = not _shares_gram(mark_latin, nm, no_grams)
        elif cont:
            keep = True
        if keep:
            out_rows[nk] = r
            out_vals[nk] = v
            out_ub[nk] = ub
            nk += 1
    return nk


@njit(cache=True, nogil=True)
def collect(
    post: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    kinds: np.ndarray,
    list_vals: np.ndarray,
    short: int,
    long_latin: int,
    out_rows: np.ndarray,
    out_vals: np.ndarray,
    n: int,
    wlen: np.ndarray,
    llen: np.ndarray,
    lsig: np.ndarray,
    lrep: np.ndarray,
    swlen: np.ndarray,
    sllen: np.ndarray,
    slsig: np.ndarray,
    slrep: np.ndarray,
    table: np.ndarray,
    counted_w: int,
    need: int,
    nq: int,
    nh: int,
    nl: int,
    q_mixed: bool,
    sig_masks: np.ndarray,
    contain_sig: int,
    contain_on: bool,
    factors: np.ndarray,
    part_factor: float,
    contain_score: float,
    contain_min_wide: int,
    contain_min_latin: int,
    threshold: float,
    length_needs: np.ndarray,
    around_needs: np.ndarray,
    out_ub: np.ndarray,
    smark: np.ndarray,
    kptr: np.ndarray,
    kdata: np.ndarray,
    lcs_masks: np.ndarray,
    lcs_low: np.uint64,
    spellings: np.ndarray,
    marked: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rows of the lists (``post[starts[j]:ends[j]]``, scanned ones first) whose bound may
    reach ``threshold``, each once, with their accumulator values (copied out of ``out_rows``
    and ``out_vals``, buffers of at least as many rows as the lists may hold apart).  With a
    ``marked`` bitmap (a bit per row, uint64 words; none: zero words), every row the lists
    touched is set there (for :func:`scan_latin`: those rows share a list's feature).

    Rows are taken a block (:data:`BLOCK` rows) at a time from every list (each list's next
    row is kept in ``head``, so that a list with nothing in the block is not read), into an
    accumulator of one block that stays in the core's cache; each block's touched rows are
    judged and the accumulator zeroed before the next block.
    """
    qsig = np.uint64(contain_sig)
    tmask = np.uint64(len(table) - 1)
    n0, n1, n2 = length_needs[0].min(), length_needs[1].min(), length_needs[2].min()
    not_sig0 = ~np.uint64(sig_masks[0] if len(sig_masks) else 0) & np.uint64(0xFFFFFFFF)
    containment = contain_on and contain_score >= threshold
    nlists = len(starts)
    cursor = starts.copy()
    head = np.empty(nlists, np.int64)
    for j in range(nlists):
        head[j] = post[cursor[j]] if cursor[j] < ends[j] else _END
    lat_need = _lat_needs(nl, threshold)
    raw_need, cont_need = _raw_needs(nl, lat_need, around_needs, containment)
    local = np.zeros(BLOCK, np.uint64)
    touched = np.empty(BLOCK, np.int32)
    seen = np.zeros(BLOCK >> 6, np.uint64)  # the block's touched rows, one bit each
    pend_rows = np.empty(BLOCK, np.int32)
    pend_vals = np.empty(BLOCK, np.uint64)
    maybe_rows = np.empty(BLOCK, np.int32)
    maybe_vals = np.empty(BLOCK, np.uint64)
    nmaybe = 0
    nk = 0
    mark_rows = len(marked) > 0
    while True:
        nxt = _END
        for j in range(nlists):
            nxt = min(nxt, head[j])
        if nxt == _END:
            break
        b0 = nxt - nxt % BLOCK
        b1 = b0 + BLOCK
        for j in range(nlists):
            if head[j] >= b1:
                continue
            kind = kinds[j]
            val = list_vals[j]
            p = cursor[j]
            e = ends[j]
            # one loop per kind (the kind's branch out of the loop over rows)
            # (a scanned row's bit is set whether or not it was touched before: no branch)
            if kind == SCAN_OR:
                while p < e and post[p] < b1:
                    o = post[p] - b0
                    p += 1
                    seen[o >> 6] |= np.uint64(1) << np.uint64(o & 63)
                    local[o] |= val
            elif kind == SCAN_ADD:
                while p < e and post[p] < b1:
                    o = post[p] - b0
                    p += 1
                    seen[o >> 6] |= np.uint64(1) << np.uint64(o & 63)
                    local[o] += val
            elif short or long_latin:
                # a checked list adds to the rows already touched and to the short (long)
                # marks; without a branch on either (they do not predict): the value is masked
                add = kind == CHECK_ADD
                while p < e and post[p] < b1:
                    r = post[p]
                    o = r - b0
                    p += 1
                    a = local[o]
                    if short:
                        ok = ((wlen[r] if r < n else swlen[r - n]) & 0x7F) < short
                    else:
                        ok = (llen[r] if r < n else sllen[r - n]) >= long_latin
                    keep = np.uint64((a != 0) | ok)
                    seen[o >> 6] |= keep << np.uint64(o & 63)
                    masked = val & (np.uint64(0) - keep)
                    local[o] = a + masked if add else a | masked
            else:
                add = kind == CHECK_ADD
                while p < e and post[p] < b1:
                    o = post[p] - b0
                    p += 1
                    a = local[o]
                    masked = val & (np.uint64(0) - np.uint64(a != 0))
                    local[o] = a + masked if add else a | masked
            cursor[j] = p
            head[j] = post[p] if p < e else _END
        # the touched rows in ascending order, so that the rows' lengths, letters and keys
        # are read in address order (the hardware prefetches them) rather than list by list
        nt = 0
        for w in range(BLOCK >> 6):
            x = seen[w]
            if x:
                seen[w] = 0
                if mark_rows:
                    marked[(b0 >> 6) + w] |= x  # b0 is a multiple of BLOCK: whole words
                while x:
                    low = x & (~x + np.uint64(1))
                    touched[nt] = (w << 6) + int(_popcount(low - np.uint64(1)))  # type: ignore[call-arg]
                    nt += 1
                    x ^= low
        npend = 0
        for i in range(nt):
            o = touched[i]
            v = local[o]
            local[o] = 0
            # necessary conditions, cheaper than the call (most rows stop here)
            r = b0 + o
            if nl == 0:
                w0, w1, w2 = _weights(v, table, tmask, counted_w, False)
                if w0 < n0 and w1 < n1 and w2 < n2:
                    continue
                # then by the mark's Chinese length, with the counted slot's exact count
                # where the mark repeats no Chinese char (as _judge computes them)
                wl = wlen[r] if r < n else swlen[r - n]
                mh = int(wl & 0x7F)
                if counted_w and (wl & 0x80) == 0 and mh < 32:
                    w0, w1, w2 = _weights(v, table, tmask, counted_w, True)
                if w0 < length_needs[0, mh] and w1 < length_needs[1, mh] and w2 < length_needs[2, mh]:
                    continue
            elif nh == 0:
                # the Latin LCS bound of _judge without the letter sets, and containment on the
                # 2-gram count alone (_judge tests the letters), by table (see _raw_needs); the
                # row is written to both lists and counted where it belongs, without a branch:
                # about half the rows pass, which no predictor guesses.  The rows whose bound
                # passes (and that may not contain) have their letters read below, all at once.
                raw = int(v >> np.uint64(48))
                ml = int(llen[r] if r < n else sllen[r - n])
                cont = raw >= cont_need[ml]
                maybe_rows[nmaybe] = r
                maybe_vals[nmaybe] = v
                nmaybe += int(raw >= raw_need[ml]) & int(not cont)
                pend_rows[npend] = r
                pend_vals[npend] = v
                npend += int(cont)
                continue
            pend_rows[npend] = r
            pend_vals[npend] = v
            npend += 1
        # The rows whose 2-gram bound passes, bounded again by their letter sets (as in
        # _judge: at most the query's count of the letters the mark has, and the mark's length
        # less its foreign letters).  Apart from the loop above, whose branches do not predict
        # well, so that the rows' letters are read in a loop without branches: the reads of
        # several rows then overlap.
        for i in range(nmaybe):
            r = maybe_rows[i]
            ml = int(llen[r] if r < n else sllen[r - n])
            letters = np.uint64(lsig[r] if r < n else slsig[r - n])
            rep = np.uint64(lrep[r] if r < n else slrep[r - n])
            lat = min(min(nl, ml), _letter_bound(letters, rep, sig_masks, not_sig0, ml))
            pend_rows[npend] = r
            pend_vals[npend] = maybe_vals[i]
            npend += int(lat >= lat_need[ml])
        nmaybe = 0
        nk = _judge(
            pend_rows, pend_vals, npend, out_rows, out_vals, nk, n, wlen, llen, lsig, lrep, swlen, sllen, slsig, slrep,
            table,
            counted_w, need, nq, nh, nl, q_mixed, sig_masks, qsig, contain_on, factors, part_factor,
            contain_score, contain_min_wide, contain_min_latin, threshold, out_ub, smark, kptr, kdata, lcs_masks,
            lcs_low, spellings, _NO_TABLE,
        )  # fmt: skip
    return out_rows[:nk].copy(), out_vals[:nk].copy(), out_ub[:nk].copy()


@njit(cache=True, nogil=True)
def scan_latin(
    range_lo: np.ndarray,
    range_hi: np.ndarray,
    lengths: np.ndarray,
    out_rows: np.ndarray,
    out_vals: np.ndarray,
    n: int,
    wlen: np.ndarray,
    llen: np.ndarray,
    lsig: np.ndarray,
    lrep: np.ndarray,
    swlen: np.ndarray,
    sllen: np.ndarray,
    slsig: np.ndarray,
    slrep: np.ndarray,
    nl: int,
    sig_masks: np.ndarray,
    factors: np.ndarray,
    part_factor: float,
    contain_score: float,
    contain_min_wide: int,
    contain_min_latin: int,
    threshold: float,
    out_ub: np.ndarray,
    smark: np.ndarray,
    kptr: np.ndarray,
    kdata: np.ndarray,
    lcs_masks: np.ndarray,
    lcs_low: np.uint64,
    spellings: np.ndarray,
    grams: np.ndarray,
    marked: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For a Latin-only query below 200/3: the rows of the ranges ``[range_lo[i], range_hi[i])``
    whose Latin part shares **no** 2-gram with the query (``grams``, see :func:`_shares_gram`)
    and whose exact LCS still reaches ``threshold`` (the lists cannot find them).

    Only marks of the Latin ``lengths`` (a flag per length) can: such a mark's LCS is at most
    ``(nl + ml - 1) / 3``.  Rows set in ``marked`` (:func:`collect`'s bitmap of the rows the
    query's 2-gram lists touched; none: zero words) share one and are skipped.  A row of such a
    length passes the letter-set bound (as in :func:`collect`) before :func:`_judge` computes
    its exact LCS (reading the key, far away in memory: most rows that reach it share a 2-gram,
    which the bitmap saves reading)."""
    not_sig0 = ~np.uint64(sig_masks[0] if len(sig_masks) else 0) & np.uint64(0xFFFFFFFF)
    lat_need = _lat_needs(nl, threshold)
    table = np.zeros(1, np.int64)
    all_repeat = ~np.uint64(0)  # ``Segment.lrep`` of a mark with every letter three times
    cand = np.empty(BLOCK, np.int64)
    pend_vals = np.zeros(BLOCK, np.uint64)  # no 2-gram shared
    nk = 0
    # A block of rows at a time, in three loops that keep a row by adding its test's outcome
    # to the count rather than by a branch (the outcomes do not predict): by length, then by
    # the letters as if the mark repeated each, then by its letter counts.
    for i in range(len(range_lo)):
        start = range_lo[i]
        while start < range_hi[i]:
            end = min(start + BLOCK, range_hi[i], n if start < n else range_hi[i])
            nc = 0
            if start < n:
                for r in range(start, end):
                    cand[nc] = r
                    nc += int(lengths[llen[r]])
            else:
                for r in range(start, end):
                    cand[nc] = r
                    nc += int(lengths[sllen[r - n]])
            if len(marked):
                kept = 0
                for j in range(nc):
                    r = cand[j]
                    cand[kept] = r
                    kept += int((marked[r >> 6] >> np.uint64(r & 63)) & np.uint64(1) == 0)
                nc = kept
            nb = 0
            for j in range(nc):
                r = cand[j]
                ml = int(llen[r] if r < n else sllen[r - n])
                letters = np.uint64(lsig[r] if r < n else slsig[r - n])
                lat = min(nl, _letter_bound(letters, all_repeat, sig_masks, not_sig0, ml))
                cand[nb] = r
                nb += int(lat >= lat_need[ml])
            npend = 0
            for j in range(nb):
                r = cand[j]
                ml = int(llen[r] if r < n else sllen[r - n])
                letters = np.uint64(lsig[r] if r < n else slsig[r - n])
                rep = np.uint64(lrep[r] if r < n else slrep[r - n])
                cand[npend] = r
                npend += int(_letter_bound(letters, rep, sig_masks, not_sig0, ml) >= lat_need[ml])
            if npend:
                nk = _judge(
                    cand, pend_vals, npend, out_rows, out_vals, nk, n, wlen, llen, lsig, lrep, swlen, sllen,
                    slsig, slrep, table, 0, 0, nl, 0, nl, False, sig_masks, np.uint64(0), False, factors,
                    part_factor, contain_score, contain_min_wide, contain_min_latin, threshold, out_ub, smark, kptr,
                    kdata, lcs_masks, lcs_low, spellings, grams,
                )  # fmt: skip
            start = end
    return out_rows[:nk].copy(), out_vals[:nk].copy(), out_ub[:nk].copy()


@njit(inline="always")
def _shares_gram(latin: np.ndarray, nm: int, grams: np.ndarray) -> bool:
    """Whether ``^latin[:nm]$`` has a 2-gram of the query: ``grams[a * 130 + b]`` for ASCII codes
    ``a`` and ``b`` (128 standing for ``^``, 129 for ``$``), as ``features.latin_bigram_list``
    makes them."""
    prev = 128
    for i in range(nm):
        c = int(latin[i])
        if grams[prev * 130 + c]:
            return True
        prev = c
    return bool(grams[prev * 130 + 129])
