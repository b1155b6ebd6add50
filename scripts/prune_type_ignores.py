"""Remove the `# type: ignore` comments that mypy says silence nothing.

    .venv/bin/python scripts/prune_type_ignores.py          # runs mypy itself
    .venv/bin/mypy | .venv/bin/python scripts/prune_type_ignores.py -

Reads mypy's `Unused "type: ignore" comment` errors (pyproject.toml sets warn_unused_ignores) and
edits those lines: a comment whose every code is unused goes, with the reason after it; one with
some codes still in use keeps those. Run it again after a merge or a stubs upgrade; it changes
nothing else, so the diff reads as a list of deleted comments. Prints what it changed."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNUSED = re.compile(r'^(?P<path>[^:]+):(?P<line>\d+): error: Unused "type: ignore(?:\[(?P<codes>[^\]]*)\])?" comment')
# The comment, with an optional reason comment after it, to the end of the line.
IGNORE = re.compile(r"\s*#\s*type:\s*ignore(?:\[(?P<codes>[^\]]*)\])?(?P<rest>\s*#.*)?$")


def mypy_output() -> str:
    mypy = Path(sys.executable).parent / "mypy"
    done = subprocess.run([str(mypy)], cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
    return done.stdout


def prune_line(text: str, unused: set[str] | None) -> str:
    """The line without its unused codes; `unused` None means the whole comment is unused."""
    match = IGNORE.search(text)
    if match is None:
        return text
    kept: list[str] = []
    if unused is not None and match["codes"]:
        kept = [code.strip() for code in match["codes"].split(",") if code.strip() not in unused]
    if not kept:
        rest = match["rest"] or ""
        # A reason goes with its comment; a `# noqa` after it stays.
        return text[: match.start()] + (f"  {rest.strip()}" if "noqa" in rest else "")
    return f"{text[: match.start()]}  # type: ignore[{', '.join(kept)}]{match['rest'] or ''}"


def main(source: str | None) -> int:
    output = sys.stdin.read() if source == "-" else mypy_output()
    wanted: dict[Path, dict[int, set[str] | None]] = defaultdict(dict)
    for line in output.splitlines():
        found = UNUSED.match(line)
        if found:
            codes = {code.strip() for code in found["codes"].split(",")} if found["codes"] else None
            wanted[ROOT / found["path"]][int(found["line"])] = codes
    for path, lines in sorted(wanted.items()):
        text = path.read_text(encoding="utf-8").split("\n")
        for number, codes in lines.items():
            text[number - 1] = prune_line(text[number - 1], codes)
        path.write_text("\n".join(text), encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(lines)} comment(s)")
    print(f"{sum(len(lines) for lines in wanted.values())} unused ignore comment(s) pruned")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else None))
