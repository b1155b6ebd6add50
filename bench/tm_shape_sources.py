"""How many known look-alike char pairs each shape source ranks among a char's first 10 / 20.

    .venv/bin/python bench/tm_shape_sources.py --src DIR   (DIR holds the upstream char_similar_pypi
    and four_corner_pypi folders, as for tmsearch.derive_refdata)

Sources (each scores every common char against the first char of a pair; the rank of the
second char is reported): stroke order (Indel similarity of char-similar's stroke-order
strings), components (Dice of char-similar's top-level components), four-corner codes (share
of equal digits), the shipped table's combination (0.5 / 0.3 / 0.2, same structure type, <= 4
strokes apart), and the shipped ``shape_neighbours.tsv`` itself (its top 10 after the
threshold).  Pairs: the shape cases of tmsearch/tests/labelled_cases.py plus pairs named in
issue 18 (治/洽, 日/白, 踩/踏) and docs/tmsearch.md (师/帅, 雪/雷, 兔/免).
"""

from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path

from rapidfuzz.distance import Indel

from tmsearch import load_refdata

PAIRS = ["师帅", "雪雷", "兔免", "粤奥", "场扬", "鹜鹭", "治洽", "日白", "踩踏"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", type=Path, required=True, help="the folder holding the upstream char data")
    args = ap.parse_args()
    src = args.src / "char_similar_pypi"
    load = lambda n: json.loads((src / f"char_{n}.dict").read_text("utf-8"))  # noqa: E731
    order, stroke, comp, struct, number = (load(n) for n in ("order", "stroke", "component", "struct", "number"))
    four = dict(
        line.split("\t")[:2]
        for line in (args.src / "four_corner_pypi/four_corner.tsv").read_text("utf-8").splitlines()
        if "\t" in line
    )
    ref = load_refdata()
    chars = [c for c in ref.common if c in order]

    def parts(c: str) -> collections.Counter[str]:
        return collections.Counter(stroke.get(c) or [comp.get(c, c)])

    def s_order(a: str, b: str) -> float:
        return Indel.normalized_similarity(order[a], order[b])

    def s_comp(a: str, b: str) -> float:
        pa, pb = parts(a), parts(b)
        return 2 * sum((pa & pb).values()) / max(sum(pa.values()) + sum(pb.values()), 1)

    def s_four(a: str, b: str) -> float:
        fa, fb = four.get(a, ""), four.get(b, "")
        return sum(x == y for x, y in zip(fa, fb, strict=False)) / 5 if fa and fb else 0.0

    def s_comb(a: str, b: str) -> float:
        sa, sb = struct.get(a), struct.get(b)
        if (sa is not None and sb is not None and sa != sb) or abs(int(number.get(a, 0)) - int(number.get(b, 0))) > 4:
            return 0.0
        return 0.5 * s_order(a, b) + 0.3 * s_comp(a, b) + 0.2 * s_four(a, b)

    sources = {"stroke order": s_order, "components": s_comp, "four-corner": s_four, "combined": s_comb}
    pairs = [(p[0], p[1]) for p in PAIRS if len(p) == 2 and p[0] in order and p[1] in order]
    print(f"{len(pairs)} pairs: {' '.join(a + '/' + b for a, b in pairs)}")
    for name, fn in sources.items():
        ranks = []
        for a, b in pairs:
            target = fn(a, b)
            scores = [fn(a, c) for c in chars if c not in (a, b)]
            better = sum(x > target for x in scores)
            ties = sum(x == target for x in scores)
            ranks.append((better + 1, better + 1 + ties))  # best and worst rank among ties
        # a pair counts as caught only if it is in the top N however its ties are ordered
        top10 = sum(w <= 10 for _, w in ranks)
        top20 = sum(w <= 20 for _, w in ranks)
        detail = " ".join(
            f"{a}{b}:{r}" + (f"-{w}" if w > r else "") for (a, b), (r, w) in zip(pairs, ranks, strict=True)
        )
        print(f"{name:13s} top10 {top10}/{len(pairs)}  top20 {top20}/{len(pairs)}   ranks {detail}")
    shipped = sum(any(n == b for n, _ in ref.shape.get(a, ())) for a, b in pairs)
    print(f"{'shipped table':13s} {shipped}/{len(pairs)} pairs listed")


if __name__ == "__main__":
    main()
