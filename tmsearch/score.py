"""Exact similarity of a query against many mark keys at once (rapidfuzz, vectorised).

The text score (0..100) is the best of several *views* of the pair, each an Indel ratio
(``rapidfuzz.fuzz.ratio``: shared characters in order) scaled by how strong that kind of
resemblance is:

* identical characters after folding (look-alikes, case, traditional/simplified): x 1.00
* the mark's chars that sound exactly like a query char replaced by that char: x 0.95
* ... that sound near (zh/z, l/n, -ng/-n) or look alike (形近) replaced too: x 0.85
* for mixed Chinese+Latin marks, the Chinese part alone or the Latin part alone: x 0.90
* the same Chinese chars in another order (字序不同): 0.90 x the Dice share of the chars
  both have (as a multiset), over the whole keys' lengths (梦之蓝 / 蓝之梦 90)
* one mark's Chinese part (>= 2 chars) or Latin part (>= 4 letters) found whole inside the
  other's, with words added before or after (新/老 + mark, mark + 特曲): a flat 80

A mark identical only after look-alike folding ("APPIE" for "APPLE") scores 98, not 100.
Replacing chars by the query char with ``str.translate``-like numpy lookups keeps all of this
inside numpy and rapidfuzz's C loops, so thousands of candidates score in about a millisecond
and a brute-force pass over a million marks takes well under a second.
"""

from __future__ import annotations

from functools import cached_property, lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from .arrays import sorted_member, unique_sorted
from .features import compact, latin_signature_counts, latin_signatures, split_parts
from .normalise import Norm
from .refdata import RefData, fuzzy_syllable
from .sound import readings

SOUND_FACTOR = 0.95
NEAR_FACTOR = 0.85
PART_FACTOR = 0.90
ORDER_FACTOR = 0.90
CONTAIN_SCORE = 80.0
#: the shortest part that counts as contained: 2 Chinese chars, 4 Latin letters
CONTAIN_MIN_WIDE, CONTAIN_MIN_LATIN = 2, 4
LOOKALIKE_SCORE = 98.0


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
    """Code points of the chars that may stand in for ``ch``: those sharing a reading with it
    (``sound.homophones``), and those whose reading is near one of its (``sound.near_homophones``)
    or that look like it (``RefData.shape``).  The readings' chars are kept per set of readings
    (:func:`_reading_codes`): a char not seen before costs a few array operations."""
    cp = np.uint32(ord(ch))
    sound, near = _reading_codes(readings(ch, ref), ref)
    sound, near = sound[sound != cp], near[near != cp]
    shape = np.array([ord(c) for c, _ in ref.shape.get(ch, ())], np.uint32)
    return sound, np.concatenate([near, shape]) if len(shape) else near


@lru_cache(maxsize=4096)
def _reading_codes(syls: tuple[str, ...], ref: RefData) -> tuple[np.ndarray, np.ndarray]:
    """Code points of the chars read as any of ``syls`` (toneless syllables), and of those read
    as one of their near-sound classes but none of them (sorted, distinct)."""
    by_syllable, by_fuzzy = _syllable_codes(ref)
    sound = _union([by_syllable[s] for s in syls if s in by_syllable])
    fuzzy = _union([by_fuzzy[f] for f in map(fuzzy_syllable, syls) if f in by_fuzzy])
    return sound, fuzzy[~sorted_member(sound, fuzzy)]


def _union(arrays: list[np.ndarray]) -> np.ndarray:
    """The union of sorted arrays of distinct code points, sorted (most chars have one reading:
    its array as it is)."""
    if len(arrays) == 1:
        return arrays[0]
    return unique_sorted(np.concatenate(arrays)) if arrays else np.zeros(0, np.uint32)


@lru_cache(maxsize=4)
def _syllable_codes(ref: RefData) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """``RefData.by_syllable`` and ``RefData.by_fuzzy`` as sorted code point arrays, built at once
    (35 ms of CPU per process, at its first search), so that :func:`_reading_codes` of a char not
    seen before only combines arrays."""

    def codes(table: dict[str, tuple[str, ...]]) -> dict[str, np.ndarray]:
        return {k: unique_sorted(np.array([ord(c) for c in chars], np.uint32)) for k, chars in table.items()}

    return codes(ref.by_syllable), codes(ref.by_fuzzy)


def _merge(parts: list[tuple[np.ndarray, int]], exclude: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted (source, replacement) table from per-query-char sources; the first claim wins."""
    if not parts:
        return np.zeros(0, np.uint32), np.zeros(0, np.uint32)
    src = np.concatenate([p for p, _ in parts])
    dst = np.concatenate([np.full(len(p), cp, np.uint32) for p, cp in parts])
    keep = ~sorted_member(unique_sorted(exclude), src)  # a query char is never replaced by another
    src, first = np.unique(src[keep], return_index=True)
    return src, dst[keep][first]


def wide_inside(q: np.ndarray, wide: np.ndarray, mh: np.ndarray) -> np.ndarray:
    """Per row of ``wide`` (a key's ``mh`` Chinese chars, left-aligned, zero-padded), whether the
    query's Chinese chars ``q`` occur in it as one run, or it in them: ``q in m or m in q`` on
    the strings, for all the rows at once (a few array operations per offset)."""
    n, w = wide.shape
    nh = len(q)
    out = np.zeros(n, bool)
    for o in range(w - nh + 1):  # the query inside the row (a padding zero never matches)
        out |= (wide[:, o : o + nh] == q).all(axis=1)
    for o in range(nh):  # the row's first mh chars equal to q[o : o + mh]
        span = min(nh - o, w)
        eq = wide[:, :span] == q[o : o + span]
        lead = np.where(eq.all(axis=1), span, eq.argmin(axis=1))
        out |= lead >= mh
    return out


class Keys:
    """Rows of mark key codes and what the scorers derive from them, each computed once at
    first use: the scorers of one full score (the query's and its rewritings') share them."""

    def __init__(self, codes: np.ndarray, mh: np.ndarray | None = None, ml: np.ndarray | None = None) -> None:
        self.codes = codes
        if mh is not None and ml is not None:  # the caller knows them (the index stores the lengths)
            self.mh, self.ml = np.asarray(mh, np.int64), np.asarray(ml, np.int64)

    def __len__(self) -> int:
        return int(self.codes.shape[0])

    @cached_property
    def is_wide(self) -> np.ndarray:
        return self.codes >= 128

    @cached_property
    def mh(self) -> np.ndarray:
        """Chinese (wide) chars per key."""
        return np.asarray(self.is_wide.sum(axis=1))

    @cached_property
    def ml(self) -> np.ndarray:
        """Latin chars per key."""
        return np.asarray(((self.codes > 0) & ~self.is_wide).sum(axis=1))

    @cached_property
    def has_w(self) -> np.ndarray:
        return self.mh > 0

    @cached_property
    def has_l(self) -> np.ndarray:
        return self.ml > 0

    @cached_property
    def strings(self) -> list[str]:
        return as_strings(self.codes)

    @cached_property
    def parts(self) -> tuple[np.ndarray, np.ndarray]:
        """The Chinese and the Latin part of each key, compacted (``features.split_parts``)."""
        return split_parts(self.codes)

    @cached_property
    def latin_strings(self) -> list[str]:
        """The Latin part of each key as a string."""
        return as_strings(self.parts[1])

    @cached_property
    def latin_sig(self) -> np.ndarray:
        """The set of each key's Latin symbols (``features.latin_signatures``)."""
        return latin_signatures(self.codes)


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
        self.qwide = qcodes
        #: masks of the query's Latin symbols occurring at least 1, 2, ... times
        #: (``features.latin_signature_counts``); the first is its letters as
        #: ``features.latin_signatures`` bits (containment view)
        self.sig_masks = latin_signature_counts(q.latin)
        self.latin_sig = (self.sig_masks or [0])[0]
        #: the query's distinct Chinese chars and how often each occurs (order view)
        self.bag = [(ord(c), q.wide.count(c)) for c in dict.fromkeys(q.wide)]
        self.sound_table = _merge(sound, qcodes)
        # Same-sound claims take precedence over near/shape ones in the combined view.
        self.union_table = _merge(sound + near, qcodes)
        # The sound view's replacement of each source of the combined table (itself where the
        # sound table has none), so that one search in the combined table serves both views.
        s_src, s_dst = self.sound_table
        u_src = self.union_table[0]
        in_sound = sorted_member(s_src, u_src)
        self._sound_on_union = u_src.copy()
        self._sound_on_union[in_sound] = s_dst[np.searchsorted(s_src, u_src[in_sound])]

    def _best(self, q: str, codes: np.ndarray, strings: list[str] | None = None) -> np.ndarray:
        """Best of the identical / same-sound / near-or-shape views of ``q`` against ``codes``
        (``strings``: the codes as strings, when known)."""
        best = _ratio(q, as_strings(codes) if strings is None else strings)
        src, dst = self.union_table
        if not self.q.wide or not len(src) or not codes.size:
            return best
        at = np.minimum(np.searchsorted(src, codes), len(src) - 1)
        hit = src[at] == codes
        if not hit.any():
            return best
        at = at[hit]
        prev = codes
        for replace, factor in ((self._sound_on_union, SOUND_FACTOR), (dst, NEAR_FACTOR)):
            moved = codes.copy()
            moved[hit] = replace[at]
            # Only rows this view changes can score higher through it (an unchanged row scores
            # the previous view's ratio times a smaller factor).
            rows = np.flatnonzero((moved != prev).any(axis=1))
            if len(rows):
                view = factor * _ratio(q, as_strings(moved[rows]))
                best[rows] = np.maximum(best[rows], view)
            prev = moved
        return best

    def score(self, codes: np.ndarray | Keys, mh: np.ndarray | None = None, ml: np.ndarray | None = None) -> np.ndarray:
        """Text score 0..100 (float32) of the query against each row of ``codes``.

        ``mh``/``ml`` (each key's count of Chinese / Latin chars) are computed from the codes
        unless the caller knows them (or passes :class:`Keys`, which holds them).
        """
        keys = codes if isinstance(codes, Keys) else Keys(codes, mh, ml)
        q = self.q
        n = len(keys)
        if n == 0 or not q.key:
            return np.zeros(n, np.float32)
        best = self._best(q.key, keys.codes, keys.strings)
        self._order_and_containment(keys, best)
        # Part views matter only when the query or the mark mixes scripts.
        has_w, has_l = keys.has_w, keys.has_l
        rows = np.flatnonzero((has_w | has_l) if q.mixed else (has_w & has_l))
        if not len(rows):
            return best
        if q.wide:
            sub = rows[has_w[rows]]
            if len(sub):
                part = PART_FACTOR * self._best(q.wide, keys.parts[0][sub])
                best[sub] = np.maximum(best[sub], part)
        if q.latin:
            sub = rows[has_l[rows]]
            if len(sub):
                latin = keys.latin_strings
                part = PART_FACTOR * _ratio(q.latin, [latin[i] for i in sub.tolist()])
                best[sub] = np.maximum(best[sub], part)
        return best

    def _order_and_containment(self, keys: Keys, best: np.ndarray) -> None:
        """Raise ``best`` by the order (字序) and containment (包含) views, in place."""
        q = self.q
        codes = keys.codes
        nh, nl = len(q.wide), len(q.latin)
        mh, ml = keys.mh, keys.ml
        if nh >= 2:
            bag = np.zeros(len(codes), np.int64)
            for cp, w in self.bag:
                bag += np.minimum((codes == cp).sum(axis=1), w)
            rows = np.flatnonzero(bag >= 2)
            if len(rows):
                order = (ORDER_FACTOR * 200.0) * bag[rows] / (len(q.key) + mh[rows] + ml[rows])
                best[rows] = np.maximum(best[rows], order.astype(np.float32))
            # query inside the mark (every query char there) or the mark inside the query
            # (only rows scoring below the containment score can gain from it)
            cand = ((bag == nh) & (mh > nh)) | ((mh >= CONTAIN_MIN_WIDE) & (mh < nh) & (bag == mh))
            rows = np.flatnonzero(cand & (best < CONTAIN_SCORE))
            if len(rows):
                wide = codes[rows]
                mixed = ml[rows] > 0
                if mixed.any():  # their Chinese chars together, as the string test would see them
                    wide[mixed] = compact(wide[mixed], wide[mixed] >= 128)
                inside = wide_inside(self.qwide, wide, mh[rows])
                best[rows[inside]] = np.maximum(best[rows[inside]], CONTAIN_SCORE)
        if not nl:
            return
        cand = ((ml > nl) & (nl >= CONTAIN_MIN_LATIN)) | ((ml >= CONTAIN_MIN_LATIN) & (ml < nl))
        rows = np.flatnonzero(cand & (best < CONTAIN_SCORE))
        if len(rows):
            # letter sets first: a longer mark holding the query has all its letters, a shorter
            # one inside it has only the query's letters
            sig = keys.latin_sig[rows]
            qsig = np.uint32(self.latin_sig)
            rows = rows[np.where(ml[rows] > nl, (sig & qsig) == qsig, (sig & ~qsig) == 0)]
        if len(rows):
            latin = keys.latin_strings
            inside = np.array(
                [
                    (len(m) > nl and q.latin in m) or (CONTAIN_MIN_LATIN <= len(m) < nl and m in q.latin)
                    for m in (latin[i] for i in rows.tolist())
                ],
                bool,
            )
            best[rows[inside]] = np.maximum(best[rows[inside]], CONTAIN_SCORE)


class FullScorer:
    """The complete score: the query's own views and its cross-script rewritings (scaled)."""

    def __init__(self, main: QueryScorer | FullScorer, alts: list[tuple[float, QueryScorer | FullScorer]]) -> None:
        self.main = main
        self.alts = alts

    def score(self, codes: np.ndarray | Keys, mh: np.ndarray | None = None, ml: np.ndarray | None = None) -> np.ndarray:
        return self.score_parts(codes, mh, ml)[0]

    def score_parts(
        self,
        codes: np.ndarray | Keys,
        mh: np.ndarray | None = None,
        ml: np.ndarray | None = None,
        main: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The score, and each rewriting's own score before its factor (shape: rewritings x
        rows), which the reasons need (``explain.alt_reasons``).  Every scorer reads the rows'
        derived arrays from one :class:`Keys`.  ``main``: the own views' scores where the
        caller has them already (NaN elsewhere)."""
        keys = codes if isinstance(codes, Keys) else Keys(codes, mh, ml)
        if main is None:
            best = self.main.score(keys)
        else:
            best = main.astype(np.float32)
            todo = np.flatnonzero(np.isnan(best))
            if len(todo):
                best[todo] = self.main.score(Keys(keys.codes[todo], keys.mh[todo], keys.ml[todo]))
        raws = np.zeros((len(self.alts), len(keys)), np.float32)
        for i, (factor, scorer) in enumerate(self.alts):
            raws[i] = scorer.score(keys)
            np.maximum(best, np.float32(factor) * raws[i], out=best)
        return best, raws


def finalise_score(score: float, q: Norm, m: Norm) -> float:
    """Apply the look-alike cap: identical keys that differ before folding score 98."""
    if score >= 100.0 and q.plain != m.plain:
        return LOOKALIKE_SCORE
    return float(round(score, 2))
