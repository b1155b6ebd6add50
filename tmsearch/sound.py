"""Pronunciation of Chinese characters: toneless pinyin with a per-character cache."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, pinyin

from .refdata import RefData, fuzzy_syllable

__all__ = ["encode_syllable", "fuzzy_syllable", "homophones", "near_homophones", "toneless"]


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


def homophones(ch: str, ref: RefData) -> tuple[str, ...]:
    """Chars with exactly the same toneless reading as ``ch`` (excluding ``ch``)."""
    syl = toneless(ch, ref)
    if syl is None:
        return ()
    return tuple(c for c in ref.by_syllable.get(syl, ()) if c != ch)


def near_homophones(ch: str, ref: RefData) -> tuple[str, ...]:
    """Chars whose reading folds to the same near-sound class but differs exactly."""
    syl = toneless(ch, ref)
    if syl is None:
        return ()
    return tuple(c for c in ref.by_fuzzy.get(fuzzy_syllable(syl), ()) if ref.pinyin.get(c) != syl)
