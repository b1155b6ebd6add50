"""Machine-readable reasons why two mark texts are similar.

Each reason is ``{"code": str, "detail": ...}``; codes:

* ``same_text``       identical keys (detail: the key)
* ``look_alike``      identical only after folding look-alike chars (detail: both plain forms)
* ``same_chars``      Chinese chars shared in order (detail: the shared chars, e.g. "芝罘")
* ``same_sound``      char pairs with the same toneless pinyin (detail: [{"a","b","pinyin"}])
* ``near_sound``      char pairs with near pinyin, zh/z l/n -ng/-n (detail: [{"a","b","pinyin":[pa,pb]}])
* ``similar_shape``   char pairs that look alike, 形近 (detail: [[a, b], ...])
* ``edit_distance``   Latin parts differ by a few edits (detail: {"distance", "a", "b"})
* ``shared_ngrams``   Latin 3-grams in common (detail: sorted list)
* ``same_letters``    Latin parts identical while the whole keys differ (detail: the letters)
* ``char_order``      the same Chinese chars in another order, 字序不同 (detail: the chars shared)
* ``contains``        one mark's part found whole in the other's (detail: {"part", "whole"})
* ``same_pinyin``     a Latin spelling equals the pinyin of the Chinese (detail: {"pinyin", "mark"})
* ``translit_sound``  the Latin and the Chinese sound alike, 音译相近 (detail: {"pinyin", "mark"})
* ``same_meaning``    the marks translate each other (detail: [[english, chinese], ...])
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
from rapidfuzz.distance import Indel, Levenshtein

from .normalise import Norm
from .refdata import RefData, fuzzy_syllable
from .score import CONTAIN_MIN_LATIN, CONTAIN_MIN_WIDE
from .sound import shared_reading, toneless

if TYPE_CHECKING:
    from .search import PreparedQuery


def _shared_in_order(a: str, b: str) -> str:
    """The longest common subsequence of two strings, as a string."""
    blocks = Indel.editops(a, b).as_matching_blocks()
    return "".join(a[blk.a : blk.a + blk.size] for blk in blocks)


def _char_pairs(q: Norm, m: Norm, ref: RefData) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[list[str]]]:
    """Substituted char pairs of the best alignment, classified as same/near sound or shape."""
    same, near, shape = [], [], []
    for op in Levenshtein.editops(q.wide, m.wide):
        if op.tag != "replace":
            continue
        a, b = q.wide[op.src_pos], m.wide[op.dest_pos]
        kind, readings = _pair_kind(a, b, ref)
        if kind == "same":
            same.append({"a": a, "b": b, "pinyin": readings[0]})
        elif kind == "near":
            near.append({"a": a, "b": b, "pinyin": list(readings)})
        elif kind == "shape":
            shape.append([a, b])
    return same, near, shape


@lru_cache(maxsize=65536)
def _pair_kind(a: str, b: str, ref: RefData) -> tuple[str, tuple[str, ...]]:
    """How a substituted pair of chars is alike: ("same", (the reading they share,)), ("near",
    (the reading of each,)), ("shape", ()) or ("", ()) (a query's hits share their pairs: the
    lookups are made once per pair)."""
    both = shared_reading(a, b, ref)  # a 多音字 matches on any of its readings
    if both:
        return "same", (both,)
    pa, pb = toneless(a, ref), toneless(b, ref)
    if pa and pb and fuzzy_syllable(pa) == fuzzy_syllable(pb):
        return "near", (pa, pb)
    if any(n == b for n, _ in ref.shape.get(a, ())) or any(n == a for n, _ in ref.shape.get(b, ())):
        return "shape", ()
    return "", ()


def _grams(s: str) -> set[str]:
    padded = f"^{s}$"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def text_reasons(q: Norm, m: Norm, ref: RefData) -> list[dict[str, Any]]:
    """Reasons for the text similarity of query ``q`` and mark ``m``."""
    out: list[dict[str, Any]] = []
    if q.key and q.key == m.key:
        if q.plain == m.plain:
            out.append({"code": "same_text", "detail": q.key})
        else:
            out.append({"code": "look_alike", "detail": [q.plain, m.plain]})
    if q.wide and m.wide:
        shared = _shared_in_order(q.wide, m.wide)
        if shared:
            out.append({"code": "same_chars", "detail": shared})
        same, near, shape = _char_pairs(q, m, ref)
        if same:
            out.append({"code": "same_sound", "detail": same})
        if near:
            out.append({"code": "near_sound", "detail": near})
        if shape:
            out.append({"code": "similar_shape", "detail": shape})
        common = "".join(c * min(q.wide.count(c), m.wide.count(c)) for c in dict.fromkeys(q.wide))
        if len(common) >= 2 and len(common) > len(shared):
            out.append({"code": "char_order", "detail": common})
    out += _containment(q.wide, m.wide, CONTAIN_MIN_WIDE) + _containment(q.latin, m.latin, CONTAIN_MIN_LATIN)
    if q.latin and m.latin:
        dist = Levenshtein.distance(q.latin, m.latin)
        if dist:
            out.append({"code": "edit_distance", "detail": {"distance": dist, "a": q.latin, "b": m.latin}})
            grams = sorted(_grams(q.latin) & _grams(m.latin))
            if grams:
                out.append({"code": "shared_ngrams", "detail": grams})
        elif q.key != m.key:
            out.append({"code": "same_letters", "detail": q.latin})
    return out


def _containment(a: str, b: str, shortest: int) -> list[dict[str, Any]]:
    """``contains`` when the shorter of two parts (at least ``shortest`` long) is inside the other."""
    short, whole = (a, b) if len(a) < len(b) else (b, a)
    if len(short) >= shortest and len(whole) > len(short) and short in whole:
        return [{"code": "contains", "detail": {"part": short, "whole": whole}}]
    return []


def alt_scores(pq: PreparedQuery, keys: list[str]) -> np.ndarray:
    """Each rewriting's raw score against each key: shape (rewritings, keys), one scorer call
    per rewriting for all the keys (what :func:`alt_reasons` takes as ``raws``; a search has
    them from its rescoring, ``search.search_full``)."""
    from .features import codes_matrix

    if not pq.alts or not keys:
        return np.zeros((len(pq.alts), len(keys)), np.float32)
    codes = codes_matrix(keys)
    return np.stack([np.asarray(p.scorer.score(codes), np.float32) for p in pq.alts])


def alt_reasons(
    pq: PreparedQuery, m: Norm, text: str | None = None, raws: Sequence[float] | None = None
) -> list[dict[str, Any]]:
    """Reasons from the query's cross-script rewritings that reach the threshold for ``m``
    (``text``, the mark as written, shows its Latin letters unfolded: MENGZHILAN, not mengzhllan).
    ``raws``: the rewritings' scores of ``m`` when the caller has them (see :func:`alt_scores`)."""
    if not pq.alts:
        return []
    if raws is None:
        raws = alt_scores(pq, [m.key])[:, 0].tolist()
    out: list[dict[str, Any]] = []
    for alt, raw in zip(pq.alt_keys, raws, strict=True):
        raw = float(raw)
        if round(alt.factor * raw, 2) < pq.min_score:
            continue
        if alt.code == "meaning":
            reason = {"code": "same_meaning", "detail": alt.detail}
        else:
            source = text.casefold() if text is not None else m.plain
            plain_latin = "".join(c for c in source if c.isascii() and c.isalnum())
            mark_side = (plain_latin or m.latin) if alt.norm.latin else m.wide
            code = "same_pinyin" if raw >= 95.0 - 1e-6 else "translit_sound"
            reason = {"code": code, "detail": {"pinyin": alt.detail["pinyin"], "mark": mark_side}}
        if all(r["code"] != reason["code"] for r in out):
            out.append(reason)
    if any(r["code"] == "same_pinyin" for r in out):  # one spelling matches: the near ones add nothing
        out = [r for r in out if r["code"] != "translit_sound"]
    return out
