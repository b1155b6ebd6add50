"""Corpus import speed and search latency through the API, on a scratch database.

    DATABASE_URL=sqlite:////tmp/bench/db.sqlite3 MEDIA_ROOT=/tmp/bench/media \\
        .venv/bin/python bench/similarity_bench.py --rows 200000 --queries 200

The database must be migrated (seed_demo for the demo marks); the corpus rows are synthetic
(tmsearch.synth marks, real similar-goods groups) and are left in that database.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipcounty.settings")


def corpus_bytes(rows: int, seed: int = 7) -> bytes:
    from refdata.models import GoodsGroup
    from tmsearch.synth import Corpus

    groups_by_class: dict[int, list[str]] = {}
    for code, nice in GoodsGroup.objects.values_list("code", "nice_class__number"):
        groups_by_class.setdefault(nice, []).append(code)
    classes = sorted(groups_by_class)
    rng, synth = random.Random(seed), Corpus(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["注册号/申请号", "商标", "申请人/权利人", "国际分类", "类似群", "申请日", "商标状态"])
    for i in range(rows):
        nice = rng.choice(classes)
        text = synth.chinese() if rng.random() < 0.7 else synth.latin()
        group = rng.choice(groups_by_class[nice])
        day = f"20{rng.randint(0, 25):02d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        writer.writerow([f"B{90000000 + i}", text, f"外部申请人{i % 5000}", nice, group, day, "已注册"])
    return out.getvalue().encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    import django

    django.setup()
    from django.test import Client

    from accounts.models import User
    from portfolio.models import Trademark
    from similarity import index
    from similarity.importing import import_corpus_file

    data = corpus_bytes(args.rows)
    started = time.perf_counter()
    outcome = import_corpus_file(data, "bench.csv", actor=None, source="bench")
    first = time.perf_counter() - started
    assert outcome.ok, (outcome.file_errors, outcome.row_errors[:5])
    print(
        f"import {args.rows} rows: {first:.1f} s, {args.rows / first:,.0f} rows/s "
        f"(created {outcome.created}, updated {outcome.updated}; incl. index update and watch)"
    )
    started = time.perf_counter()
    again = import_corpus_file(data, "bench.csv", actor=None, source="bench")
    second = time.perf_counter() - started
    print(f"re-import (all unchanged: {again.unchanged}): {second:.1f} s, {args.rows / second:,.0f} rows/s")
    print(f"index: {len(index.get_index())} marks")

    user = User.objects.filter(organisation__kind="office").first()
    client = Client()
    assert user is not None, "seed the demo district first"
    client.force_login(user)
    texts = list(Trademark.objects.values_list("mark_text", flat=True)[: args.queries]) or ["芝罘"]
    client.get("/api/marks/similar", {"q": texts[0]})  # warm up: refdata, index open
    cases: tuple[tuple[str, dict[str, Any]], ...] = (("no class filter", {}), ("one class", {"nice": 33}))
    for label, params in cases:
        times = []
        for i in range(args.queries):
            t = time.perf_counter()
            response = client.get("/api/marks/similar", {"q": texts[i % len(texts)], "limit": 20, **params})
            times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, response.content
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(f"API /api/marks/similar, {label}: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
