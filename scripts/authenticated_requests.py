"""Annotate as AuthenticatedRequest the views whose code reads ``request.user`` as a User.

    .venv/bin/mypy | .venv/bin/python scripts/authenticated_requests.py

Every page is behind ``LoginRequiredMiddleware``, so a view's user is a User; the stubs type
``HttpRequest.user`` as ``User | AnonymousUser``. For each mypy error that says so (an attribute
AnonymousUser lacks, ``User | AnonymousUser`` passed where a User is wanted, or an HttpRequest
passed to a function that takes an AuthenticatedRequest), this changes ``request: HttpRequest``
to ``request: AuthenticatedRequest`` in the signature of the enclosing function and imports it.
Run it, then mypy again, until mypy names none (a changed helper can make its callers' turn);
``ruff check --fix`` then sorts the imports and drops an HttpRequest import left unused. Prints
what it changed; a view marked ``login_not_required`` must not be changed: check the diff."""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ERROR = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): error: ")
WANTED = ('"User | AnonymousUser"', 'Item "AnonymousUser" of', 'type "HttpRequest"; expected "AuthenticatedRequest"')
DEF = re.compile(r"\s*(async )?def ")
IMPORT = "from accounts.http import AuthenticatedRequest"


def enclosing_signature(lines: list[str], index: int) -> int | None:
    """The line of the nearest enclosing function's signature that names ``request``."""
    for start in range(index, -1, -1):
        if not DEF.match(lines[start]):
            continue
        end = start
        while "request: " not in lines[end] and not lines[end].rstrip().endswith(":") and end < index:
            end += 1
        if "request: " in lines[end]:
            return end
        if not lines[start].startswith(" "):
            return None  # a module-level function without a request
    return None


def main() -> int:
    wanted: dict[Path, set[int]] = defaultdict(set)
    for line in sys.stdin.read().splitlines():
        found = ERROR.match(line)
        if found and any(text in line for text in WANTED):
            wanted[ROOT / found["path"]].add(int(found["line"]))
    for path, numbers in sorted(wanted.items()):
        lines = path.read_text(encoding="utf-8").split("\n")
        changed = 0
        for number in sorted(numbers):
            at = enclosing_signature(lines, number - 1)
            if at is not None and "request: HttpRequest" in lines[at]:
                lines[at] = lines[at].replace("request: HttpRequest", "request: AuthenticatedRequest", 1)
                changed += 1
        if not changed:
            continue
        if IMPORT not in lines:
            first = next(
                i for i, text in enumerate(lines) if text.startswith(("import ", "from ")) and "__future__" not in text
            )
            lines.insert(first, IMPORT)
        path.write_text("\n".join(lines), encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {changed} signature(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
