"""Logo search: how well near-duplicates are found and how fast a whole-table Hamming scan is.

    .venv/bin/python bench/logo_search.py [--logos 2000] [--queries 150] [--hashes 1000000] [--repeat 50]
                                          [--db-rows 1000000]

Quality: --logos generated logos (similarity.logo_synth) are hashed into a table; the first
--queries of them are changed four ways (scaled to 50%, recoloured, cut 8% unevenly, and
scaled 60% + recoloured + cut 6%) and searched; prints how many changed logos find their
original within the thresholds (similarity.logos.MAX_DISTANCE / MAX_DHASH_DISTANCE) and how
many unrelated logos are listed too (false hits per query and per compared pair).
Speed: a table of --hashes random 64-bit hashes (the scan costs the same whatever the bits)
is searched --repeat times; prints p50/p95 of one search.
Database (only with --db-rows N): N random hash rows are written to the configured database
(DATABASE_URL) inside a transaction that is rolled back at the end, and the per-process table
is timed: the first read of every row, a search's check that it is current, and the merge of
one newly written hash.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipcounty.settings")

import django

django.setup()

import numpy as np  # noqa: E402

from similarity.logo_synth import cropped, draw_logo, recoloured, scaled  # noqa: E402
from similarity.logos import HashTable, LogoHashes, hash_image  # noqa: E402


def quality(n_logos: int, n_queries: int) -> None:
    started = time.perf_counter()
    rows = []
    for seed in range(n_logos):
        h = hash_image(draw_logo(seed))
        rows.append((seed, h.phash, h.dhash, h.phash_crop90, h.phash_crop80))
    per_logo = (time.perf_counter() - started) / n_logos * 1000
    table = HashTable.from_rows(rows)
    changes = {
        "scaled 50%": lambda im: scaled(im, 0.5),
        "recoloured": recoloured,
        "cut 8%": lambda im: cropped(im, 0.08),
        "scaled+recoloured+cut": lambda im: cropped(recoloured(scaled(im, 0.6)), 0.06),
    }
    false_hits = 0
    for name, change in changes.items():
        found = first = 0
        for seed in range(n_queries):
            hits = table.search(hash_image(change(draw_logo(seed))), limit=n_logos)
            ids = [h.index_id for h in hits]
            found += seed in ids
            first += bool(ids) and ids[0] == seed
            false_hits += sum(1 for i in ids if i != seed)
        print(f"  {name:24s} found {found}/{n_queries}, ranked first {first}/{n_queries}")
    queries = n_queries * len(changes)
    print(
        f"  unrelated logos listed: {false_hits} in {queries} queries "
        f"({false_hits / queries:.2f} per query, 1 in {queries * (n_logos - 1) // max(false_hits, 1):,} pairs)"
    )
    print(f"  hashing one 256x256 logo: {per_logo:.2f} ms")


def speed(n_hashes: int, repeat: int) -> None:
    rng = np.random.default_rng(2026)
    ids = np.arange(n_hashes, dtype=np.int64)
    columns = rng.integers(0, 2**63, size=(4, n_hashes), dtype=np.int64).view(np.uint64)
    table = HashTable(ids, columns)
    r = random.Random(1)
    times = []
    for _ in range(repeat):
        q = LogoHashes(*(r.getrandbits(63) for _ in range(4)))
        started = time.perf_counter()
        table.search(q, limit=20)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(f"  {n_hashes:,} hashes: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms ({repeat} searches)")


BENCH_IDS = 5 * 10**12  # beyond both id ranges of the index, so existing rows are left alone


def database(n_rows: int) -> None:
    from django.db import connection, transaction

    from similarity import logos
    from similarity.models import MarkImageHash

    rng = np.random.default_rng(7)
    values = rng.integers(-(2**63), 2**63 - 1, size=(n_rows, 4), dtype=np.int64)
    with transaction.atomic():
        started = time.perf_counter()
        MarkImageHash.objects.bulk_create(
            (
                MarkImageHash(
                    index_id=BENCH_IDS + i, phash=int(a), dhash=int(b), phash_crop90=int(c), phash_crop80=int(d)
                )
                for i, (a, b, c, d) in enumerate(values.tolist())
            ),
            batch_size=5000,
        )
        print(f"  wrote {n_rows:,} rows in {time.perf_counter() - started:.1f} s ({connection.vendor})")
        logos.forget()
        started = time.perf_counter()
        loaded = logos.table()
        print(f"  first read of the table: {time.perf_counter() - started:.2f} s ({len(loaded):,} hashes)")
        checks = []
        for _ in range(20):
            started = time.perf_counter()
            logos.table()
            checks.append((time.perf_counter() - started) * 1000)
        print(f"  check that it is current: p50 {statistics.median(checks):.1f} ms")
        MarkImageHash.objects.create(index_id=BENCH_IDS + n_rows, phash=1, dhash=2, phash_crop90=3, phash_crop80=4)
        started = time.perf_counter()
        merged = logos.table()
        print(f"  merge of one new hash: {(time.perf_counter() - started) * 1000:.0f} ms ({len(merged):,} hashes)")
        transaction.set_rollback(True)
    logos.forget()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logos", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=150)
    parser.add_argument("--hashes", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--db-rows", type=int, default=0, help="time the table's database reads (rolled back)")
    args = parser.parse_args()
    print(f"logo search quality ({args.logos} generated logos, {args.queries} changed copies of each kind):")
    quality(args.logos, args.queries)
    print("Hamming scan:")
    speed(args.hashes, args.repeat)
    if args.db_rows:
        print("Database:")
        database(args.db_rows)


if __name__ == "__main__":
    main()
