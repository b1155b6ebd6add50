"""Benchmark: matching N imported owner names against M registry names (target: 100,000
against 50,000 in at most 10 s).

Usage: .venv/bin/python bench/owner_matching_bench.py [--names 100000] [--registry 50000] [--repeat 3]

Synthetic names shaped like the district's: a place, a two-to-four character trade name, an
industry word and a legal form. The imported names are 55% written exactly as registered, 20%
written another way (有限责任公司 for 有限公司, full-width brackets, spaces, Latin case), 10%
an earlier decision of the clerk (alias table), 10% a registered name with one character
wrong and 5% owners the registry does not have; every name is distinct (the hardest case: a
real export repeats its owners). Timed: building the index over the registry, resolving every
name (exact, normalised, alias), and the suggestions for each name left for the queue. The
database is not involved (loading 50,000 names from it is one query)."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portfolio.importing.owners import OwnerIndex, normalise_name, resolve

PLACES = ["烟台", "芝罘", "山东", "福山", "莱山", "牟平", "蓬莱", "龙口", "青岛", "济南"]
INDUSTRY = ["科技", "食品", "机械", "葡萄酒", "生物", "医药", "电子", "材料", "化工", "海洋", "网络", "建设"]
FORMS = ["有限公司", "股份有限公司", "集团有限公司", "有限公司"]
CHARS = "华信泰安和盛达康宏源鑫恒海德利通明瑞丰嘉祥博新天正东方金银中兴发展辉创佳顺益美福润诚宇航舜宁远星晨"


def registry_names(count: int, rng: random.Random) -> list[str]:
    """A tenth of them with a place in brackets, as branch offices are named."""
    names: set[str] = set()
    while len(names) < count:
        trade = "".join(rng.choice(CHARS) for _ in range(rng.randint(2, 4)))
        place = rng.choice(PLACES)
        if rng.random() < 0.1:
            names.add(f"{trade}{rng.choice(INDUSTRY)}（{place}）{rng.choice(FORMS)}")
        else:
            names.add(f"{place}{trade}{rng.choice(INDUSTRY)}{rng.choice(FORMS)}")
    return sorted(names)


def variant(name: str, rng: random.Random) -> str:
    if "（" in name:
        return name.replace("（", "(").replace("）", ")")
    if rng.random() < 0.5 and name.endswith("有限公司") and not name.endswith("股份有限公司"):
        return name[: -len("有限公司")] + "有限责任公司"
    return " ".join([name[:2], name[2:]])


def typo(name: str, rng: random.Random) -> str:
    i = rng.randrange(2, max(3, len(name) - 4))
    return name[:i] + rng.choice(CHARS) + name[i + 1 :]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--names", type=int, default=100_000)
    parser.add_argument("--registry", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(42)
    registry = registry_names(args.registry, rng)
    entries = list(enumerate(registry, start=1))
    position = {name: pk for pk, name in entries}
    names: list[str] = []
    decisions: dict[str, tuple[str, int | None]] = {}
    seen: set[str] = set()
    truth: dict[str, int] = {}  # a mistyped name -> the enterprise it is
    while len(names) < args.names:
        pick = rng.random()
        base = rng.choice(registry)
        if pick < 0.55:
            name = base
        elif pick < 0.75:
            name = variant(base, rng)
        elif pick < 0.85:
            name = "旧名" + base
            decisions[normalise_name(name)] = (
                ("matched", position[base]) if len(decisions) < 5000 else ("outside", None)
            )
        elif pick < 0.95:
            name = typo(base, rng)
            truth.setdefault(name, position[base])
        else:
            name = "外地" + "".join(rng.choice(CHARS) for _ in range(4)) + "有限公司"
        if name not in seen:
            seen.add(name)
            names.append(name)
    # The clerk's decisions are of the names on record; the rest of the "old names" are new.
    totals = []
    for attempt in range(args.repeat):
        load = os.getloadavg()[0]
        started, cpu = time.perf_counter(), time.process_time()
        index = OwnerIndex(entries)
        built = time.perf_counter()
        result = resolve(names, index, decisions)
        resolved = time.perf_counter()
        suggestions = {name: index.suggest(name) for name in result.waiting}
        done = time.perf_counter()
        total = done - started
        cpu = time.process_time() - cpu
        totals.append(total)
        useful = sum(1 for s in suggestions.values() if s)
        typos = [n for n in result.waiting if n in truth]
        top1 = sum(1 for n in typos if suggestions[n] and suggestions[n][0][0] == truth[n])
        top5 = sum(1 for n in typos if any(s[0] == truth[n] for s in suggestions[n]))
        print(
            f"run {attempt + 1}: {len(names):,} names against {len(entries):,}: index {built - started:5.2f} s, "
            f"resolve {resolved - built:5.2f} s ({len(result.matched):,} matched, {len(result.outside):,} outside), "
            f"suggestions for {len(result.waiting):,} waiting {done - resolved:5.2f} s ({useful:,} with a suggestion); "
            f"mistyped names: right one first {top1 / len(typos):.1%}, among 5 {top5 / len(typos):.1%}; "
            f"total {total:5.2f} s, CPU {cpu:5.2f} s (load {load:4.2f})",
            flush=True,
        )
    print(f"total: min {min(totals):.2f} / median {statistics.median(totals):.2f} / max {max(totals):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
