"""Run every benchmark under bench/ (files named *_bench.py) one after another; each prints
its own figures. Usage: .venv/bin/python bench/run.py [NAME ...]   (NAME: import, tmsearch, similarity, landscape);
the load test is separate: .venv/bin/python bench/load_test.py

Benchmarks that need a database get a scratch one: the import benchmark makes its own; the
similarity benchmark gets a temporary SQLite database with the demo district loaded, so no
benchmark ever writes into db.sqlite3."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def scratch_database(tmp: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
        "MEDIA_ROOT": f"{tmp}/media",
        "SIMILARITY_INDEX_DIR": f"{tmp}/index",
    }
    for command in (["migrate", "-v0"], ["seed_demo"]):
        subprocess.check_call([sys.executable, "manage.py", *command], env=env, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: S603
    return env


def main() -> int:
    wanted = set(sys.argv[1:])
    scripts = sorted(p for p in HERE.glob("*_bench.py") if not wanted or p.stem.removesuffix("_bench") in wanted)
    if not scripts:
        print("no benchmarks found under bench/")
        return 0
    failed = 0
    for script in scripts:
        print(f"== {script.name}", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            env = scratch_database(tmp) if script.stem == "similarity_bench" else dict(os.environ)
            failed |= subprocess.call([sys.executable, str(script)], env=env, cwd=ROOT)  # noqa: S603
    return failed


if __name__ == "__main__":
    sys.exit(main())
