"""Benchmark: importing N generated patents from CSV, on SQLite and on PostgreSQL.

Usage: .venv/bin/python bench/import_bench.py [--rows 100000] [--only sqlite|postgres] [--profile]

Each database is fresh (a temporary SQLite file; a database `ipcounty_bench` on the local
PostgreSQL, dropped and created again). The rows are generated with valid application
numbers and IPC codes from the loaded reference data; the timing covers the whole import
path a clerk's file takes: reading, validating every row, and the all-or-nothing write with
its audit events."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/ipcounty_bench")


def child(rows: int, profile: bool = False) -> None:
    """Runs inside a process whose DATABASE_URL points at the fresh database."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipcounty.settings")
    import django

    django.setup()
    import csv
    import io
    import random

    from django.core.management import call_command
    from django.db import connection

    from core.demo.identity import make_uscc
    from portfolio.importing.runner import import_file
    from portfolio.models import Patent
    from portfolio.numbers import check_character
    from refdata.loading import ensure_loaded
    from refdata.models import IpcEntry
    from registry import actions

    call_command("migrate", verbosity=0)
    ensure_loaded()
    rng = random.Random(42)
    owners = [
        actions.register_enterprise(actor=None, uscc=make_uscc(rng, "370602"), name=f"基准企业{i}").uscc
        for i in range(50)
    ]
    codes = list(IpcEntry.objects.filter(level="main_group").values_list("code", flat=True))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "申请号",
            "名称",
            "申请日",
            "IPC分类号",
            "法律状态",
            "授权日",
            "权利要求数",
            "年费缴至年度",
            "权利人统一社会信用代码",
        ]
    )
    used: set[str] = set()
    while len(used) < rows:
        year = rng.randint(2005, 2024)
        body = f"{year}{rng.choice('123')}{rng.randrange(10**7):07d}"
        if body in used:
            continue
        used.add(body)
        granted = rng.random() < 0.6
        writer.writerow(
            [
                f"{body}.{check_character(body)}",
                f"一种基准测试装置{len(used)}",
                f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                f"{rng.choice(codes)};{rng.choice(codes)}",
                "有效" if granted else "审中",
                f"{year + 2}-06-01" if granted else "",
                rng.randint(1, 20),
                rng.randint(0, 5) if granted else 0,
                rng.choice(owners),
            ]
        )
    data = buffer.getvalue().encode("utf-8")
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
    started, cpu_started = time.perf_counter(), time.process_time()
    outcome = import_file("patents", data, "bench.csv", actor=None)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    if profile:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    assert outcome.ok, (outcome.file_errors, outcome.row_errors[:3])
    assert Patent.objects.count() == rows
    again_started = time.perf_counter()
    again = import_file("patents", data, "bench.csv", actor=None)
    again_elapsed = time.perf_counter() - again_started
    assert again.result.unchanged == rows
    print(
        f"{connection.vendor:<10} {rows:>8} rows  import {elapsed:6.1f} s = {rows / elapsed:>8,.0f} rows/s "
        f"(Python CPU {cpu:4.1f} s)   "
        f"re-import (all unchanged) {again_elapsed:6.1f} s = {rows / again_elapsed:>8,.0f} rows/s  "
        f"({len(data) / 1e6:.1f} MB CSV)"
    )


def run(url: str, rows: int, profile: bool) -> int:
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "ERROR"}
    command = [sys.executable, __file__, "--child", "--rows", str(rows), *(["--profile"] if profile else [])]
    return subprocess.call(command, env=env, cwd=ROOT)  # noqa: S603


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--profile", action="store_true", help="print where the first import spends its time")
    args = parser.parse_args()
    if args.child:
        child(args.rows, args.profile)
        return 0
    status = 0
    if args.only in (None, "sqlite"):
        with tempfile.TemporaryDirectory() as tmp:
            status |= run(f"sqlite:///{tmp}/bench.sqlite3", args.rows, args.profile)
    if args.only in (None, "postgres"):
        admin = PG_URL.rsplit("/", 1)[0] + "/postgres"
        for sql in ("DROP DATABASE IF EXISTS ipcounty_bench", "CREATE DATABASE ipcounty_bench"):
            subprocess.check_call(["psql", admin, "-q", "-c", sql])  # noqa: S603, S607
        status |= run(PG_URL, args.rows, args.profile)
    return status


if __name__ == "__main__":
    sys.exit(main())
