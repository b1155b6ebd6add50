"""What is waiting for a person, and what a search box finds: the shapes every app hands in.

Each domain app lists its own waiting work and its own search hits in its ``worklist`` module
(registered with the decorators below, fetched through its ``for_user`` querysets and permission
predicates). The ``home`` app discovers those modules and gathers them into the home page, the
number on the menu and the search page: the kernel knows the shapes, not the apps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone


@dataclass(frozen=True)
class WorkItem:
    """One thing a person is to do: what it is, what to do, where it is done, and by when."""

    kind: str  # what sort of record: "奖励申请", "移送公安" …
    label: str  # which record: its number and name
    action: str  # what to do with it
    url: str  # where it is done
    due: dt.datetime | dt.date | None = None  # the time limit, when there is one
    since: dt.datetime | dt.date | None = None  # when it started waiting, when there is no limit

    @property
    def due_moment(self) -> dt.datetime | None:
        """The limit as a moment (a day's limit is the end of that day, local time)."""
        if self.due is None:
            return None
        if isinstance(self.due, dt.datetime):
            return self.due
        end_of_day = dt.datetime.combine(self.due, dt.time(23, 59, 59))
        return timezone.make_aware(end_of_day)

    def time_left(self, now: dt.datetime | None = None) -> dt.timedelta | None:
        moment = self.due_moment
        return None if moment is None else moment - (now or timezone.now())


@dataclass(frozen=True)
class SearchHit:
    """A record a search found: what it is, its number, its name, and its page."""

    kind: str
    number: str
    name: str
    url: str


WorklistProvider = Callable[[Any], list[WorkItem]]
SearchProvider = Callable[[Any, str, int], list[SearchHit]]

_worklists: list[WorklistProvider] = []
_searches: list[SearchProvider] = []


def worklist(provider: WorklistProvider) -> WorklistProvider:
    """Register ``provider(user) -> [WorkItem]``: the items of one kind waiting for ``user``,
    limited to what ``user`` may see and do. Its query count must not grow with the rows."""
    if provider not in _worklists:
        _worklists.append(provider)
    return provider


def search(provider: SearchProvider) -> SearchProvider:
    """Register ``provider(user, query, limit) -> [SearchHit]``: records ``user`` may see whose
    number or name matches ``query``, at most ``limit`` of them."""
    if provider not in _searches:
        _searches.append(provider)
    return provider


def worklist_providers() -> tuple[WorklistProvider, ...]:
    return tuple(_worklists)


def search_providers() -> tuple[SearchProvider, ...]:
    return tuple(_searches)
