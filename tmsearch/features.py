"""Index features of mark keys, computed with vectorised numpy (build) or plainly (query).

Every feature is an ``int64``: the kind in the top byte, a collision-free payload below it.

=========  =====================================  ==========================================
kind       payload                                emitted for
=========  =====================================  ==========================================
CHAR  (1)  code point                             every wide (Chinese) char
PAIR  (2)  cp1 << 21 | cp2                        every adjacent pair of wide chars
PY    (3)  base-27 code of the *fuzzy* syllable   every wide char with a pinyin reading
TRI   (4)  3 symbols, base 40                     every 3-gram of ``^latin$``
BI    (5)  2 symbols, base 40                     every 2-gram of ``^latin$`` when latin <= 6
=========  =====================================  ==========================================

Shape similarity needs no feature kind of its own: a query char expands to the CHAR features of
its shape neighbours (its "shape cluster"), which keeps the neighbour relation exact and avoids
the giant transitive clusters that a fixed cluster id per char produces.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from .normalise import Norm
from .refdata import RefData, fuzzy_syllable
from .sound import encode_syllable, toneless

K_CHAR, K_PAIR, K_PY, K_TRI, K_BI = 1, 2, 3, 4, 5
SHIFT = 56
#: Latin parts up to this length also get 2-grams: short words share too few 3-grams.
SHORT_LATIN = 6
_BASE = 40
PAD_L, PAD_R = 37, 38

#: ASCII code -> latin symbol 1..36 (0 = not a latin symbol)
ALPHA = np.zeros(128, dtype=np.int64)
for _i, _c in enumerate("abcdefghijklmnopqrstuvwxyz0123456789"):
    ALPHA[ord(_c)] = _i + 1


def codes_matrix(keys: list[str], width: int | None = None) -> np.ndarray:
    """Keys as an ``(n, width)`` uint32 matrix of code points, zero padded (UCS-4 view)."""
    if width is None:
        width = max((len(k) for k in keys), default=1) or 1
    arr = np.array(keys, dtype=f"<U{width}") if keys else np.zeros(0, dtype=f"<U{width}")
    return np.ascontiguousarray(arr).view(np.uint32).reshape(len(keys), width)


def compact(codes: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Per row, the masked codes moved to the front (order kept), the rest zeroed."""
    order = np.argsort(~mask, axis=1, kind="stable")
    out = np.take_along_axis(codes, order, axis=1)
    out[~np.take_along_axis(mask, order, axis=1)] = 0
    return out


def split_parts(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The wide (non-ASCII) and latin parts of each key row, compacted."""
    wide = codes >= 128
    latin = (codes > 0) & ~wide
    return compact(codes, wide), compact(codes, latin)


def pinyin_codes(cps: np.ndarray, ref: RefData) -> np.ndarray:
    """Fuzzy-syllable code per code point (0 where there is no reading); one lookup per distinct char."""
    uniq, inv = np.unique(cps, return_inverse=True)
    table = np.zeros(len(uniq), dtype=np.int64)
    for i, cp in enumerate(uniq.tolist()):
        syl = toneless(chr(cp), ref) if cp >= 128 else None
        if syl:
            table[i] = encode_syllable(fuzzy_syllable(syl))
    return table[inv].reshape(cps.shape)


def doc_features(codes: np.ndarray, ref: RefData) -> tuple[np.ndarray, np.ndarray]:
    """All (feature, row) pairs of a code matrix; duplicates within a row are not removed."""
    n, w = codes.shape
    wide, lat = split_parts(codes)
    rows = np.broadcast_to(np.arange(n, dtype=np.int64)[:, None], (n, w))
    keys: list[np.ndarray] = []
    docs: list[np.ndarray] = []

    m = wide > 0
    keys.append((K_CHAR << SHIFT) | wide[m].astype(np.int64))
    docs.append(rows[m])
    if w > 1:
        a, b = wide[:, :-1].astype(np.int64), wide[:, 1:].astype(np.int64)
        mp = (a > 0) & (b > 0)
        keys.append((K_PAIR << SHIFT) | (a[mp] << 21) | b[mp])
        docs.append(rows[:, :-1][mp])
    py = pinyin_codes(wide[m], ref)
    ok = py > 0
    keys.append((K_PY << SHIFT) | py[ok])
    docs.append(rows[m][ok])

    lat_len = (lat > 0).sum(axis=1)
    sym = np.zeros((n, w + 2), dtype=np.int64)
    sym[:, 0] = PAD_L
    sym[:, 1 : w + 1] = ALPHA[np.minimum(lat, 127)]
    sym[np.arange(n), lat_len + 1] = PAD_R
    has = lat_len > 0
    j = np.arange(w + 2)[None, :]
    # ^abc$ has len 3-grams (positions 0..len-1) and len+1 2-grams (positions 0..len).
    tri = sym[:, :-2] * _BASE * _BASE + sym[:, 1:-1] * _BASE + sym[:, 2:]
    mt = (j[:, :w] < lat_len[:, None]) & has[:, None]
    keys.append((K_TRI << SHIFT) | tri[mt])
    docs.append(np.broadcast_to(np.arange(n, dtype=np.int64)[:, None], tri.shape)[mt])
    bi = sym[:, :-1] * _BASE + sym[:, 1:]
    mb = (j[:, : w + 1] <= lat_len[:, None]) & (has & (lat_len <= SHORT_LATIN))[:, None]
    keys.append((K_BI << SHIFT) | bi[mb])
    docs.append(np.broadcast_to(np.arange(n, dtype=np.int64)[:, None], bi.shape)[mb])
    return np.concatenate(keys), np.concatenate(docs)


def _latin_sym(c: str) -> int:
    return int(ALPHA[ord(c)])


def latin_grams(latin: str) -> list[int]:
    """Distinct 3-gram (and, for short words, 2-gram) features of a latin part."""
    if not latin:
        return []
    s = [PAD_L, *(_latin_sym(c) for c in latin), PAD_R]
    out = {(K_TRI << SHIFT) | (s[i] * _BASE * _BASE + s[i + 1] * _BASE + s[i + 2]) for i in range(len(s) - 2)}
    if len(latin) <= SHORT_LATIN:
        out |= {(K_BI << SHIFT) | (s[i] * _BASE + s[i + 1]) for i in range(len(s) - 1)}
    return sorted(out)


@dataclass(frozen=True, slots=True)
class QuerySlot:
    """One distinct query char and the features that can match it."""

    char: str
    #: how often the char occurs in the query (a doc matching it can match that many times)
    weight: int
    #: CHAR of the char itself and of its shape neighbours, PY of its near-sound class
    features: tuple[int, ...]


def query_slots(q: Norm, ref: RefData) -> list[QuerySlot]:
    """The wide-char slots of a query: a doc hitting any feature of a slot may match that char."""
    slots = []
    for ch, weight in Counter(q.wide).items():
        feats = [(K_CHAR << SHIFT) | ord(ch)]
        feats += [(K_CHAR << SHIFT) | ord(n) for n, _ in ref.shape.get(ch, ())]
        syl = toneless(ch, ref)
        if syl:
            feats.append((K_PY << SHIFT) | encode_syllable(fuzzy_syllable(syl)))
        slots.append(QuerySlot(ch, weight, tuple(dict.fromkeys(feats))))
    return slots


def pair_features(wide: str) -> list[int]:
    """PAIR features of a wide string (used to rank candidates when there are too many)."""
    return sorted({(K_PAIR << SHIFT) | (ord(a) << 21) | ord(b) for a, b in pairwise(wide)})
