"""Per-category recall of the labelled look-alike set (tmsearch/tests/labelled_cases.py).

    .venv/bin/python bench/tm_labelled.py            # this checkout's engine
    cd /work/main && .venv/bin/python /path/to/bench/tm_labelled.py   # another checkout's engine

The cases file is read from next to this script; ``tmsearch`` is imported from the current
directory, so running it from another checkout measures that checkout's engine ("before").
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--background", type=int, default=20_000)
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    sys.path.insert(0, os.getcwd())
    spec = importlib.util.spec_from_file_location("labelled_cases", HERE / "tmsearch/tests/labelled_cases.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    import tmsearch

    with tempfile.TemporaryDirectory() as tmp:
        per, ranks = mod.evaluate(tmp, background=args.background, top=args.top)
    print(f"engine: {Path(tmsearch.__file__).parent}  background marks: {args.background}  top {args.top}")
    for cat, (found, total) in per.items():
        print(f"{cat:14s} {found}/{total}")
    print(f"{'all':14s} {sum(f for f, _ in per.values())}/{sum(t for _, t in per.values())}")
    if args.verbose:
        for case, rank in ranks:
            print(f"  {case.category:13s} {case.query} -> {case.mark}: {rank}")


if __name__ == "__main__":
    main()
