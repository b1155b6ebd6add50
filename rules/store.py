"""Reading rules: the version of a rule in force on a day.

All versions are read at once and kept in Django's cache (the whole table is a few dozen
rows), so a page that measures a hundred cases pays one query at most. Adding a version
clears the cache when its transaction commits; with a shared cache (Redis) every process sees
the new version at once, with the per-process memory cache after ``CACHE_SECONDS``.

Each process also keeps the table it last read for ``LOCAL_SECONDS``: a page or a nightly job
that reads a rule for each of thousands of rights would otherwise pay a round trip to Redis (or
an unpickling of the local cache) for each one. A new version reaches another process at most
that much later."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from deadlines import Limit

CACHE_KEY = "rules:all:v1"
CACHE_SECONDS = 60
LOCAL_SECONDS = 2.0

_local: tuple[float, dict] | None = None


class RuleMissing(LookupError):
    """No version of the rule is in force on the day asked (a gap the office must fill)."""


def _versions() -> dict[str, list[tuple[dt.date, dt.date | None, Any, int]]]:
    global _local
    now = time.monotonic()
    if _local is not None and now - _local[0] < LOCAL_SECONDS:
        return _local[1]
    table = cache.get(CACHE_KEY)
    if table is None:
        from rules.models import Rule

        table = {}
        for row in Rule.objects.order_by("key", "valid_from").values_list(
            "key", "valid_from", "valid_until", "value", "pk"
        ):
            table.setdefault(row[0], []).append(row[1:])
        cache.set(CACHE_KEY, table, CACHE_SECONDS)
    _local = (now, table)
    return table


def forget(shared: bool = True) -> None:
    """Read the table again on the next look-up (``shared``: in every process)."""
    global _local
    _local = None
    if shared:
        cache.delete(CACHE_KEY)


def _in_force(key: str, on: dt.date | None, earliest: bool = False) -> tuple[dt.date, dt.date | None, Any, int]:
    day = on or timezone.localdate()
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    versions = _versions().get(key, [])
    found = versions[0] if earliest and versions and day < versions[0][0] else None
    for version in versions:
        if version[0] <= day:
            found = version
    if found is None or (found[1] is not None and found[1] < day):
        raise RuleMissing(f"no version of rule {key!r} in force on {day}")
    return found


def value(key: str, on: dt.date | None = None) -> Any:
    """The value of ``key`` in force on ``on`` (the latest version that began on or before it;
    a version with an end date is not in force after it)."""
    return _in_force(key, on)[2]


def version_id(key: str, on: dt.date | None = None) -> int:
    return _in_force(key, on)[3]


def limit(key: str, on: dt.date | None = None, earliest: bool = False) -> Limit:
    """The limit in force on ``on``; with ``earliest``, a day before the rule's first version
    is measured by that first version (the store holds no older text: a running clock shows a
    due date rather than failing, and docs/rules.md says so)."""
    data = _in_force(key, on, earliest)[2]
    return Limit(int(data["amount"]), data["unit"])
