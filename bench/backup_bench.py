"""Backup and restore time of the demo district (docs/backup.md), on scratch databases:

    .venv/bin/python bench/backup_bench.py [--engines sqlite postgres] [--repeat 3] [--marks 100000]

For each engine: a scratch installation (SQLite file or PostgreSQL database `ipc_backup_bench`,
media, landscape store, index under a temporary folder) is migrated and seeded with the demo,
optionally given N generated outside marks (a larger database, and a larger index to rebuild);
then `manage.py backup` and `manage.py restore` into an empty database are timed as a person runs
them (wall time of the whole command, Django start-up included), `--repeat` times. PostgreSQL is
reached at --pg-url (default postgres://postgres@127.0.0.1:5432); its scratch databases are dropped
at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def psql(pg_url: str, statement: str) -> None:
    quiet = {**os.environ, "PGOPTIONS": "--client-min-messages=warning"}
    subprocess.run(["psql", f"{pg_url}/postgres", "-qc", statement], check=True, env=quiet)  # noqa: S603, S607


def pg_reachable(pg_url: str) -> bool:
    done = subprocess.run(["psql", f"{pg_url}/postgres", "-qc", "SELECT 1"], capture_output=True)  # noqa: S603, S607
    return done.returncode == 0


def installation(folder: Path, database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(folder / "media"),
        "LANDSCAPE_STORE_DIR": str(folder / "landscape"),
        "SIMILARITY_INDEX_DIR": str(folder / "index"),
        "BACKUP_DIR": str(folder / "backups"),
    }


def write_marks(path: str, rows: int) -> None:
    """In a child process set up for the scratch database: the similarity bench's generated marks."""
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipcounty.settings")
    import django

    django.setup()
    from similarity_bench import corpus_bytes

    Path(path).write_bytes(corpus_bytes(rows))


def bench_engine(engine: str, args: argparse.Namespace, tmp: Path) -> None:
    def url(name: str) -> str:
        if engine == "sqlite":
            return f"sqlite:///{tmp / name / 'db.sqlite3'}"
        return f"{args.pg_url}/ipc_backup_bench_{name}"

    def fresh(name: str) -> dict[str, str]:
        folder = tmp / name
        subprocess.run(["rm", "-rf", str(folder)], check=True)  # noqa: S603, S607
        folder.mkdir(parents=True)
        if engine == "postgres":
            psql(args.pg_url, f"DROP DATABASE IF EXISTS ipc_backup_bench_{name}")
            psql(args.pg_url, f"CREATE DATABASE ipc_backup_bench_{name}")
        return installation(folder, url(name))

    source = fresh("source")
    manage(source, "migrate", "-v0")
    seeded = manage(source, "seed_demo", "--enterprises", str(args.enterprises))
    print(f"{engine}: demo seeded in {seeded:.0f} s", flush=True)
    if args.marks:
        marks = tmp / "marks.csv"
        subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--write-marks", str(marks), str(args.marks)], cwd=ROOT, env=source, check=True
        )
        took = manage(source, "import_mark_corpus", str(marks), "--source", "bench")
        print(f"{engine}: {args.marks} outside marks imported in {took:.0f} s", flush=True)
    backups, restores, checks = [], [], []
    archive = None
    for _ in range(args.repeat):
        subprocess.run(["rm", "-rf", str(tmp / "source" / "backups")], check=True)  # noqa: S603, S607
        backups.append(manage(source, "backup"))
        (archive,) = (tmp / "source" / "backups").glob("*.tar.gz")
        target = fresh("target")
        checks.append(manage(target, "restore", "--check", str(archive)))
        restores.append(manage(target, "restore", str(archive)))
    assert archive is not None
    start_up = manage(source, "check")
    load = os.getloadavg()[0]
    print(
        f"{engine}: archive {archive.stat().st_size / 1e6:.1f} MB; backup {fmt(backups)}; restore --check "
        f"{fmt(checks)}; restore {fmt(restores)} (min – median – max of {args.repeat}; Django start-up "
        f"{start_up:.1f} s of each; load {load:.1f})",
        flush=True,
    )
    if engine == "postgres":
        for name in ("source", "target"):
            psql(args.pg_url, f"DROP DATABASE IF EXISTS ipc_backup_bench_{name}")


def fmt(times: list[float]) -> str:
    return f"{min(times):.1f} – {statistics.median(times):.1f} – {max(times):.1f} s"


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--write-marks":
        write_marks(sys.argv[2], int(sys.argv[3]))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"])
    parser.add_argument("--enterprises", type=int, default=200)
    parser.add_argument("--marks", type=int, default=0, help="outside marks to add to the demo (a larger database)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    args = parser.parse_args()
    for engine in args.engines:
        if engine == "postgres" and not pg_reachable(args.pg_url):
            print(f"postgres: skipped, no PostgreSQL at {args.pg_url}")
            continue
        with tempfile.TemporaryDirectory(prefix="ipc-backup-bench-") as tmp:
            bench_engine(engine, args, Path(tmp))


if __name__ == "__main__":
    main()
