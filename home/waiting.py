"""The number of waiting items beside 我的工作, right on every page and cheap on every page.

Counting a person's worklist asks every app (a dozen queries or so), too much for each page.
The count is kept in the cache per person, under a *generation*: every audited change (and every
state change is audited, in the same transaction) moves the generation on, so the next page
anyone opens counts afresh. A count also lives at most ``WAITING_TTL`` seconds, for what changes
without an audited write (a limit that passes, a process whose cache did not hear of a change:
the per-process memory cache of a site without Redis).
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction

from home.gather import worklist_for

GENERATION_KEY = "home.waiting.generation"
# Seconds a count may be shown before it is counted again, whatever happened meanwhile.
WAITING_TTL = 60


def _generation() -> int:
    return int(cache.get(GENERATION_KEY) or 0)


def _key(user: Any) -> str:
    return f"home.waiting.{user.pk}.{_generation()}"


def remember(user: Any, count: int) -> None:
    """Keep a count just made (the home page counts the whole worklist anyway)."""
    cache.set(_key(user), count, WAITING_TTL)


def waiting_count(user: Any) -> int:
    """How many items wait for ``user``: from the cache, or counted and kept."""
    key = _key(user)
    count = cache.get(key)
    if count is None:
        count = len(worklist_for(user))
        cache.set(key, count, WAITING_TTL)
    return int(count)


def _move_on() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (a fresh cache)
        cache.add(GENERATION_KEY, 1, None)


def counts_are_stale(instance: Any = None, created: bool = True, **kwargs: Any) -> None:
    """A change was audited: every kept count is out of date. Moved on at once (the writer's
    own next page counts again) and once more after the commit, so that a count made by
    another request between the two, from what the database held before, is not kept. A
    security event (a log-in, an export, a look at a number) is a read, not a change."""
    if not created or str(getattr(instance, "action", "")).startswith("security."):
        return
    _move_on()
    transaction.on_commit(_move_on)
