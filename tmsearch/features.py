"""Index features of mark keys, computed with vectorised numpy (build) or plainly (query).

Every feature is an ``int64``: the kind in the top byte, a collision-free payload below it.

=========  =====================================  ==========================================
kind       payload                                emitted for
=========  =====================================  ==========================================
CHAR  (1)  code point                             every wide (Chinese) char
BI    (5)  2 symbols, base 40                     every 2-gram of ``^latin$``
=========  =====================================  ==========================================

Only two kinds are indexed, because both give a *valid upper bound* of the score (see
``search``): a Chinese query char can only be matched by itself, a same- or near-sound char
or a shape neighbour, so its *slot* expands at query time to the CHAR postings of all of
those (sound and shape classes are query-side: no fixed cluster id, no transitive merging);
and the number of shared ``^latin$`` 2-grams bounds the Latin LCS (q-gram lemma).  Kinds 2-4
(char pairs, pinyin classes, Latin 3-grams) of format 1 are no longer emitted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .normalise import Norm
from .refdata import RefData, fuzzy_syllable
from .sound import toneless

K_CHAR, K_PAIR, K_PY, K_TRI, K_BI = 1, 2, 3, 4, 5
SHIFT = 56
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


def doc_features(codes: np.ndarray, ref: RefData | None = None) -> tuple[np.ndarray, np.ndarray]:
    """All (feature, row) pairs of a code matrix; duplicates within a row are not removed."""
    n, w = codes.shape
    wide, lat = split_parts(codes)
    rows = np.broadcast_to(np.arange(n, dtype=np.int64)[:, None], (n, w + 1))
    m = wide > 0
    keys = [(K_CHAR << SHIFT) | wide[m].astype(np.int64)]
    docs = [rows[:, :w][m]]

    lat_len = (lat > 0).sum(axis=1)
    sym = np.zeros((n, w + 2), dtype=np.int64)
    sym[:, 0] = PAD_L
    sym[:, 1 : w + 1] = ALPHA[np.minimum(lat, 127)]
    sym[np.arange(n), lat_len + 1] = PAD_R
    has = lat_len > 0
    j = np.arange(w + 1)[None, :]
    # ^abc$ has len+1 2-grams (positions 0..len).
    bi = sym[:, :-1] * _BASE + sym[:, 1:]
    mb = (j <= lat_len[:, None]) & has[:, None]
    keys.append((K_BI << SHIFT) | bi[mb])
    docs.append(rows[mb])
    return np.concatenate(keys), np.concatenate(docs)


def _latin_sym(c: str) -> int:
    return int(ALPHA[ord(c)])


def latin_bigram_list(latin: str) -> list[int]:
    """The 2-gram features of ``^latin$`` in order, repeats kept (``len(latin) + 1`` of them)."""
    if not latin:
        return []
    s = [PAD_L, *(_latin_sym(c) for c in latin), PAD_R]
    return [(K_BI << SHIFT) | (s[i] * _BASE + s[i + 1]) for i in range(len(s) - 1)]


def latin_grams(latin: str) -> list[int]:
    """Distinct 2-gram features of ``^latin$``, sorted."""
    return sorted(set(latin_bigram_list(latin)))


@dataclass(frozen=True, slots=True)
class QuerySlot:
    """One distinct query char and the features that can match it."""

    char: str
    #: how often the char occurs in the query (a doc matching it can match that many times)
    weight: int
    #: CHAR of the char itself, of its shape neighbours and of every same/near-sound char
    features: tuple[int, ...]
    #: the same split by strength: the char itself; same-sound chars; near-sound/shape chars
    levels: tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]] = ((), (), ())


@lru_cache(maxsize=20000)
def _slot_levels(ch: str, ref: RefData) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """Every char the scorer may let stand in for ``ch``, as sorted CHAR features, by strength:
    (``ch`` itself, same toneless sound, near sound or similar shape)."""
    syl = toneless(ch, ref)
    same = set(ref.by_syllable.get(syl, ())) - {ch} if syl else set()
    near = {n for n, _ in ref.shape.get(ch, ())}
    if syl:
        # near-sound chars: exactly the scorer's near_homophones (the fuzzy class minus same sound)
        near.update(ref.by_fuzzy.get(fuzzy_syllable(syl), ()))
    near -= same | {ch}

    def enc(chars: set[str]) -> tuple[int, ...]:
        return tuple(sorted((K_CHAR << SHIFT) | ord(c) for c in chars))

    return enc({ch}), enc(same), enc(near)


def query_slots(q: Norm, ref: RefData) -> list[QuerySlot]:
    """The wide-char slots of a query: a doc hitting any feature of a slot may match that char."""
    out = []
    for ch, weight in Counter(q.wide).items():
        levels = _slot_levels(ch, ref)
        out.append(QuerySlot(ch, weight, tuple(sorted({f for lv in levels for f in lv})), levels))
    return out
