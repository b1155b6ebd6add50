"""Benchmark: importing N generated patents from CSV, on SQLite and on PostgreSQL.

Usage: .venv/bin/python bench/import_bench.py [--rows 100000] [--only sqlite|postgres]
           [--repeat 3] [--actor clerk|system] [--profile]

Each database is fresh (a temporary SQLite file; on the local PostgreSQL the database named
in BENCH_POSTGRES_URL, default `ipcounty_bench`, dropped and created again). The rows are
generated with valid application numbers and IPC codes from the loaded reference data; the
timing covers the whole import path a clerk's file takes: reading, validating every row, and
the all-or-nothing write with its audit events (actor: an office clerk, as on the upload
page). Each of the ``--repeat`` imports goes into emptied tables and is followed by a
re-import of the same file (every row unchanged).

Besides the wall time each line gives the Python process's CPU time and the PostgreSQL
backend's CPU time (read from /proc for a local server): on a machine shared with other jobs
they say how much work the import did, where the wall time mostly says how busy the machine
was (the load average is printed too)."""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/ipcounty_bench")


def child(rows: int, profile: bool = False, repeat: int = 3, actor_kind: str = "clerk") -> None:
    """Runs inside a process whose DATABASE_URL points at the fresh database."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipcounty.settings")
    # Large runs go past the upload limits (200,000 rows, 32 MB): lift them for the bench.
    os.environ.setdefault("IMPORT_MAX_ROWS", str(max(rows, 200_000)))
    os.environ.setdefault("IMPORT_MAX_CSV_MB", str(max(rows // 4000, 32)))
    import django

    django.setup()
    import csv
    import io
    import random

    from django.core.management import call_command
    from django.db import connection

    from demo.identity import make_uscc
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
    actor = None if actor_kind == "system" else bench_clerk()
    phases = timed_phases()
    runs = []
    for attempt in range(repeat):
        empty_tables()
        load = os.getloadavg()[0]
        phases.clear()
        if profile and attempt == 0:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
        server = server_cpu()
        started, cpu_started = time.perf_counter(), time.process_time()
        outcome = import_file("patents", data, "bench.csv", actor=actor)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        server = server_cpu() - server
        if profile and attempt == 0:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        check, lookups, waited = (phases.get(name, 0.0) for name in ("check", "lookups", "writer"))
        assert outcome.ok, (outcome.file_errors, outcome.row_errors[:3])
        assert Patent.objects.count() == rows
        again_started = time.perf_counter()
        again = import_file("patents", data, "bench.csv", actor=actor)
        again_elapsed = time.perf_counter() - again_started
        assert again.result is not None and again.result.unchanged == rows
        runs.append(rows / elapsed)
        print(
            f"{connection.vendor:<10} {rows:>8} rows  import {elapsed:5.2f} s = {rows / elapsed:>7,.0f} rows/s  "
            f"(Python CPU {cpu:4.2f} s, server CPU {server:4.2f} s; lookups {lookups:4.2f} s, "
            f"check {check:4.2f} s, waiting for the writer {waited:4.2f} s;"
            f" load {load:4.2f})  "
            f"re-import (all unchanged) {again_elapsed:5.2f} s = {rows / again_elapsed:>7,.0f} rows/s",
            flush=True,
        )
    print(
        f"{connection.vendor:<10} {rows:>8} rows  actor {actor_kind}: min {min(runs):,.0f} / median "
        f"{statistics.median(runs):,.0f} / max {max(runs):,.0f} rows/s over {len(runs)} runs "
        f"({len(data) / 1e6:.1f} MB CSV)"
    )


def bench_clerk():
    """An office clerk, as on the upload page (its id goes into every audit event)."""
    from accounts import actions as account_actions
    from accounts.choices import OrganisationKind, Role

    office = account_actions.create_organisation(actor=None, name="基准办公室", kind=OrganisationKind.OFFICE)
    return account_actions.create_user(
        actor=None, organisation=office, username="bench-clerk", password=secrets.token_urlsafe(), role=Role.CLERK
    )


def empty_tables() -> None:
    """Remove the imported patents, their links and the whole audit trail (a bench database)."""
    from django.db import connection

    from audit.models import GENESIS_HASH

    tables = ["portfolio_patent_owners", "portfolio_patent", "audit_auditevent"]
    if "audit_auditblockrecord" in connection.introspection.table_names():  # absent before block events
        tables.append("audit_auditblockrecord")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        cursor.execute("UPDATE audit_audithead SET last_seq = 0, last_hash = %s", [GENESIS_HASH])


def server_cpu() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (a local server), or 0."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed_phases() -> dict[str, float]:
    """Wall time, summed over an import, of the patent importer's steps: the lookups before
    writing, checking the blocks, and waiting at the end for the writer thread to finish."""
    from portfolio.importing import patents

    phases: dict[str, float] = {}

    def timing(name, function):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                phases[name] = phases.get(name, 0.0) + time.perf_counter() - started

        return timed

    if hasattr(patents, "Lookups"):  # absent from the code before the block-by-block import
        from core.bulk import BulkWriter

        patents.check = timing("check", patents.check)
        patents.Lookups.fetch = classmethod(timing("lookups", patents.Lookups.fetch.__func__))  # type: ignore[method-assign, assignment, attr-defined]  # the benchmark wraps the method to time it
        BulkWriter.__exit__ = timing("writer", BulkWriter.__exit__)  # type: ignore[method-assign]  # the benchmark wraps the method to time it
    return phases


def run(url: str, args: argparse.Namespace) -> int:
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "ERROR"}
    command = [
        sys.executable,
        __file__,
        "--child",
        *("--rows", str(args.rows), "--repeat", str(args.repeat), "--actor", args.actor),
        *(["--profile"] if args.profile else []),
    ]
    return subprocess.call(command, env=env, cwd=ROOT)  # noqa: S603


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="imports into emptied tables, each timed")
    parser.add_argument("--actor", choices=["clerk", "system"], default="clerk", help="who imports (audit actor)")
    parser.add_argument("--profile", action="store_true", help="print where the first import spends its time")
    args = parser.parse_args()
    if args.child:
        child(args.rows, args.profile, args.repeat, args.actor)
        return 0
    status = 0
    if args.only in (None, "sqlite"):
        with tempfile.TemporaryDirectory() as tmp:
            status |= run(f"sqlite:///{tmp}/bench.sqlite3", args)
    if args.only in (None, "postgres"):
        admin, name = PG_URL.rsplit("/", 1)
        for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
            subprocess.check_call(["psql", f"{admin}/postgres", "-q", "-c", sql])  # noqa: S603, S607
        status |= run(PG_URL, args)
    return status


if __name__ == "__main__":
    sys.exit(main())
