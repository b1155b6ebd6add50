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

import numpy as np

from .normalise import Norm
from .refdata import RefData

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


def latin_gram_table(grams: tuple[int, ...]) -> np.ndarray:
    """Which pairs of ASCII codes make one of the 2-gram features ``grams``, flat: index
    ``a * 130 + b``, with 128 standing for ``^`` and 129 for ``$`` (``kernel._shares_gram``)."""
    sym = np.concatenate([ALPHA, [PAD_L, PAD_R]])
    pairs = (sym[:, None] * _BASE + sym[None, :]).ravel() | np.int64(K_BI << SHIFT)
    return np.isin(pairs, np.asarray(grams, np.int64))


def latin_grams(latin: str) -> list[int]:
    """Distinct 2-gram features of ``^latin$``, sorted."""
    return sorted(set(latin_bigram_list(latin)))


def latin_gram_weights(*spellings: str) -> dict[int, int]:
    """Each 2-gram feature of the spellings and how often it occurs in one of them (the most
    of any spelling): the weight its posting list adds to a row's count (``search``)."""
    weight: Counter[int] = Counter()
    for spelling in spellings:
        weight |= Counter(latin_bigram_list(spelling))  # the larger count of each
    return dict(weight)


@dataclass(frozen=True, slots=True)
class QuerySlot:
    """One distinct query char and the features of the mark chars that can match it."""

    char: str
    #: how often the char occurs in the query (a doc matching it can match that many times)
    weight: int
    #: sorted int64 CHAR features by strength: the char itself; the chars the scorer's
    #: same-sound view turns into it; the further chars its near-sound/shape view turns into it
    levels: tuple[np.ndarray, np.ndarray, np.ndarray]


def _enc(codes: np.ndarray) -> np.ndarray:
    return np.sort(np.int64(K_CHAR << SHIFT) | codes.astype(np.int64))


def query_slots(
    q: Norm, sound_table: tuple[np.ndarray, np.ndarray], union_table: tuple[np.ndarray, np.ndarray]
) -> list[QuerySlot]:
    """The wide-char slots of a query, from the scorer's replacement tables (source -> query char).

    The scorer replaces each mark char by at most one query char per view (the first claim
    wins), so each mark char is put in exactly the slot it can match in that view, and a mark
    char never counts for two slots: the slot weights a row hits bound that view's LCS.
    """
    if not q.wide:
        return []
    s_src, s_dst = sound_table
    u_src, u_dst = union_table
    # the union table maps every same-sound source like the sound table: only the rest is
    # "near" (both tables' sources are sorted and distinct)
    at = np.minimum(np.searchsorted(s_src, u_src), max(len(s_src) - 1, 0))
    u_near = s_src[at] != u_src if len(s_src) else np.ones(len(u_src), bool)
    out = []
    for ch, weight in Counter(q.wide).items():
        cp = ord(ch)
        own = _enc(np.array([cp], np.int64))
        out.append(QuerySlot(ch, weight, (own, _enc(s_src[s_dst == cp]), _enc(u_src[(u_dst == cp) & u_near]))))
    return out


#: Latin signature bit of each ASCII code: a-z -> 0..25, digits 2-9 -> 26..31 (folded mod 6;
#: ``0``/``1`` are folded to ``o``/``l`` by normalisation); a shared bit only loosens the bound
SIG_BIT = np.full(128, -1, dtype=np.int64)
for _i, _c in enumerate("abcdefghijklmnopqrstuvwxyz"):
    SIG_BIT[ord(_c)] = _i
for _d in range(10):
    SIG_BIT[ord("0") + _d] = 26 + _d % 6


_SIG_BITS: list[int] = SIG_BIT.tolist()


def _symbol_bits(codes: np.ndarray) -> np.ndarray:
    """Per key code, its Latin symbol's ``SIG_BIT`` (-1: not a Latin symbol)."""
    return SIG_BIT[np.where((codes > 0) & (codes < 128), codes, 0).astype(np.int64)]


def latin_signatures(codes: np.ndarray) -> np.ndarray:
    """Per key row, the set of its Latin symbols as uint32 bits (see ``SIG_BIT``)."""
    bit = _symbol_bits(codes)
    vals = np.where(bit >= 0, np.left_shift(np.uint64(1), np.maximum(bit, 0).astype(np.uint64)), np.uint64(0))
    return np.bitwise_or.reduce(vals, axis=1).astype(np.uint32) if codes.shape[1] else np.zeros(len(codes), np.uint32)


def latin_repeats(codes: np.ndarray) -> np.ndarray:
    """Per key row, its Latin symbols occurring at least twice (bits 0-31) and at least three
    times (bits 32-63), as uint64 (see ``SIG_BIT``): with the symbol set (``latin_signatures``)
    they bound how many of each symbol a common subsequence can take from the mark."""
    if not codes.shape[1]:
        return np.zeros(len(codes), np.uint64)
    bit = np.sort(_symbol_bits(codes), axis=1)
    out = np.zeros(len(codes), np.uint64)
    for gap, shift in ((1, 0), (2, 32)):
        # in a sorted row, a symbol occurring at least gap + 1 times equals the one gap further on
        same = (bit[:, gap:] == bit[:, :-gap]) & (bit[:, gap:] >= 0)
        vals = np.where(same, np.left_shift(np.uint64(1), (np.maximum(bit[:, gap:], 0) + shift).astype(np.uint64)), 0)
        out |= np.bitwise_or.reduce(vals.astype(np.uint64), axis=1) if vals.shape[1] else np.uint64(0)
    return out


def latin_signature_counts(latin: str) -> list[int]:
    """Query side: masks ``Q_j`` of the signature bits whose symbols occur at least ``j`` times."""
    counts: dict[int, int] = {}
    for c in latin:
        b = _SIG_BITS[ord(c)] if ord(c) < 128 else -1
        if b >= 0:
            counts[b] = counts.get(b, 0) + 1
    # masks[j - 1]: the symbols occurring at least j times
    masks = [0] * max(counts.values(), default=0)
    for b, n in counts.items():
        for j in range(n):
            masks[j] |= 1 << b
    return masks
