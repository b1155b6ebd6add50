"""Loading of the compact character tables in ``refdata/chars`` (see its README.md).

The tables are read once per directory and cached; the directory defaults to the repository's
``refdata/chars`` and can be overridden with the ``TMSEARCH_REFDATA`` environment variable or by
passing a path explicitly.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DEFAULT_REFDATA = Path(__file__).resolve().parent.parent / "refdata" / "chars"


def fuzzy_syllable(syl: str) -> str:
    """Fold a toneless pinyin syllable to its "near sound" class.

    Merges the confusions examiners treat as near sounds (and southern speakers merge):
    retroflex zh/ch/sh with z/c/s, initial l with n, and final -ng with -n.
    """
    if syl[:2] in ("zh", "ch", "sh"):
        syl = syl[0] + syl[2:]
    if syl.startswith("l"):
        syl = "n" + syl[1:]
    if syl.endswith("ng") and len(syl) > 2:
        syl = syl[:-1]
    return syl


@dataclass(frozen=True, eq=False)  # identity hash: used as a cache key
class RefData:
    """The character tables the engine needs, plus reverse maps derived from them."""

    path: Path
    #: char -> toneless pinyin of its default reading
    pinyin: dict[str, str]
    #: char -> shape neighbours (char, score 0..1), best first
    shape: dict[str, tuple[tuple[str, float], ...]]
    #: traditional -> simplified
    t2s: dict[str, str]
    #: look-alike char -> ASCII char
    fold: dict[str, str]
    #: common chars, commonest first (used by the synthetic corpus generator)
    common: tuple[str, ...]
    #: log2 corpus frequency of each char of ``common`` (same order; empty for old tables)
    common_freq: tuple[float, ...] = ()
    #: toneless syllable -> chars with that reading
    by_syllable: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: fuzzy syllable -> chars whose reading folds to it
    by_fuzzy: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: ``str.translate`` table applying ``fold`` and ``t2s`` together
    translate_table: dict[int, str] = field(default_factory=dict)
    #: char -> all its toneless readings, default first (多音字 only; ``readings.tsv``)
    readings: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _rows(path: Path) -> list[list[str]]:
    """Fields of the data lines of a ``#``-headed TSV file."""
    with open(path, encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh if not line.startswith("#")]


@lru_cache(maxsize=4)
def _load(path: Path) -> RefData:
    pinyin = {r[0]: r[1] for r in _rows(path / "pinyin.tsv")}
    shape: dict[str, tuple[tuple[str, float], ...]] = {}
    for char, lst in _rows(path / "shape_neighbours.tsv"):
        pairs = (item.rsplit(":", 1) for item in lst.split(","))
        shape[char] = tuple((c, float(s)) for c, s in pairs)
    t2s = {r[0]: r[1] for r in _rows(path / "t2s.tsv")}
    fold = {r[0]: r[1] for r in _rows(path / "confusables_fold.tsv")}
    common_rows = _rows(path / "common_chars.txt")
    common = tuple(r[0] for r in common_rows)
    common_freq = tuple(float(r[1]) for r in common_rows) if all(len(r) > 1 for r in common_rows) else ()
    readings: dict[str, tuple[str, ...]] = {}
    if (path / "readings.tsv").exists():
        readings = {r[0]: tuple(r[1].split(",")) for r in _rows(path / "readings.tsv")}
    by_syl: dict[str, list[str]] = defaultdict(list)
    by_fuzzy: dict[str, list[str]] = defaultdict(list)
    for c, syl in pinyin.items():
        by_syl[syl].append(c)
        by_fuzzy[fuzzy_syllable(syl)].append(c)
    # a 多音字 is also found under each of its other readings (after the default-reading chars)
    for c, syls in readings.items():
        for syl in syls:
            if syl != pinyin.get(c):
                by_syl[syl].append(c)
                by_fuzzy[fuzzy_syllable(syl)].append(c)
    table = {ord(k): v for k, v in t2s.items()}
    table.update({ord(k): v for k, v in fold.items()})
    return RefData(
        path=path,
        pinyin=pinyin,
        shape=shape,
        t2s=t2s,
        fold=fold,
        common=common,
        common_freq=common_freq,
        by_syllable={k: tuple(v) for k, v in by_syl.items()},
        by_fuzzy={k: tuple(v) for k, v in by_fuzzy.items()},
        translate_table=table,
        readings=readings,
    )


def load_refdata(path: str | os.PathLike[str] | None = None) -> RefData:
    """Return the (cached) reference tables from ``path``, ``$TMSEARCH_REFDATA`` or the default."""
    if path is None:
        path = os.environ.get("TMSEARCH_REFDATA") or DEFAULT_REFDATA
    return _load(Path(path).resolve())
