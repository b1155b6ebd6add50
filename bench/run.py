"""Run every benchmark under bench/ (files named *_bench.py) one after another; each prints
its own figures. Usage: .venv/bin/python bench/run.py [NAME ...]"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    wanted = set(sys.argv[1:])
    scripts = sorted(p for p in HERE.glob("*_bench.py") if not wanted or p.stem.removesuffix("_bench") in wanted)
    if not scripts:
        print("no benchmarks found under bench/")
        return 0
    failed = 0
    for script in scripts:
        print(f"== {script.name}", flush=True)
        failed |= subprocess.call([sys.executable, str(script)])  # noqa: S603 - our own scripts
    return failed


if __name__ == "__main__":
    sys.exit(main())
