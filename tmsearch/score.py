"""Exact similarity of a query against many mark keys at once (rapidfuzz, vectorised).

The text score (0..100) is the best of several *views* of the pair, each an Indel ratio
(``rapidfuzz.fuzz.ratio``: shared characters in order) scaled by how strong that kind of
resemblance is:

* identical characters after folding (look-alikes, case, traditional/simplified): x 1.00
* the mark's chars that sound exactly like a query char replaced by that char: x 0.95
* ... that sound near (zh/z, l/n, -ng/-n) or look alike (形近) replaced too: x 0.85
* for mixed Chinese+Latin marks, the Chinese part alone or the Latin part alone: x 0.90

A mark identical only after look-alike folding ("APPIE" for "APPLE") scores 98, not 100.
Replacing chars by the query char with ``str.translate``-like numpy lookups keeps all of this
inside numpy and rapidfuzz's C loops, so thousands of candidates score in about a millisecond
and a brute-force pass over a million marks takes well under a second.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from .features import split_parts
from .normalise import Norm
from .refdata import RefData
from .sound import homophones, near_homophones

SOUND_FACTOR = 0.95
NEAR_FACTOR = 0.85
PART_FACTOR = 0.90
LOOKALIKE_SCORE = 98.0


def _translate(codes: np.ndarray, table: tuple[np.ndarray, np.ndarray]) -> np.ndarray | None:
    """Codes with table sources replaced, or None when nothing changes."""
    src, dst = table
    if not len(src) or not codes.size:
        return None
    idx = np.searchsorted(src, codes)
    np.minimum(idx, len(src) - 1, out=idx)
    hit = src[idx] == codes
    if not hit.any():
        return None
    out = codes.copy()
    out[hit] = dst[idx[hit]]
    return out


def as_strings(codes: np.ndarray) -> list[str]:
    """Rows of a uint32 code matrix as Python strings (trailing zeros dropped)."""
    if codes.shape[0] == 0:
        return []
    w = codes.shape[1]
    return np.ascontiguousarray(codes, dtype=np.uint32).view(f"<U{w}").ravel().tolist()


def _ratio(q: str, choices: list[str]) -> np.ndarray:
    """``fuzz.ratio(q, c)`` for every choice, as float32."""
    if not choices:
        return np.zeros(0, np.float32)
    return np.asarray(process.cdist([q], choices, scorer=fuzz.ratio, dtype=np.float32)[0])


@lru_cache(maxsize=20000)
def _char_alternatives(ch: str, ref: RefData) -> tuple[np.ndarray, np.ndarray]:
    """Code points of the (same-sound, near-sound or look-alike) chars that may stand in for ``ch``."""
    sound = homophones(ch, ref)
    near = near_homophones(ch, ref) + tuple(c for c, _ in ref.shape.get(ch, ()))
    return (np.array([ord(c) for c in sound], np.uint32), np.array([ord(c) for c in near], np.uint32))


def _merge(parts: list[tuple[np.ndarray, int]], exclude: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted (source, replacement) table from per-query-char sources; the first claim wins."""
    if not parts:
        return np.zeros(0, np.uint32), np.zeros(0, np.uint32)
    src = np.concatenate([p for p, _ in parts])
    dst = np.concatenate([np.full(len(p), cp, np.uint32) for p, cp in parts])
    keep = ~np.isin(src, exclude)  # a query char is never replaced by another query char
    src, first = np.unique(src[keep], return_index=True)
    return src, dst[keep][first]


class QueryScorer:
    """Scores one normalised query against rows of mark key codes."""

    def __init__(self, q: Norm, ref: RefData) -> None:
        self.q = q
        self.ref = ref
        sound: list[tuple[np.ndarray, int]] = []
        near: list[tuple[np.ndarray, int]] = []
        for ch in dict.fromkeys(q.wide):
            same_sound, near_or_shape = _char_alternatives(ch, ref)
            sound.append((same_sound, ord(ch)))
            near.append((near_or_shape, ord(ch)))
        qcodes = np.array([ord(c) for c in q.wide], np.uint32)
        self.sound_table = _merge(sound, qcodes)
        # Same-sound claims take precedence over near/shape ones in the combined view.
        self.union_table = _merge(sound + near, qcodes)

    def _best(self, q: str, codes: np.ndarray) -> np.ndarray:
        """Best of the identical / same-sound / near-or-shape views of ``q`` against ``codes``."""
        best = _ratio(q, as_strings(codes))
        if not self.q.wide:
            return best
        prev = codes
        for table, factor in ((self.sound_table, SOUND_FACTOR), (self.union_table, NEAR_FACTOR)):
            moved = _translate(codes, table)
            if moved is None:
                continue
            # Only rows this view changes can score higher through it (an unchanged row scores
            # the previous view's ratio times a smaller factor).
            rows = np.flatnonzero((moved != prev).any(axis=1))
            if len(rows):
                view = factor * _ratio(q, as_strings(moved[rows]))
                best[rows] = np.maximum(best[rows], view)
            prev = moved
        return best

    def score(self, codes: np.ndarray, has_w: np.ndarray | None = None, has_l: np.ndarray | None = None) -> np.ndarray:
        """Text score 0..100 (float32) of the query against each row of ``codes``.

        ``has_w``/``has_l`` (whether each key has a Chinese / a Latin part) are computed from
        the codes unless the caller knows them.
        """
        q = self.q
        n = codes.shape[0]
        if n == 0 or not q.key:
            return np.zeros(n, np.float32)
        best = self._best(q.key, codes)
        if has_w is None or has_l is None:
            is_wide = codes >= 128
            has_w = np.asarray(is_wide.any(axis=1))
            has_l = np.asarray(((codes > 0) & ~is_wide).any(axis=1))
        # Part views matter only when the query or the mark mixes scripts.
        rows = np.flatnonzero((has_w | has_l) if q.mixed else (has_w & has_l))
        if not len(rows):
            return best
        wide, lat = split_parts(codes[rows])
        if q.wide:
            sub = np.flatnonzero(has_w[rows])
            if len(sub):
                part = PART_FACTOR * self._best(q.wide, wide[sub])
                best[rows[sub]] = np.maximum(best[rows[sub]], part)
        if q.latin:
            sub = np.flatnonzero(has_l[rows])
            if len(sub):
                part = PART_FACTOR * _ratio(q.latin, as_strings(lat[sub]))
                best[rows[sub]] = np.maximum(best[rows[sub]], part)
        return best


def finalise_score(score: float, q: Norm, m: Norm) -> float:
    """Apply the look-alike cap: identical keys that differ before folding score 98."""
    if score >= 100.0 and q.plain != m.plain:
        return LOOKALIKE_SCORE
    return float(round(score, 2))
