"""Gather what every app registered: a person's worklist, most urgent first, and a search over
every kind of record they may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.worklists import SearchHit, WorkItem, search_providers, worklist_providers

FAR = dt.datetime.max.replace(tzinfo=dt.UTC)
# How many hits each kind of record contributes to one search page.
HITS_PER_KIND = 20
# A shorter query would match half the register by a digit or a character.
MIN_QUERY = 2
MAX_QUERY = 60


def _order(item: WorkItem) -> tuple[dt.datetime, dt.datetime]:
    """The nearest limit first; items without a limit after them, the longest waiting first."""
    since = item.since
    if isinstance(since, dt.date) and not isinstance(since, dt.datetime):
        since = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
    return (item.due_moment or FAR, since or FAR)


def worklist_for(user: Any) -> list[WorkItem]:
    items: list[WorkItem] = []
    for provider in worklist_providers():
        items.extend(provider(user))
    return sorted(items, key=_order)


def clean_query(raw: str) -> str:
    return " ".join(raw.split())[:MAX_QUERY]


def search_for(user: Any, query: str) -> list[SearchHit]:
    """Every record ``user`` may see whose number or name holds ``query``; nothing for a query
    shorter than two characters."""
    if len(query) < MIN_QUERY:
        return []
    hits: list[SearchHit] = []
    for provider in search_providers():
        hits.extend(provider(user, query, HITS_PER_KIND))
    return hits
