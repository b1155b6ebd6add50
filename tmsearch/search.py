"""Candidate generation, upper bounds and exact top-k rescoring inside one segment.

1. The posting lists are read only over the row ranges the query can use: the classes asked
   for (and the classes of the groups asked for), or the primary rows when every class counts
   (see ``segment``); a vectorised binary search cuts every list to those ranges.
2. Each distinct Chinese query char is a *slot*; a row hits a slot when it has the char, one of
   its shape neighbours or a same/near-sound char (the CHAR postings of all of them are OR-ed
   into the slot's bit).  Shared ``^latin$`` 2-grams are counted.
3. From the hits and the stored key lengths an upper bound of the text score is computed per
   row.  Both sides are valid bounds: every char the scorer can match is a slot hit, and with
   ``c`` of the query's ``nl + 1`` 2-grams found in a mark with ``ml`` Latin chars the Latin LCS
   is at most ``(c + nl + ml - 1) / 3`` (a deleted char breaks at most two 2-grams, an insertion
   one).  Rows sharing nothing with the query score below 200/3, so for ``min_score`` >= 66.7 the
   candidate set provably holds every mark that can reach the threshold; below it, a Latin
   query's marks sharing no 2-gram are found by a pass over the rows (:func:`_scan_no_grams`).
4. Tombstoned marks and marks outside the requested classes/groups are dropped *before*
   scoring; the goods factor multiplies the bound.
5. Candidates are rescored exactly in batches of decreasing bound; once ``k`` marks score at
   least the best bound left, no remaining mark can enter the top ``k`` and scoring stops.
   ``max_candidates`` is only a safety cap on how many marks one query may rescore.
"""

from __future__ import annotations

import dataclasses
import math
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TypeVar, cast

import numpy as np

from . import kernel
from .arrays import unique_sorted
from .crossscript import AltKey, query_alts
from .features import QuerySlot, latin_bigram_list, latin_gram_table, latin_gram_weights, query_slots
from .goods import GoodsQuery, goods_factor, goods_match
from .normalise import Norm
from .refdata import RefData
from .score import (
    CONTAIN_MIN_LATIN,
    CONTAIN_MIN_WIDE,
    CONTAIN_SCORE,
    NEAR_FACTOR,
    PART_FACTOR,
    SOUND_FACTOR,
    FullScorer,
    QueryScorer,
)
from .segment import Segment

#: Safety cap on the marks one query rescores (the bound-ordered scoring normally stops far earlier).
MAX_CANDIDATES = 20_000
#: A search over at least this many posting rows first looks for its top k at the LADDER
#: thresholds, highest first (see :func:`search_segment`); 80 is the containment score,
#: which many marks reach.
LADDER_ROWS = 1_000_000
LADDER = (80.0, 70.0)
LADDER_GAP = 5.0
#: A candidate collection over at least this many posting rows is split over threads.
PARALLEL_ROWS = 400_000
#: A query's rewritings are searched on several threads when one's threshold is below this
#: (above it, a rewriting's lists are mostly only checked: a thread costs more than it saves)
PARALLEL_ALT_BELOW = 80.0
#: A Latin-only query scans only every third 2-gram's list when at most this share of the
#: segment's Latin marks are long enough for their LCS to reach the threshold (see
#: :func:`_latin_split`: every list adds those marks, and the others only by containment)
LONG_LATIN_SHARE = 0.2
#: A pass over every row of the ranges (``kernel.scan_latin``) of at least this many rows is
#: split over threads
PARALLEL_SCAN_ROWS = 1_000_000
#: A Latin rewriting with at most this many candidates is not scored on its own: they all go to
#: the union that :func:`search_full` scores with every scorer (see there).
UNSCORED_MAX = 128
#: First rescoring batch; each further batch is four times larger.
FIRST_BATCH = 128
#: accumulator layout: bits 0-15 a slot hit by the char itself, 16-31 by it or a same-sound
#: char, 32-47 by any stand-in; bits 48-63 count the shared Latin 2-grams, each as often as the
#: query has it (``PreparedQuery.gram_weights``)
MAX_SLOT_BITS = 16
_LATIN_SHIFT = 48
_LATIN_UNIT = np.uint64(1 << _LATIN_SHIFT)
#: a query without Latin uses bits 48-62 instead to count, per level, the distinct chars a row
#: has of one repeated query char's slot (the *counted* slot): 5 bits per level
_COUNT_BITS = 5
#: ``Segment.wlen``: the Chinese length in bits 0-6, bit 7 set when a Chinese char repeats
_WLEN_MASK = np.uint8(0x7F)
#: per level L, a slot's bit at L and every weaker level (16 bits apart), for slot bit 0
_LEVEL_SPREAD = np.array([0x1_0001_0001, 0x1_0001_0000, 0x1_0000_0000], np.uint64)
#: view factor of each hit level (identical chars, same sound, near sound or shape)
_LEVEL_FACTORS = (1.0, SOUND_FACTOR, NEAR_FACTOR)
_FACTORS = np.array(_LEVEL_FACTORS)
#: no per-length needs (``kernel.collect``: the query's script does not use them)
_NO_NEEDS = np.zeros((3, 128), np.int64)
_NO_AROUND = np.full(256, 1 << 30, np.int64)
_NO_LENGTHS = np.zeros(256, np.bool_)
_NO_MARKS = np.zeros(0, np.uint64)  # no bitmap of the rows the lists touched (see _row_bitmap)
_EPS = 0.02  # scores are rounded to 0.01 (up to +0.005) and float32: bounds get this slack
#: a search with ``k`` returns its marks scoring at least its k-th score less this: a rewriting's
#: scores, times its factor and rounded again, may tie marks up to 0.01 / factor apart
_TOP_SLACK = 0.1

_tls = threading.local()


@dataclass
class PreparedQuery:
    """Everything about a query that does not depend on the segment."""

    q: Norm
    #: a rewriting merged with its capital-I twin scores with the better of the two (``FullScorer``)
    scorer: QueryScorer | FullScorer
    slots: list[QuerySlot]
    grams: list[int]
    #: per 2-gram of ``grams``, how often the query has it (the most of either spelling when two
    #: are merged): its list adds that much to a row's count, so that the count bounds the
    #: query's 2-gram positions the row can share (a repeated 2-gram counts only where a row has it)
    gram_weights: list[int]
    goods: GoodsQuery
    min_score: float
    #: signature masks of the query's Latin symbols occurring at least 1, 2, ... times
    sig_masks: list[int]
    #: the slot whose hits are counted (the heaviest repeated query char), when the query has
    #: no Latin; its weight then bounds a row's LCS only as far as the row has that many chars
    counted: int | None = None
    #: cross-script rewritings of the query (see ``crossscript``), each prepared like a query
    #: with the threshold divided by its factor; searched separately and merged
    alt_keys: tuple[AltKey, ...] = ()
    alts: tuple[PreparedQuery, ...] = ()
    #: letters a mark must all have to contain the Latin query (``sig_masks[0]`` unless merged)
    contain_sig: int | None = None
    #: the Latin spellings the search stands for (two when merged, see :func:`merge_twin`)
    spellings: tuple[str, ...] = ()

    @cached_property
    def full(self) -> FullScorer:
        """The complete score: own views and the rewritings' scaled scores."""
        return FullScorer(self.scorer, [(a.factor, p.scorer) for a, p in zip(self.alt_keys, self.alts, strict=True)])

    @cached_property
    def alt_searches(self) -> list[tuple[float, PreparedQuery]]:
        """The rewritings as searched: a Latin rewriting and its capital-I twin (``i`` -> ``l``,
        the next rewriting, same factor) are one search (see :func:`merge_twin`)."""
        out: list[tuple[float, PreparedQuery]] = []
        i, keys, alts = 0, self.alt_keys, self.alts
        while i < len(alts):
            a = alts[i]
            if i + 1 < len(alts) and _is_twin(keys[i], keys[i + 1]):
                out.append((keys[i].factor, merge_twin(a, alts[i + 1])))
                i += 2
            else:
                out.append((keys[i].factor, a))
                i += 1
        return out

    @property
    def contain_on(self) -> bool:
        """Whether the containment view (a flat score) can reach the threshold."""
        return self.min_score - _EPS <= CONTAIN_SCORE

    @classmethod
    def make(cls, q: Norm, ref: RefData, goods: GoodsQuery, min_score: float, rewrite: bool = True) -> PreparedQuery:
        """Prepare a normalised query (with its cross-script rewritings unless ``rewrite`` is off)."""
        scorer = QueryScorer(q, ref)
        slots = query_slots(q, scorer.sound_table, scorer.union_table)
        weight = latin_gram_weights(q.latin)
        grams = sorted(weight)
        sig = list(scorer.sig_masks)
        counted = None
        if not grams:
            heavy = [i for i, s in enumerate(slots[: MAX_SLOT_BITS - 1]) if s.weight > 1]
            counted = max(heavy, key=lambda i: slots[i].weight, default=None)
        alt_keys: tuple[AltKey, ...] = ()
        alts: tuple[PreparedQuery, ...] = ()
        if rewrite and q.key:
            alt_keys = tuple(query_alts(q, ref))
            # a rewriting scoring s counts f * s: search it at (threshold / f), a little lower
            # so that rounding on the two scales cannot drop a mark at the edge
            alts = tuple(
                cls.make(a.norm, ref, goods, (min_score - 0.005) / a.factor - 0.01, rewrite=False) for a in alt_keys
            )
        return cls(q, scorer, slots, grams, [weight[g] for g in grams], goods, min_score, sig, counted, alt_keys, alts)

    def slot_bit(self, i: int) -> int:
        """Accumulator bit of slot ``i``: slots past the 16th share the last bit (a safe bound)."""
        return min(i, MAX_SLOT_BITS - 1)

    @cached_property
    def weight_table(self) -> np.ndarray:
        """Total slot weight of every combination of the used slot bits (index: the bits)."""
        nb = min(len(self.slots), MAX_SLOT_BITS)
        combos = np.arange(1 << nb, dtype=np.int64)
        table = np.zeros(1 << nb, np.int64)
        for b, w in self.bit_weights().items():
            table += ((combos >> b) & 1) * w
        return table

    def bit_weights(self) -> dict[int, int]:
        """Weight of each used slot bit (a shared bit carries the sum of its slots' weights)."""
        out: dict[int, int] = {}
        for i, slot in enumerate(self.slots):
            b = self.slot_bit(i)
            out[b] = out.get(b, 0) + slot.weight
        return out

    def classes_wanted(self) -> set[int] | None:
        """Classes whose rows the query reads (None: all marks, primary rows only)."""
        gq = self.goods
        if not gq.filters:
            return None
        return set(gq.classes) | {g // 100 for g in gq.groups | gq.related}


def _is_twin(a: AltKey, b: AltKey) -> bool:
    """Whether ``b`` is ``a``'s capital-I twin (``crossscript._with_capitals``)."""
    la, lb = a.norm.latin, b.norm.latin
    return bool(la) and not a.norm.wide and not b.norm.wide and a.factor == b.factor and la.replace("i", "l") == lb


def merge_twin(a: PreparedQuery, b: PreparedQuery) -> PreparedQuery:
    """One Latin query standing for two of the same length (a spelling and its ``i`` -> ``l``
    twin), scored with the better of the two; every bound stays valid for both.

    A row's count of either spelling's 2-grams (each weighing its repeats) is at most its count
    of the union's, each weighing the larger of its two repeats; the letter-count masks are the
    symbol-wise maxima (more shared letters, fewer foreign ones); the containment test asks
    only for the letters both have.  One candidate pass then serves both spellings (they
    differ only where the pinyin has an ``i``), instead of a search each.
    """
    assert not a.q.wide and not b.q.wide and len(a.q.latin) == len(b.q.latin)
    # the masks are nested (``sig_masks[j]``: the symbols occurring more than j times), so the
    # symbol-wise maximum of the counts is the union of the masks level by level
    pad = max(len(a.sig_masks), len(b.sig_masks))
    sig = [x | y for x, y in zip(a.sig_masks + [0] * pad, b.sig_masks + [0] * pad, strict=False)][:pad]
    both = (a.sig_masks[0] if a.sig_masks else 0) & (b.sig_masks[0] if b.sig_masks else 0)
    weight = latin_gram_weights(a.q.latin, b.q.latin)
    grams = sorted(weight)
    return dataclasses.replace(
        a,
        scorer=FullScorer(a.scorer, [(1.0, b.scorer)]),
        grams=grams,
        gram_weights=[weight[g] for g in grams],
        min_score=min(a.min_score, b.min_score),
        sig_masks=sig,
        contain_sig=both,
        spellings=(a.q.latin, b.q.latin),
    )


_T = TypeVar("_T")


def _per_thread(kind: str, seg: Segment, make: Callable[[], _T]) -> _T:
    """``make()``'s arrays of one ``kind`` for ``seg``, made once per thread and segment (the
    arrays of a few segments at a time are kept)."""
    cache = getattr(_tls, "arrays", None)
    if cache is None:
        cache = _tls.arrays = {}
    key = (kind, id(seg), seg.n_rows)
    if key not in cache:
        if len(cache) > 16:
            cache.clear()
        cache[key] = make()
    return cast(_T, cache[key])


def _buffers(seg: Segment) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Output buffers of a row, its uint64 hits and its bound per row, reused per thread and segment."""
    n = seg.n_rows
    return _per_thread(
        "out", seg, lambda: (np.empty(n, seg.post.dtype), np.empty(n, np.uint64), np.empty(n, np.float64))
    )


def _contain_cap(pq: PreparedQuery) -> int:
    """The slot weight a row needs for the containment view (a mark of >= 2 chars inside the
    query needs only its own chars; the query inside a mark needs all of them), or a huge number."""
    if pq.contain_on and len(pq.q.wide) >= CONTAIN_MIN_WIDE:
        return CONTAIN_MIN_WIDE
    return 1 << 30


def _han_needed(pq: PreparedQuery) -> int:
    """Least slot weight a row needs when its Latin part does not count (``kernel._judge``).

    Full view: 200*han/(nq+m) >= s with m >= han gives han >= s*nq/(200-s); the Chinese-part
    view: 0.9*200*han/(nh+mh) >= s with mh >= han gives han >= s*nh/(180-s).
    """
    q, s = pq.q, pq.min_score - _EPS  # the slack of the bound check (scores round to 0.01)
    if not q.wide:
        return 1 << 30
    need = s * len(q.key) / (200.0 - s) if s < 200 else float("inf")
    if s < 180:
        need = min(need, s * len(q.wide) / (180.0 - s))
    return min(max(1, math.ceil(need - 1e-9)), _contain_cap(pq))


def _lower_bound(post: np.ndarray, lo: np.ndarray, hi: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Per i, the first position in ``post[lo[i]:hi[i]]`` >= ``target[i]`` (bisect_left, compiled)."""
    lo, hi = lo.astype(np.int64, copy=False), hi.astype(np.int64, copy=False)
    return kernel.lower_bounds(post, lo, hi, np.broadcast_to(target, len(lo)).astype(np.int64))


def _feature_ranges(
    seg: Segment, feats: np.ndarray, owner: np.ndarray, ranges: list[tuple[int, int]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The non-empty parts of the features' posting lists within ``ranges``, as ``post``
    positions ``[a, b)``, with each part's group (``owner`` numbers each feature's group)."""
    if not len(seg.fkeys) or not len(feats):
        e = np.zeros(0, np.int64)
        return e, e, e
    lo = np.array([r[0] for r in ranges], np.int64)
    hi = np.array([r[1] for r in ranges], np.int64)
    own = owner.astype(np.int64, copy=False)
    return kernel.feature_ranges(seg.fkeys, seg.fptr, seg.post, seg.foff, seg.boundaries, feats, own, lo, hi)


def _collect(
    seg: Segment,
    pq: PreparedQuery,
    ranges: list[tuple[int, int]],
    lists: bool = True,
    no_grams: bool = True,
    no_gram_floor: float = 0.0,
    marked: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows whose upper bound may reach the threshold, with their hits and that bound: those
    sharing something with the query (:func:`_collect_lists`) and, for a Latin-only query
    below 200/3, those sharing nothing that still reach it (:func:`_scan_no_grams`).
    ``marked``: the bitmap of the rows the lists touch (:func:`_row_bitmap`), set by the lists'
    pass and read by the other, which may come later (see :func:`_search_ranges`)."""
    threshold = pq.min_score - _EPS - 1e-9
    lengths = _no_gram_lengths(pq, max(threshold, no_gram_floor)) if no_grams else _NO_LENGTHS
    if marked is None and lists and lengths.any():
        marked = _row_bitmap(seg, ranges)
    parts = [_collect_lists(seg, pq, ranges, marked)] if lists else []
    if lengths.any():
        parts.append(_scan_no_grams(seg, pq, ranges, lengths, threshold, marked))
    if not parts:
        return np.zeros(0, np.int32), np.zeros(0, np.uint64), np.zeros(0, np.float64)
    return parts[0] if len(parts) == 1 else _joined(parts)


def _collect_lists(
    seg: Segment, pq: PreparedQuery, ranges: list[tuple[int, int]], marked: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows that share something with the query and whose upper bound may reach the threshold,
    with their hits (slot bits per level | 2-gram count or counted-slot counts << 48) and that
    bound (``kernel._judge``); every row the lists touch is set in ``marked``, if given.

    Each row appears once.  For a query without Latin, slots with the longest lists are not
    scanned when the others can still reach the needed weight (a row needing weight k must hit
    a slot outside any set of slots weighing less than k); those lists then only add their bit
    to rows already seen (see ``kernel.collect``), which also computes each row's bound.
    """
    # one group per slot and level; the counted slot gets one group per feature (each list
    # holds a row once, so adding a count per list counts the row's distinct chars)
    feats: list[np.ndarray] = []
    groups: list[np.ndarray] = []
    owners: list[tuple[int, int, int]] = []  # per slot and level: its groups' count, slot, level
    n_slot_groups = 0
    for i, s in enumerate(pq.slots):
        for level, fs in enumerate(s.levels):
            n = len(fs) if i == pq.counted else 1
            feats.append(fs)
            groups.append(n_slot_groups + (np.arange(len(fs)) if i == pq.counted else np.zeros(len(fs), np.int64)))
            owners.append((n, i, level))
            n_slot_groups += n
    # each slot group's slot and level
    counts = np.array([n for n, _, _ in owners], np.int64)
    slot_of = np.repeat(np.array([i for _, i, _ in owners], np.int64), counts)
    level_of = np.repeat(np.array([lv for _, _, lv in owners], np.int64), counts)
    feats.append(np.asarray(pq.grams, np.int64))
    groups.append(n_slot_groups + np.arange(len(pq.grams)))
    a, b, own = _feature_ranges(seg, np.concatenate(feats), np.concatenate(groups), ranges)
    empty = (np.zeros(0, np.int32), np.zeros(0, np.uint64), np.zeros(0, np.float64))
    if not len(a):
        return empty
    n_groups = n_slot_groups + len(pq.grams)
    kinds = np.full(n_groups, kernel.SCAN_ADD, np.int8)
    vals = np.full(n_groups, _LATIN_UNIT, np.uint64)
    vals[n_slot_groups:] *= np.asarray(pq.gram_weights, np.uint64)  # a 2-gram counts its repeats
    # a slot's group ORs its slot bit at its level and every weaker one; the counted slot's
    # groups add a count at their level instead (see kernel._weights)
    counted = slot_of == (-1 if pq.counted is None else pq.counted)
    bits = np.left_shift(_LEVEL_SPREAD[level_of], np.minimum(slot_of, MAX_SLOT_BITS - 1).astype(np.uint64))
    counts_at = np.left_shift(np.uint64(1), (_LATIN_SHIFT + _COUNT_BITS * level_of).astype(np.uint64))
    kinds[:n_slot_groups] = np.where(counted, kernel.SCAN_ADD, kernel.SCAN_OR)
    vals[:n_slot_groups] = np.where(counted, counts_at, bits)
    threshold = pq.min_score - _EPS - 1e-9
    nl = len(pq.q.latin)
    length_needs = _length_needs(pq, threshold) if not nl else _NO_NEEDS
    short = 0  # marks with fewer Chinese chars than this are looked up in checked lists too
    long_latin = 0  # ... marks with at least this many Latin letters (see _latin_split)
    sizes = np.bincount(own, weights=(b - a).astype(np.float64), minlength=n_groups)
    if not pq.grams:
        # Short marks can reach the threshold with less weight (one shared char of a 2-char
        # query makes "他" score 66.7): rows of marks with >= 2 Chinese chars often need more,
        # which lets more lists be checked only; their short marks are checked by length.
        # per level, the least weight over the marks of at least 1 (2) Chinese chars
        needs, needs2 = length_needs[:, 1:].min(axis=1), length_needs[:, 2:].min(axis=1)
        skip_needs = needs
        if (needs2 > needs).any():
            skip_needs, short = needs2, 2
        kinds[_checked_slot_groups(pq, slot_of, level_of, sizes[:n_slot_groups], skip_needs)] += (
            kernel.CHECK_OR - kernel.SCAN_OR
        )
    elif not pq.slots:
        split = _latin_split(seg, pq, sizes[n_slot_groups:], threshold)
        if split is not None:
            long_latin, scanned = split
            checked = [j for j in range(len(pq.grams)) if j not in scanned]
        else:
            checked = _checked_grams(pq, sizes[n_slot_groups:], threshold)
        for j in checked:
            kinds[n_slot_groups + j] = kernel.CHECK_ADD
    # scanned lists first, then the checked ones
    order = np.argsort(kinds[own] >= kernel.CHECK_OR, kind="stable")
    a, b, own = a[order], b[order], own[order]
    q = pq.q
    sig = np.asarray(pq.sig_masks, np.uint32) if nl else np.zeros(0, np.uint32)
    counted_w = pq.slots[pq.counted].weight if pq.counted is not None else 0
    list_kinds, list_vals = kinds[own], vals[own]

    masks, low, spellings = _lcs_masks(pq)
    around_needs = _around_needs(pq) if nl and not q.wide and pq.contain_on else _NO_AROUND

    def run(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        out_rows, out_vals, out_ub = _buffers(seg)
        rows, vals, ubs = kernel.collect(
            seg.post, lo, hi, list_kinds, list_vals, short, long_latin, out_rows, out_vals,
            seg.n, seg.wlen, seg.llen, seg.lsig, seg.lrep, *seg.secondary_rows,
            pq.weight_table, counted_w, _han_needed(pq) if not nl else 0,
            len(q.key), len(q.wide), nl, bool(q.mixed), sig,
            int(pq.sig_masks[0] if pq.contain_sig is None and pq.sig_masks else pq.contain_sig or 0),
            pq.contain_on, _FACTORS, PART_FACTOR, CONTAIN_SCORE, CONTAIN_MIN_WIDE, CONTAIN_MIN_LATIN,
            threshold, length_needs, around_needs, out_ub, seg.smark, seg.kptr, seg.kdata, masks, low, spellings,
            _NO_MARKS if marked is None else marked,
        )  # fmt: skip
        return rows, vals, ubs

    parts = _split_rows(seg, a, b)
    if len(parts) == 1:
        return run(a, b)
    # the parts cover disjoint row ranges: each row is judged whole in one of them
    return _joined(list(_pool().map(lambda part: run(*part), parts)))


def _row_bitmap(seg: Segment, ranges: list[tuple[int, int]]) -> np.ndarray:
    """A bitmap of the segment's rows (a bit per row, uint64 words) zeroed over the ranges, for
    the lists' pass to set the rows it touches there and the no-2-gram pass to skip them
    (``kernel.scan_latin``).  Kept per thread and segment: a new one would cost a memset of the
    whole segment's words (2 MB at 10M marks); this zeroes only the ranges' words, on each use
    (so bits left by a search that stopped half-way are cleared too)."""
    bitmap = _per_thread("bitmap", seg, lambda: np.zeros((seg.n_rows >> 6) + 1, np.uint64))
    for lo, hi in ranges:
        bitmap[lo >> 6 : (hi + 63) >> 6] = 0
    return bitmap


def _joined(parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate passes' (rows, hits, bounds) of disjoint rows, as one."""
    return cast(tuple[np.ndarray, np.ndarray, np.ndarray], tuple(np.concatenate(x) for x in zip(*parts, strict=True)))


def _no_gram_lengths(pq: PreparedQuery, threshold: float) -> np.ndarray:
    """For a Latin-only query (exact LCS): per Latin length (0..255), whether a mark of that
    length sharing no 2-gram with the query can still reach ``threshold`` (its LCS is at most
    ``(nl + ml - 1) / 3``, which only below 200/3 can be enough: "fouo" for "nfusom", 3 of 10
    letters shared one by one, scores 60)."""
    if not _exact_latin(pq) or threshold >= 200.0 / 3.0:
        return _NO_LENGTHS
    return _no_gram_table(len(pq.q.latin), threshold)


@lru_cache(maxsize=1024)
def _no_gram_table(nl: int, threshold: float) -> np.ndarray:
    """:func:`_no_gram_lengths` of a query of ``nl`` letters."""
    out = np.zeros(256, np.bool_)
    for ml in range(1, 256):
        most = min(nl, ml, (nl + ml - 1) // 3)
        out[ml] = most > 0 and 200.0 * most >= threshold * (nl + ml)
    out.flags.writeable = False
    return out


def _scan_no_grams(
    seg: Segment,
    pq: PreparedQuery,
    ranges: list[tuple[int, int]],
    lengths: np.ndarray,
    threshold: float,
    marked: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rows of the ranges whose marks share no 2-gram with a Latin-only query and still
    reach ``threshold`` (``kernel.scan_latin``: the lists cannot find them), split over threads
    in a large register; the rows set in ``marked`` (the lists touched them) are skipped."""
    masks, low, spellings = _lcs_masks(pq)
    sig = np.asarray(pq.sig_masks, np.uint32)
    table = _gram_table(tuple(pq.grams))

    def run(part: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        lo = np.array([r[0] for r in part], np.int64)
        hi = np.array([r[1] for r in part], np.int64)
        out_rows, out_vals, out_ub = _buffers(seg)
        return kernel.scan_latin(
            lo, hi, lengths, out_rows, out_vals, seg.n, seg.wlen, seg.llen, seg.lsig, seg.lrep, *seg.secondary_rows,
            len(pq.q.latin), sig, _FACTORS, PART_FACTOR, CONTAIN_SCORE, CONTAIN_MIN_WIDE, CONTAIN_MIN_LATIN,
            threshold, out_ub, seg.smark, seg.kptr, seg.kdata, masks, low, spellings, table,
            _NO_MARKS if marked is None else marked,
        )  # fmt: skip

    total = sum(hi - lo for lo, hi in ranges)
    threads = _threads() if total >= PARALLEL_SCAN_ROWS and not getattr(_tls, "alone", False) else 1
    parts = _cut_ranges(ranges, threads)
    if len(parts) == 1:
        return run(parts[0])
    return _joined(list(_pool().map(run, parts)))


def _cut_ranges(ranges: list[tuple[int, int]], parts: int) -> list[list[tuple[int, int]]]:
    """The row ranges cut into ``parts`` pieces of about as many rows each."""
    total = sum(hi - lo for lo, hi in ranges)
    size = -(-total // max(parts, 1)) or 1
    out: list[list[tuple[int, int]]] = [[]]
    room = size
    for lo, hi in ranges:
        while hi > lo:
            take = min(hi - lo, room)
            out[-1].append((lo, lo + take))
            lo += take
            room -= take
            if room == 0 and hi > lo:
                out.append([])
                room = size
    return out


@lru_cache(maxsize=32)  # as _around_table
def _gram_table(grams: tuple[int, ...]) -> np.ndarray:
    """``features.latin_gram_table`` of a query's 2-grams, read-only."""
    table = latin_gram_table(grams)
    table.flags.writeable = False
    return table


def _exact_latin(pq: PreparedQuery) -> bool:
    """Whether the kernel bounds the query's rows by their exact LCS and containment (a
    Latin-only query of at most 63 letters, see :func:`_lcs_masks`)."""
    return not pq.q.wide and 0 < len(pq.q.latin) <= 63


def _lcs_masks(pq: PreparedQuery) -> tuple[np.ndarray, np.uint64, np.ndarray]:
    """For a Latin-only query of at most 63 letters, per spelling, the positions of each ASCII
    code in it as bits (the bit-parallel LCS of ``kernel._judge``), the mask of its length and
    the spellings' codes (its exact containment test); else no rows (the kernel keeps its
    2-gram bound)."""
    if not _exact_latin(pq):
        return np.zeros((0, 128), np.uint64), np.uint64(0), np.zeros((0, 0), np.int64)
    return _lcs_tables(pq.spellings or (pq.q.latin,))


@lru_cache(maxsize=32)  # as _around_table
def _lcs_tables(spellings: tuple[str, ...]) -> tuple[np.ndarray, np.uint64, np.ndarray]:
    """:func:`_lcs_masks` of these spellings (of one length, at most 63 letters)."""
    rows = []
    for text in spellings:
        bits = [0] * 128
        for i, ch in enumerate(text):
            bits[ord(ch)] |= 1 << i
        rows.append(bits)
    masks = np.array(rows, np.uint64)
    codes = np.array([[ord(ch) for ch in text] for text in spellings], np.int64)
    masks.flags.writeable = codes.flags.writeable = False
    return masks, np.uint64((1 << len(spellings[0])) - 1), codes


def _split_rows(seg: Segment, a: np.ndarray, b: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """The lists' parts ``post[a:b]`` cut at a few row numbers into one part per thread, when
    they hold enough rows to be worth it (the kernel releases the GIL)."""
    total = int((b - a).sum())
    threads = _threads()
    if threads < 2 or total < PARALLEL_ROWS or getattr(_tls, "alone", False):
        return [(a, b)]
    lo = int(seg.post[a].min())
    hi = int(seg.post[b - 1].max()) + 1
    parts = []
    start = a
    for t in range(1, threads):
        # a multiple of 64: each thread sets whole words of a bitmap of rows (kernel.collect)
        cut = (lo + (hi - lo) * t // threads) & ~63
        end = _lower_bound(seg.post, a, b, np.full(len(a), cut, np.int64))
        parts.append((start, np.maximum(end, start)))
        start = np.maximum(end, start)
    parts.append((start, b))
    return parts


_POOL: tuple[int, ThreadPoolExecutor] | None = None  # (the process that made it, the pool)
_ALT_POOL: tuple[int, ThreadPoolExecutor] | None = None
_POOL_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _threads() -> int:
    """Threads one search's candidate collection may use (``TMSEARCH_THREADS``, default: the CPUs)."""
    return max(1, int(os.environ.get("TMSEARCH_THREADS", "0") or 0) or os.cpu_count() or 1)


def _alt_pool() -> ThreadPoolExecutor:
    """The process's pool for a query's rewritings (see :func:`search_full`), apart from
    :func:`_pool`, whose tasks a rewriting's collection may wait for."""
    global _ALT_POOL
    with _POOL_LOCK:
        if _ALT_POOL is None or _ALT_POOL[0] != os.getpid():
            workers = max(1, _threads() - 1)
            _ALT_POOL = (os.getpid(), ThreadPoolExecutor(max_workers=workers, thread_name_prefix="tmsearch-alt"))
        return _ALT_POOL[1]


def _pool() -> ThreadPoolExecutor:
    """The process's thread pool (a forked worker makes its own: threads do not survive a fork)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None or _POOL[0] != os.getpid():
            _POOL = (os.getpid(), ThreadPoolExecutor(max_workers=_threads(), thread_name_prefix="tmsearch"))
        return _POOL[1]


def _length_needs(pq: PreparedQuery, threshold: float) -> np.ndarray:
    """For a query without Latin: per level L and Chinese length ``mh`` of a mark (0..127), the
    least slot weight its row needs at level L (``kernel.collect``'s check before the bounds).

    A view at level L scores at most ``f_L * 200 * min(w, mh) / (nq + mh)`` (a Latin part only
    lengthens the mark; the Chinese-part view has the factor 0.9 over the same lengths, the
    query being all Chinese); containment as ``kernel._judge`` tests it needs ``nh`` identical
    chars in a longer mark, or all of a shorter mark's (at least 2) chars.  A weight above
    every slot's total (``total + 1``) means the view cannot reach the threshold.  Its least
    over the lengths from 1 (or 2) is what a row of such a mark needs at each level, whatever
    its length (:func:`_checked_slot_groups`)."""
    q = pq.q
    contain = pq.contain_on and threshold <= CONTAIN_SCORE and len(q.wide) >= CONTAIN_MIN_WIDE
    return _length_needs_table(len(q.key), len(q.wide), sum(slot.weight for slot in pq.slots), threshold, contain)


@lru_cache(maxsize=1024)
def _length_needs_table(nq: int, nh: int, total: int, threshold: float, contain: bool) -> np.ndarray:
    """:func:`_length_needs` of a query of ``nq`` chars (``nh`` Chinese) whose slots weigh ``total``."""
    mh = np.arange(128)[:, None]
    w = np.arange(1, total + 1)[None, :]
    out = np.full((3, 128), total + 1, np.int64)
    for level, f in enumerate(_LEVEL_FACTORS):
        ok = f * 200.0 * np.minimum(w, mh) / np.maximum(nq + mh, 1) >= threshold - 1e-9
        out[level] = np.where(ok.any(axis=1), ok.argmax(axis=1) + 1, total + 1)
    if contain:
        lengths = np.arange(128)
        cont = np.where(lengths > nh, nh, np.where((lengths >= CONTAIN_MIN_WIDE) & (lengths < nh), lengths, total + 1))
        out[0] = np.minimum(out[0], cont)
    out.flags.writeable = False
    return out


@lru_cache(maxsize=32)  # a query's spellings, searched in each segment (a few per query)
def _around_table(spellings: tuple[str, ...], grams: tuple[int, ...], weights: tuple[int, ...]) -> np.ndarray:
    """:func:`_around_needs` of a query with these spellings (of one length), 2-grams and
    their weights (``PreparedQuery.grams``, ``gram_weights``)."""
    number = {g: i for i, g in enumerate(grams)}
    gids = np.array([[number[g] for g in latin_bigram_list(sp)] for sp in spellings], np.int64)
    out = kernel.around_needs(gids, np.array(weights, np.int64), CONTAIN_MIN_LATIN)
    out.flags.writeable = False
    return out


def _around_needs(pq: PreparedQuery) -> np.ndarray:
    """For a Latin-only query: per Latin length ``ml`` of a mark (0..255), the least count of
    the query's 2-grams its row has when its Latin part lies inside a spelling of the query
    (containment; a huge number where it cannot: ``ml < CONTAIN_MIN_LATIN`` or ``ml >= nl``).

    Such a part is ``spelling[i : i + ml]``, whose ``ml - 1`` inner 2-grams are the query's:
    the row has each distinct one, and counts its weight (``gram_weights``), the least over
    every ``i`` and spelling.  ``kernel.collect`` then needs no letters to rule the view out."""
    return _around_table(pq.spellings or (pq.q.latin,), tuple(pq.grams), tuple(pq.gram_weights))


def _checked_slot_groups(
    pq: PreparedQuery, slot_of: np.ndarray, level_of: np.ndarray, sizes: np.ndarray, needs: np.ndarray
) -> np.ndarray:
    """The slot groups (each of the slot ``slot_of`` at level ``level_of``, whose lists hold
    ``sizes`` rows) that need only be checked.

    A row found in none of the scanned groups has its hits in checked groups only: at each
    level L at most the weight of the slots having a checked group at L or a stronger level.
    The (slot, level) pairs are taken, longest first, while that weight stays below
    ``needs[L]`` at every level, so such a row cannot reach the threshold and every row that
    can is found by a scan.
    """
    need = needs.tolist()
    if min(need) <= 0 or not len(slot_of):
        return np.zeros(0, np.int64)
    pair_key = slot_of * 3 + level_of
    pairs = np.flatnonzero(np.bincount(pair_key))  # the (slot, level) pairs present, ascending
    pair_of = np.searchsorted(pairs, pair_key)
    pair_rows = np.bincount(pair_of, weights=sizes, minlength=len(pairs))
    strongest: dict[int, int] = {}  # slot -> its strongest checked level
    weight = [0, 0, 0]  # per level L, the weight of the slots checked at L or a stronger level
    chosen: list[int] = []
    for p in np.argsort(-pair_rows, kind="stable").tolist():
        i, level = divmod(int(pairs[p]), 3)
        weaker = strongest.get(i, 3)
        if level < weaker:  # the slot's weight then counts at levels level .. weaker - 1 too
            w = pq.slots[i].weight
            if any(weight[L] + w >= need[L] for L in range(level, weaker)):
                continue
            for L in range(level, weaker):
                weight[L] += w
            strongest[i] = level
        chosen.append(p)
    is_chosen = np.zeros(len(pairs), bool)
    is_chosen[chosen] = True
    return np.flatnonzero(is_chosen[pair_of])


def _checked_grams(pq: PreparedQuery, sizes: np.ndarray, threshold: float) -> list[int]:
    """For a Latin-only query: the 2-grams (indexes into ``pq.grams``) whose lists need only be
    checked, longest first, chosen so that a row found in none of the other lists cannot reach
    the threshold.

    Such a row's count is at most the checked 2-grams' weights (``gram_weights``), so their sum
    must stay below :func:`_latin_min`; where containment can reach the threshold, also below
    the ``nl - 1`` 2-grams the query has inside a mark, and a mark inside the query (a substring
    of at least ``CONTAIN_MIN_LATIN`` letters, so at least three consecutive inner 2-grams of
    the query) must always have one 2-gram that is scanned: no three consecutive inner
    positions of the query (of each spelling, when two are merged) may all be checked.
    """
    nl = len(pq.q.latin)
    budget = _latin_min(nl, threshold) - 1  # the weight the checked 2-grams may add up to
    windows: list[tuple[int, ...]] = []  # three consecutive inner 2-grams: not all checked
    if pq.contain_on and threshold <= CONTAIN_SCORE:
        if nl >= CONTAIN_MIN_LATIN:
            budget = min(budget, nl - 2)
        if budget <= 0:
            return []
        if nl > CONTAIN_MIN_LATIN:
            index = {g: j for j, g in enumerate(pq.grams)}
            for spelling in pq.spellings or (pq.q.latin,):
                inner = [index[g] for g in latin_bigram_list(spelling)[1:nl]]
                windows += [tuple(inner[p : p + 3]) for p in range(len(inner) - 2)]
    in_windows: dict[int, list[int]] = {}  # a 2-gram's windows
    for w, window in enumerate(windows):
        for g in set(window):
            in_windows.setdefault(g, []).append(w)
    left = [len(set(window)) for window in windows]  # per window, its 2-grams not checked
    checked: list[int] = []
    for j in np.argsort(-sizes, kind="stable").tolist():
        if pq.gram_weights[j] > budget:
            continue
        mine = in_windows.get(j, ())
        if any(left[w] == 1 for w in mine):
            continue  # it would leave a window all checked
        for w in mine:
            left[w] -= 1
        checked.append(j)
        budget -= pq.gram_weights[j]
    return sorted(checked)


def _latin_split(seg: Segment, pq: PreparedQuery, sizes: np.ndarray, threshold: float) -> tuple[int, set[int]] | None:
    """For a long Latin-only query: the Latin length from which a mark's LCS can reach the
    threshold, and the 2-grams (indexes into ``pq.grams``) whose lists are scanned; or None
    when more than ``LONG_LATIN_SHARE`` of the segment's Latin marks have that many letters
    (then every list would add most of them anyway: :func:`_checked_grams` chooses).

    A mark with fewer letters than that length (``long_latin``) can reach the threshold only by
    containment, its Latin part inside a spelling of the query: 4 letters or more, so three
    consecutive inner 2-grams of the spelling at least.  Scanning every third inner 2-gram
    position (of each spelling; the residue whose lists hold the fewest rows) finds every such
    mark.  Every other list is only checked, except for marks of at least ``long_latin``
    letters, which every list adds (``kernel.collect``): those are found as by a scan of all.
    Without containment, no short mark can reach the threshold and no list is scanned."""
    nl = len(pq.q.latin)
    long_latin = next((ml for ml in range(1, nl + 1) if 200.0 * ml / (nl + ml) >= threshold - 1e-9), nl + 1)
    at_least = seg.latin_at_least
    if at_least[min(long_latin, 255)] > LONG_LATIN_SHARE * max(int(at_least[1]), 1):
        return None
    if not (pq.contain_on and threshold <= CONTAIN_SCORE and long_latin > CONTAIN_MIN_LATIN):
        return long_latin, set()
    index = {g: j for j, g in enumerate(pq.grams)}
    best: set[int] = set()
    best_rows = math.inf
    for residue in range(3):
        scanned = {
            index[g]
            for spelling in pq.spellings or (pq.q.latin,)
            for pos, g in enumerate(latin_bigram_list(spelling))
            if 1 <= pos <= nl - 1 and pos % 3 == residue
        }
        rows = float(sizes[sorted(scanned)].sum()) if scanned else 0.0
        if rows < best_rows:
            best, best_rows = scanned, rows
    return long_latin, best


@lru_cache(maxsize=256)
def _latin_min(nl: int, threshold: float) -> int:
    """For a Latin-only query: the least count of shared 2-grams (repeats added) with which a
    mark of any length can reach ``threshold`` outside containment (see ``kernel._judge``: the
    LCS is at most ``min(nl, ml, (c + nl + ml - 1) // 3)`` and a view at most ``200 * LCS / (nl + ml)``).

    Per mark length ``ml`` (1..255), the least LCS ``L`` reaching the threshold needs
    ``c >= 3 * L - nl - ml + 1``; the answer is the least of these (at most 768)."""
    ml = np.arange(1, 256)[:, None]
    lat = np.arange(nl + 1)[None, :]
    ok = (lat <= np.minimum(nl, ml)) & (200.0 * lat / (nl + ml) >= threshold - 1e-9)
    feasible = ok.any(axis=1)
    if not feasible.any():
        return 3 * 256
    least = ok.argmax(axis=1)[feasible]
    need = np.maximum(3 * least - nl - ml[feasible, 0] + 1, 0)
    return int(min(need.min(), 3 * 256))


def _bounds(
    seg: Segment, pq: PreparedQuery, rows: np.ndarray, vals: np.ndarray, bound: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Marks whose text score may reach ``min_score`` and that upper bound (deduplicated).

    ``bound`` is the kernel's bound of each row (``kernel._judge``): the best of its views'
    bounds from its hits and lengths, or for a Latin-only query its exact LCS and containment."""
    marks, ub = _take(bound >= pq.min_score - _EPS, seg.row_marks(rows), bound)
    return _unique_marks(marks, ub)


def _unique_marks(marks: np.ndarray, ub: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each mark once (a mark's rows in several classes have the same bound)."""
    if len(marks) > 1:
        marks, first = np.unique(marks, return_index=True)
        ub = ub[first]
    return marks, ub


def _take(mask: np.ndarray, *arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """The arrays at the mask's true positions (one index array: faster than masking each)."""
    idx = np.flatnonzero(mask)
    return tuple(a[idx] for a in arrays)


def search_segment(
    seg: Segment,
    pq: PreparedQuery,
    dead: np.ndarray | None = None,
    max_candidates: int = MAX_CANDIDATES,
    k: int | None = None,
    ladder: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Marks of ``seg`` scoring at least ``min_score``: (marks, final score, text score).

    With ``k`` only a set guaranteed to contain the ``k`` best (by final score) is scored, and
    only the ``k`` best (ties ranked by id) and every mark scoring 100 are returned; without it
    every candidate (up to ``max_candidates``, best bounds first) is.
    """
    empty = (np.zeros(0, np.int64), np.zeros(0, np.float64), np.zeros(0, np.float32))
    if seg.n == 0 or not pq.q.key:
        return empty
    ranges = _ranges(seg, pq)
    if not ranges:
        return empty
    if k and ladder and sum(b - a for a, b in ranges) >= LADDER_ROWS:
        # In a large register the k-th best usually scores well above a low threshold, and a
        # higher one lets far more posting lists be only checked: look for the top k there
        # first.  When k marks reach it, they are the top k (every mark reaching it is found).
        for step in LADDER:
            if step < pq.min_score + LADDER_GAP:
                break  # too close to the threshold to save anything
            at_step = dataclasses.replace(pq, min_score=step)
            got = _search_ranges(seg, at_step, ranges, dead, max_candidates, k, own=True)
            if np.count_nonzero(got[1] >= step) >= k:
                return got
    return _search_ranges(seg, pq, ranges, dead, max_candidates, k, own=True)


def _candidates(
    seg: Segment,
    pq: PreparedQuery,
    ranges: list[tuple[int, int]],
    dead: np.ndarray | None,
    lists: bool = True,
    no_grams: bool = True,
    no_gram_floor: float = 0.0,
    marked: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Live marks of the ranges whose final score may reach ``min_score``: (marks, that upper
    bound with the goods factor, the goods factor); ``lists``/``no_grams``: those found through
    the lists, those sharing no 2-gram with a Latin query (see :func:`_collect`), of the
    lengths at which they may score ``no_gram_floor`` or more."""
    marks, ub = _bounds(seg, pq, *_collect(seg, pq, ranges, lists, no_grams, no_gram_floor, marked))
    if dead is not None and len(marks):
        alive = ~dead[marks]
        marks, ub = _take(alive, marks, ub)
    factor = np.ones(len(marks), np.float32)
    if pq.goods.active and len(marks):
        same, related = goods_match(pq.goods, seg.cmask, seg.gptr, seg.gdata, marks)
        if pq.goods.filters:
            ok = same | related
            marks, ub, same, related = _take(ok, marks, ub, same, related)
        factor = goods_factor(pq.goods, same, related)
        ub = ub * factor
        keep = ub >= pq.min_score - _EPS
        marks, ub, factor = _take(keep, marks, ub, factor)
    return marks, ub, factor


def _ranges(seg: Segment, pq: PreparedQuery) -> list[tuple[int, int]]:
    """The row ranges a search of ``pq`` reads: its classes' rows, or the primary rows (every mark once)."""
    wanted = pq.classes_wanted()
    return [(0, seg.n)] if wanted is None else seg.class_ranges(wanted)


def _search_ranges(
    seg: Segment,
    pq: PreparedQuery,
    ranges: list[tuple[int, int]],
    dead: np.ndarray | None,
    max_candidates: int,
    k: int | None,
    cands: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
    own: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`search_segment` over the given row ranges (``cands``: their :func:`_candidates`,
    when known; ``own``: the scores are the query's own, not a rewriting's)."""
    # A Latin query's marks that share no 2-gram with it (below 200/3) are looked for only when
    # the marks found through the lists leave room for them in the top k.
    later = cands is None and bool(k) and _no_gram_lengths(pq, pq.min_score - _EPS - 1e-9).any()
    marked = _row_bitmap(seg, ranges) if later else None  # the rows the lists touch: they share a 2-gram
    marks, ub, factor = (
        _candidates(seg, pq, ranges, dead, no_grams=not later, marked=marked) if cands is None else cands
    )
    out_m: list[np.ndarray] = [np.zeros(0, np.int64)]
    out_f: list[np.ndarray] = [np.zeros(0, np.float64)]
    out_t: list[np.ndarray] = [np.zeros(0, np.float32)]
    kept: np.ndarray = np.zeros(0, np.float64)
    limit = min(len(marks), max_candidates)
    pos, batch = 0, FIRST_BATCH if k else limit
    order = _best_first(ub, min(limit, max(4 * FIRST_BATCH, 4 * (k or 0))))
    while pos < limit:
        if pos >= len(order):
            # the first cut was not enough: order the rest too (argpartition's pick among
            # equal bounds at the cut is arbitrary, so exclude exactly what was scored)
            rest = np.ones(len(ub), bool)
            rest[order] = False
            rest_idx = np.flatnonzero(rest)
            order = np.concatenate([order, rest_idx[np.argsort(-ub[rest_idx], kind="stable")]])
        sel = order[pos : min(pos + batch, len(order))]
        pos += len(sel)
        if k and len(kept) >= k:
            # rows that cannot beat the k-th best found so far are not scored (bounds descend
            # along ``order``: they are the batch's tail, and every row after it)
            short = int(np.count_nonzero(ub[sel] >= float(kept[k - 1]) - _EPS))
            if short == 0:
                break
            if short < len(sel):
                sel, pos = sel[:short], limit
        sel = sel[np.argsort(marks[sel])]  # ascending marks read the maps sequentially
        bm = marks[sel]
        text = pq.scorer.score(seg.key_codes(bm), seg.wlen[bm] & _WLEN_MASK, seg.llen[bm])
        # rounded to the reported 0.01 so that equal scores tie exactly and rank by id
        final = np.round(text.astype(np.float64) * factor[sel], 2)
        ok = final >= pq.min_score
        bm, final, text = _take(ok, bm, final, text)
        out_m.append(bm)
        out_f.append(final)
        out_t.append(text)
        if k:
            kept = np.sort(np.concatenate([kept, final]))[::-1][: max(k, 1)]
        batch *= 4
    if later:
        # only the lengths at which such a mark can still tie the k-th best found so far
        floor = float(kept[k - 1]) - 0.01 if k and len(kept) >= k else 0.0
        # each of these was bounded by its exact LCS: they are all scored
        bm, _, bf = _candidates(seg, pq, ranges, dead, lists=False, no_gram_floor=floor, marked=marked)
        bm, bf = bm[:max_candidates], bf[:max_candidates]
        text = pq.scorer.score(seg.key_codes(bm), seg.wlen[bm] & _WLEN_MASK, seg.llen[bm])
        final = np.round(text.astype(np.float64) * bf, 2)
        bm, final, text = _take(final >= pq.min_score, bm, final, text)
        out_m.append(bm)
        out_f.append(final)
        out_t.append(text)
        kept = np.sort(np.concatenate([kept, final]))[::-1][: max(k or 0, 1)]
    got_m, got_f, got_t = np.concatenate(out_m).astype(np.int64), np.concatenate(out_f), np.concatenate(out_t)
    if k and len(kept) >= k:
        if own:
            # The full score of a mark is at least its own, so a mark whose full score is its
            # own and that is in the full top k (ties ranked by id) is in the own top k ranked
            # the same way: ties past the k-th id are not needed.
            top = np.sort(top_by_id(seg.ids[got_m], got_f, k))
            got_m, got_f, got_t = got_m[top], got_f[top], got_t[top]
        else:
            # only the top k (and whatever ties it) can be in a top k that merges this search
            # with others (see search_full); the slack keeps ties after a rewriting's scaling
            # and rounding
            got_m, got_f, got_t = _take(got_f >= float(kept[k - 1]) - _TOP_SLACK, got_m, got_f, got_t)
    return got_m, got_f, got_t


def top_by_id(ids: np.ndarray, final: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` best of ``final`` (ties ranked by ``ids``), best first, and of every
    score of 100 however many: the look-alike cap may lower some raw 100s to 98 after the merge
    (see ``index.search_indexes``), so a cut among them would lose an exact spelling."""
    return np.lexsort((ids, -final))[: max(k, int(np.count_nonzero(final >= 100.0)))]


def search_full(
    seg: Segment,
    pq: PreparedQuery,
    dead: np.ndarray | None = None,
    max_candidates: int = MAX_CANDIDATES,
    k: int | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Like :func:`search_segment`, scored with the full score (the query's own views and its
    rewritings), with each rewriting's own score of each mark (shape: rewritings x marks, for
    the reasons).  The top-k of a maximum of scores is inside the union of each score's top-k,
    so the query and each rewriting are searched exactly, and their union is rescored."""
    own = search_segment(seg, pq, dead, max_candidates, k)
    if not pq.alts or seg.n == 0:
        return (*own, np.zeros((len(pq.alts), len(own[0])), np.float32))
    # The full score is at least the own score, so the full top-k's k-th score is at least the
    # own top-k's: a rewriting (scaled by f) matters only for marks reaching that / f.  This
    # raises the rewritings' thresholds, and skips them when the k-th own score is above 90.
    floor = float(np.sort(own[1])[::-1][k - 1]) - 2 * _EPS if k and len(own[1]) >= k else 0.0
    ranges = _ranges(seg, pq)
    jobs: list[PreparedQuery] = []
    for scale, alt in pq.alt_searches:
        need = (floor - 0.005) / scale - 0.01
        if need > 100.0 + _EPS or not alt.q.key or not ranges:
            continue
        jobs.append(dataclasses.replace(alt, min_score=need) if need > alt.min_score else alt)
    # The rewritings are searched at once when one is searched low (its lists then mostly
    # scanned): one here, the others on the process's other threads (their candidate pass,
    # compiled, releases the GIL).  Each is exact at its threshold; the union is rescored whole.
    parallel = len(jobs) > 1 and min(alt.min_score for alt in jobs) < PARALLEL_ALT_BELOW
    if parallel:
        # the longest spelling (the most lists) on this thread, which starts at once; the
        # others on threads that must first wake up
        jobs.sort(key=lambda alt: -len(alt.grams))

    def search_alt(alt: PreparedQuery) -> np.ndarray:
        _tls.alone = parallel  # beside another rewriting: its pass is not split over threads too
        try:
            cands = _candidates(seg, alt, ranges, dead)
        finally:
            _tls.alone = False
        if _exact_latin(alt) and len(cands[0]) <= UNSCORED_MAX:
            # The kernel kept only the marks whose exact LCS or containment reaches the
            # threshold: the union below scores them all with every scorer, so scoring them
            # here too would only pick their top k.
            return cands[0]
        # (no ladder: a rewriting searched above the own k-th score seldom has k marks at 80)
        return _search_ranges(seg, alt, ranges, dead, max_candidates, k, cands)[0]

    later = [_alt_pool().submit(search_alt, alt) for alt in jobs[1:]] if parallel else []
    found = [own[0]] + [search_alt(alt) for alt in (jobs[:1] if parallel else jobs)] + [f.result() for f in later]
    marks = unique_sorted(np.concatenate(found))
    if not len(marks):
        return (*own, np.zeros((len(pq.alts), 0), np.float32))
    # the own views' scores of the marks the own search scored are known
    main = np.full(len(marks), np.nan, np.float32)
    main[np.searchsorted(marks, own[0])] = own[2]
    text, raws = pq.full.score_parts(seg.key_codes(marks), seg.wlen[marks] & _WLEN_MASK, seg.llen[marks], main=main)
    factor = np.ones(len(marks), np.float32)
    if pq.goods.active:
        same, related = goods_match(pq.goods, seg.cmask, seg.gptr, seg.gdata, marks)
        factor = goods_factor(pq.goods, same, related)
    final = np.round(text.astype(np.float64) * factor, 2)
    ok = final >= pq.min_score
    return marks[ok], final[ok], text[ok], raws[:, ok]


def _best_first(ub: np.ndarray, count: int) -> np.ndarray:
    """Indices of the ``count`` largest bounds, largest first (ties in index order)."""
    if count >= len(ub):
        return np.argsort(-ub, kind="stable")
    top = np.argpartition(-ub, count - 1)[:count]
    top.sort()
    return top[np.argsort(-ub[top], kind="stable")]


def brute_force_segment(seg: Segment, pq: PreparedQuery, chunk: int = 200_000) -> tuple[np.ndarray, np.ndarray]:
    """Reference: the text score of *every* mark (no index), as (marks, scores) >= min_score."""
    rows_out, scores_out = [], []
    for start in range(0, seg.n, chunk):
        s = pq.full.score(seg.key_codes(np.arange(start, min(start + chunk, seg.n))))
        # compared at the reported precision, like the search (0.9 * 66.67 reports 60.00)
        hit = np.flatnonzero(np.round(s.astype(np.float64), 2) >= pq.min_score)
        rows_out.append(hit + start)
        scores_out.append(s[hit])
    if not rows_out:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    return np.concatenate(rows_out), np.concatenate(scores_out)
