"""Cross-script views of a query: its pinyin, its transliteration and its translation.

A Chinese mark and a Latin mark share no character, so no same-script view can bring them
together.  Instead the query is *rewritten* into the other script, and each rewriting
(an :class:`AltKey`) is searched like an ordinary query, its score scaled by ``factor``:

* ``pinyin``: a Chinese query's toneless pinyin, every reading of a 多音字 (梦之蓝 ->
  ``mengzhilan``; a Latin mark spelling it scores 0.9 x its similarity to that spelling, so
  ``MENG ZHI LAN`` 90 and ``ADIDAS`` for 阿迪达斯 = ``adidasi`` 0.9 x 92.3 = 83.1);
  a Latin query that spells pinyin syllables (``mengzhilan``; a final consonant may stand for
  a syllable, ``adidas`` = a-di-da-s(i)) becomes the commonest char of each syllable, and the
  scorer's same-sound view then matches every homophone.
* ``meaning``: a Chinese query segmented into CC-CEDICT words and each word replaced by one of
  its English glosses (加拿大鹅 -> canada + goose), or a Latin query split into English words
  and each replaced by a Chinese word glossed so (``dreamblue`` -> 梦 + 蓝); 0.9 x the
  similarity to the rewriting.

The search takes the best of the query's own score and every rewriting's scaled score; each
rewriting is searched with the index's exact bounds, so the merged top-k is exact too.
"""

from __future__ import annotations

import gzip
import itertools
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .normalise import Norm
from .refdata import RefData
from .sound import readings

PINYIN_FACTOR = 0.90
MEANING_FACTOR = 0.90
#: rewritings per kind and direction (products of readings/glosses are cut to this many)
MAX_ALTS = 2
#: Chinese function words a translation may leave out (梦之蓝 = "dream blue"); constructed list
STOP_ZH = frozenset("之的")
#: English words a Chinese rewriting may leave out; constructed list
STOP_EN = frozenset({"of", "the", "a", "an", "and"})


@dataclass(frozen=True)
class AltKey:
    """One rewriting of the query: its normalised key, scale and why (for the reasons)."""

    norm: Norm
    factor: float
    code: str  # "pinyin" or "meaning"
    detail: Any = field(default=None, hash=False, compare=False)


def _latin_norm(s: str) -> Norm:
    return Norm(key=s, wide="", latin=s, plain=s)


def _wide_norm(s: str) -> Norm:
    return Norm(key=s, wide=s, latin="", plain=s)


@dataclass(frozen=True, eq=False)
class Meaning:
    """CC-CEDICT headword -> gloss keys (letters only), and back."""

    zh_en: dict[str, tuple[str, ...]]
    en_zh: dict[str, tuple[str, ...]]
    max_en: int


@lru_cache(maxsize=8)
def load_meaning(ref: RefData) -> Meaning:
    """``meaning.tsv.gz`` of the refdata directory (empty tables when it is missing).

    Cached per ``RefData`` (an identity hash), so that a search does not hash the long tuple
    of common chars that keys the file's cache."""
    return _load_meaning(ref.path, ref.common)


@lru_cache(maxsize=4)
def _load_meaning(path: Path, common_chars: tuple[str, ...]) -> Meaning:
    common = {c: i for i, c in enumerate(common_chars)}
    zh_en: dict[str, tuple[str, ...]] = {}
    ranked: dict[str, list[tuple[int, int, int, int, str]]] = {}
    f = path / "meaning.tsv.gz"
    if f.exists():
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                head, gl = line.rstrip("\n").split("\t")
                keys = tuple(dict.fromkeys(g.replace(" ", "") for g in gl.split("|")))
                zh_en[head] = keys
                if len(keys) and all(c in common for c in head):
                    # English -> Chinese prefers the word it is the first gloss of, then words
                    # of commoner chars (by thousands of frequency rank: 永远 before 永矢 for
                    # "forever"), then the word with fewest senses (加拿大 before 加 for
                    # "canada"), then the shorter
                    rarity = max(common[c] for c in head) // 1000
                    for pos, k in enumerate(keys[:2]):
                        if len(k) >= 3:
                            ranked.setdefault(k, []).append((pos, rarity, len(keys), len(head), head))
    en_zh = {k: tuple(v[-1] for v in sorted(v)[:2]) for k, v in ranked.items()}
    return Meaning(zh_en, en_zh, max((len(k) for k in en_zh), default=0))


def _segment(text: str, vocab: dict[str, Any], max_len: int) -> list[str] | None:
    """Split ``text`` into the fewest vocabulary words (None when it cannot be split)."""
    n = len(text)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        cur = best[i]
        if cur is None:
            continue
        for j in range(min(n, i + max_len), i, -1):
            w = text[i:j]
            if w in vocab:
                nxt = best[j]
                if nxt is None or len(cur) + 1 < len(nxt):
                    best[j] = [*cur, w]
    return best[n]


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    from pypinyin.constants import PINYIN_DICT

    out: set[str] = set()
    for value in PINYIN_DICT.values():
        for s in value.split(","):
            plain = "".join(c for c in _strip_tone(s) if c.isalpha())
            if plain:
                out.add(plain)
    return frozenset(out)


def _strip_tone(s: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().replace("u:", "v")


@lru_cache(maxsize=8)
def _syllable_chars(ref: RefData) -> dict[str, str]:
    """Toneless syllable -> the commonest char whose default reading it is."""
    out: dict[str, str] = {}
    for c in ref.common:
        syl = ref.pinyin.get(c)
        if syl and syl not in out:
            out[syl] = c
    return out


def _unfolded_latin(q: Norm) -> str:
    """The query's Latin letters before look-alike folding ("ADIDAS" has the key ``adldas``)."""
    return "".join(c for c in q.plain if c.isascii())


@lru_cache(maxsize=4096)
def _spell(wide: str, ref: RefData) -> tuple[str, ...]:
    """Toneless pinyin of a Chinese string, 多音字 read as in its word where pypinyin's phrase
    table knows the word (重庆 = chong qing, 银行 = yin hang), else by their default reading."""
    from pypinyin import Style, lazy_pinyin

    out = [s.replace("ü", "v") for s in lazy_pinyin(wide, style=Style.NORMAL, errors="ignore")]
    if len(out) != len(wide) or not all(s.isascii() and s.isalpha() for s in out):
        out = [(readings(c, ref) or ("",))[0] for c in wide]
    return tuple(out) if all(out) else ()


def pinyin_alts(q: Norm, ref: RefData) -> list[AltKey]:
    """Chinese query -> its pinyin spellings; Latin query spelling pinyin -> Chinese chars."""
    out: list[AltKey] = []
    if len(q.wide) >= 2:
        combo = _spell(q.wide, ref)
        if combo:
            out.append(AltKey(_latin_norm("".join(combo)), PINYIN_FACTOR, "pinyin", {"pinyin": " ".join(combo)}))
    latin = _unfolded_latin(q)
    if len(latin) >= 4 and not latin.isdigit():
        syl = _syllables()
        chars = _syllable_chars(ref)
        for tail in ("", "i", "e", "u"):
            parts = _segment(latin + tail, dict.fromkeys(syl), 6)
            if parts and len(parts) >= 2 and all(p in chars for p in parts):
                zh = "".join(chars[p] for p in parts)
                out.append(AltKey(_wide_norm(zh), PINYIN_FACTOR, "pinyin", {"pinyin": " ".join(parts), "chars": zh}))
                break
    return out


def meaning_alts(q: Norm, ref: RefData) -> list[AltKey]:
    """Translations of the query, word by word or whole (CC-CEDICT)."""
    mean = load_meaning(ref)
    out: list[AltKey] = []
    if q.wide and mean.zh_en:
        words = [q.wide] if q.wide in mean.zh_en else _segment(q.wide, mean.zh_en, 4)
        if words:
            content = [w for w in words if w not in STOP_ZH] or words
            # word by word, only one-word glosses of <= 12 letters (a list of senses is not a name)
            whole = len(words) == 1
            options = [[(w, g) for g in mean.zh_en.get(w, ()) if whole or len(g) <= 12][:2] for w in content]
            if all(options):
                for combo in itertools.islice(itertools.product(*options), 1):
                    en = "".join(g for _, g in combo)
                    pairs = [[g, w] for w, g in combo]
                    out.append(AltKey(_latin_norm(en), MEANING_FACTOR, "meaning", pairs))
    latin = _unfolded_latin(q)
    if len(latin) >= 3 and mean.en_zh:
        words = [latin] if latin in mean.en_zh else _segment(latin, mean.en_zh, mean.max_en)
        if words:
            content = [w for w in words if w not in STOP_EN] or words
            options = [[(w, h) for h in mean.en_zh.get(w, ())] for w in content]
            if all(options):
                for combo in itertools.islice(itertools.product(*options), MAX_ALTS):
                    zh = "".join(h for _, h in combo)
                    pairs = [[w, h] for w, h in combo]
                    out.append(AltKey(_wide_norm(zh[:32]), MEANING_FACTOR, "meaning", pairs))
    return out


def _with_capitals(alts: list[AltKey]) -> list[AltKey]:
    """Latin rewritings plus their capitalised keys: normalisation folds a capital ``I`` to
    ``l`` (a look-alike), so ``MENG ZHI LAN`` is stored as ``mengzhllan``."""
    out = []
    for alt in alts:
        out.append(alt)
        if alt.norm.latin and "i" in alt.norm.latin:
            out.append(AltKey(_latin_norm(alt.norm.latin.replace("i", "l")), alt.factor, alt.code, alt.detail))
    return out


def query_alts(q: Norm, ref: RefData) -> list[AltKey]:
    """Every rewriting of ``q`` (distinct keys; one equal to the query itself is dropped)."""
    seen = {q.key}
    out = []
    for alt in _with_capitals(pinyin_alts(q, ref) + meaning_alts(q, ref)):
        if alt.norm.key and alt.norm.key not in seen:
            seen.add(alt.norm.key)
            out.append(alt)
    return out
