"""Benchmark: importing a patent database's export of N rows (target: 100,000 rows at ≥ 20,000
rows/s on PostgreSQL).

Usage: .venv/bin/python bench/export_import_bench.py [--rows 100000] [--repeat 3] [--encoding gbk]
       [--database postgres|sqlite]
       [--profile var/export-import-profile.txt]  (pyinstrument's tree of the first import)
       [--cprofile var/export-import-cpu.txt]  (cProfile of the first import: this thread's CPU
       only, so the time spent waiting for a core or for the server is left out)

PostgreSQL: the database named in BENCH_POSTGRES_URL (default: this helper's `ipc_regimport`) is
dropped and created again. SQLite: a fresh file in a temporary folder. The file is generated
with the headings of the databases' exports, each column under a different one of its synonyms
(full-width and half-width brackets, spaces), dates written 20170721 and application numbers
with a CN prefix on alternate rows, an unread column, owners by name: 200 registered
enterprises, written as registered, as 有限责任公司 or with spaces, and 5% of the rows naming
owners the registry does not know (they go on the matching queue with suggestions). Timed: the
whole path of an uploaded file — reading, matching the owners, checking every row, the
all-or-nothing write with its audit events, the queue — and a re-import of the same file
(every row unchanged)."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/ipc_regimport")


def child(rows: int, repeat: int, encoding: str, profile: str = "", cprofile: str = "") -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipcounty.settings")
    os.environ.setdefault("IMPORT_MAX_ROWS", str(max(rows, 200_000)))
    os.environ.setdefault("IMPORT_MAX_CSV_MB", str(max(rows // 2000, 64)))
    import django

    django.setup()
    import csv
    import io
    import random

    from django.core.management import call_command
    from django.db import connection
    from import_bench import bench_clerk, empty_tables, server_cpu  # type: ignore[import-not-found]  # bench/ is on the path

    from demo.identity import make_uscc
    from portfolio.importing.runner import import_file
    from portfolio.models import OwnerName, Patent, PatentOwnerName
    from portfolio.numbers import check_character
    from portfolio.tests.factories import EXPORT_HEADINGS
    from refdata.loading import ensure_loaded
    from refdata.models import IpcEntry
    from registry import actions

    call_command("migrate", verbosity=0)
    ensure_loaded()
    rng = random.Random(42)
    names = [f"烟台基准{i}科技有限公司" for i in range(200)]
    for name in names:
        actions.register_enterprise(actor=None, uscc=make_uscc(rng, "370602"), name=name)
    codes = list(IpcEntry.objects.filter(level="main_group").values_list("code", flat=True))
    headings = {key: variants[i % len(variants)] for i, (key, variants) in enumerate(EXPORT_HEADINGS.items())}
    order = [
        "application_number",
        "title",
        "applicants",
        "current_owners",
        "inventors",
        "filing_date",
        "publication_number",
        "publication_date",
        "grant_date",
        "main_ipc",
        "ipc_codes",
        "status",
        "family",
        "patent_type",
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([headings[key] for key in order] + ["申请人地址"])
    used: set[str] = set()
    while len(used) < rows:
        year = rng.randint(2005, 2024)
        body = f"{year}{rng.choice('123')}{rng.randrange(10**7):07d}"
        if body in used:
            continue
        used.add(body)
        n = len(used)
        granted = rng.random() < 0.6
        name = rng.choice(names)
        owner = [name, name.replace("有限公司", "有限责任公司"), f"烟台 {name[2:]}"][n % 3]
        if rng.random() < 0.05:
            owner = f"外地未登记{rng.randrange(2000)}有限公司"
        main, other = rng.choice(codes), rng.choice(codes)
        writer.writerow(
            [
                f"CN{body}.{check_character(body)}" if n % 2 else f"{body}.{check_character(body)}",
                f"一种基准测试装置{n}",
                owner,
                owner,
                "张三;李四",
                f"{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}",
                f"CN{100000000 + n}A",
                "",
                f"{year + 2}-06-01" if granted else "",
                main,
                f"{main};{other}",
                "有效" if granted else "审中",
                "CN1;US2" if n % 7 == 0 else "",
                "",
                "山东省烟台市",
            ]
        )
    data = buffer.getvalue().encode(encoding)
    actor = bench_clerk()
    runs: list[float] = []
    for _attempt in range(repeat):
        with connection.cursor() as cursor:  # the queue first: its links refer to the patents
            for table in ("portfolio_patentownername", "portfolio_ownernamechange", "portfolio_ownername"):
                if connection.vendor == "postgresql":
                    cursor.execute(f"TRUNCATE {table} CASCADE")
                else:
                    cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        empty_tables()
        load = os.getloadavg()[0]
        server = server_cpu()
        profiler: Any = None
        if cprofile and not runs:
            import cProfile

            profiler = cProfile.Profile(time.thread_time)  # this thread's CPU: not the waits, not the writer thread
            profiler.enable()
        elif profile and not runs:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.002)
            profiler.start()
        started, cpu = time.perf_counter(), time.process_time()
        outcome = import_file("patent_export", data, "export.csv", actor=actor, source=("bench", None))
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        if cprofile and profiler is not None:
            import pstats

            profiler.disable()
            Path(cprofile).parent.mkdir(parents=True, exist_ok=True)
            with open(cprofile, "w", encoding="utf-8") as out:
                stats = pstats.Stats(profiler, stream=out).strip_dirs()
                stats.sort_stats("tottime").print_stats(45)
                stats.sort_stats("cumulative").print_stats(60)
        elif profiler is not None:
            profiler.stop()
            Path(profile).parent.mkdir(parents=True, exist_ok=True)
            Path(profile).write_text(profiler.output_text(unicode=True), encoding="utf-8")
        server = server_cpu() - server
        assert outcome.ok, (outcome.file_errors, outcome.row_errors[:3])
        assert Patent.objects.count() == rows
        again_started = time.perf_counter()
        again = import_file("patent_export", data, "export.csv", actor=actor, source=("bench", None))
        again_elapsed = time.perf_counter() - again_started
        assert again.result is not None and again.result.unchanged == rows
        runs.append(rows / elapsed)
        print(
            f"{rows:>8} rows ({encoding}, {connection.vendor})  "
            f"import {elapsed:5.2f} s = {rows / elapsed:>7,.0f} rows/s  "
            f"(Python CPU {cpu:4.2f} s, server CPU {server:4.2f} s; load {load:4.2f}; "
            f"{OwnerName.objects.count()} names queued, {PatentOwnerName.objects.count()} patents waiting)  "
            f"re-import (all unchanged) {again_elapsed:5.2f} s = {rows / again_elapsed:>7,.0f} rows/s",
            flush=True,
        )
    print(
        f"{rows:>8} rows: min {min(runs):,.0f} / median {statistics.median(runs):,.0f} / max {max(runs):,.0f} rows/s "
        f"over {len(runs)} runs ({len(data) / 1e6:.1f} MB CSV)"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--encoding", choices=["utf-8", "gbk"], default="utf-8")
    parser.add_argument("--profile", default="", help="write pyinstrument's tree of the first import to this file")
    parser.add_argument("--cprofile", default="", help="write cProfile's table of the first import to this file")
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.rows, args.repeat, args.encoding, args.profile, args.cprofile)
        return 0
    command = [sys.executable, __file__, "--child", "--rows", str(args.rows), "--repeat", str(args.repeat)]
    for option in ("profile", "cprofile"):
        if getattr(args, option):
            command += [f"--{option}", str(Path(getattr(args, option)).resolve())]
    command += ["--encoding", args.encoding]
    if args.database == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "LOG_LEVEL": "ERROR"}
            return subprocess.call(command, env=env, cwd=ROOT)  # noqa: S603
    admin, name = PG_URL.rsplit("/", 1)
    for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        subprocess.check_call(["psql", f"{admin}/postgres", "-q", "-c", sql])  # noqa: S603, S607
    env = {**os.environ, "DATABASE_URL": PG_URL, "LOG_LEVEL": "ERROR"}
    return subprocess.call(command, env=env, cwd=ROOT)  # noqa: S603


if __name__ == "__main__":
    sys.exit(main())
