"""Pronunciation of Chinese characters: toneless pinyin with a per-character cache."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, pinyin

from .refdata import RefData, fuzzy_syllable

__all__ = [
    "encode_syllable",
    "fuzzy_syllable",
    "homophones",
    "near_homophones",
    "readings",
    "shared_reading",
    "toneless",
]


@lru_cache(maxsize=65536)
def _pypinyin_char(ch: str) -> str | None:
    """pypinyin's default toneless reading of one char (cached: pypinyin is ~20 us a call)."""
    out = pinyin(ch, style=Style.NORMAL, errors="ignore")
    if out and out[0] and out[0][0].isascii() and out[0][0].isalpha():
        return out[0][0].replace("ü", "v")
    return None


def toneless(ch: str, ref: RefData) -> str | None:
    """Toneless pinyin of a char (the precomputed table first, pypinyin for the rest)."""
    syl = ref.pinyin.get(ch)
    if syl is not None:
        return syl
    if ch.isascii():
        return None
    return _pypinyin_char(ch)


def encode_syllable(syl: str) -> int:
    """Encode a pinyin syllable (<= 6 letters a-z) as an integer, base 27, collision-free."""
    code = 0
    for c in syl[:6]:
        code = code * 27 + (ord(c) - 96 if "a" <= c <= "z" else 0)
    return code


def readings(ch: str, ref: RefData) -> tuple[str, ...]:
    """Every toneless reading of ``ch``, default first (a 多音字 has several; ``readings.tsv``)."""
    many = ref.readings.get(ch)
    if many:
        return many
    syl = toneless(ch, ref)
    return (syl,) if syl else ()


def homophones(ch: str, ref: RefData) -> tuple[str, ...]:
    """Chars sharing a toneless reading with ``ch`` on any reading of either (excluding ``ch``)."""
    out: dict[str, None] = {}
    for syl in readings(ch, ref):
        out.update(dict.fromkeys(c for c in ref.by_syllable.get(syl, ()) if c != ch))
    return tuple(out)


def near_homophones(ch: str, ref: RefData) -> tuple[str, ...]:
    """Chars whose reading folds to the near-sound class of one of ``ch``'s, not homophones."""
    same = set(homophones(ch, ref)) | {ch}
    out: dict[str, None] = {}
    for syl in readings(ch, ref):
        out.update(dict.fromkeys(c for c in ref.by_fuzzy.get(fuzzy_syllable(syl), ()) if c not in same))
    return tuple(out)


def shared_reading(a: str, b: str, ref: RefData) -> str | None:
    """A toneless reading ``a`` and ``b`` share (the default readings' first), or None."""
    rb = readings(b, ref)
    return next((s for s in readings(a, ref) if s in rb), None)
