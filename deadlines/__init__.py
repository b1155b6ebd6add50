"""Deadlines in working days, calendar days and hours, with pauses (a pure package; no Django).

How a limit is counted (the rules of Chinese administrative procedure, 期间):
- The day of the event that starts a limit is not counted: "15 working days from the 1st"
  counts from the 2nd and ends at the end of the 15th working day after the 1st.
- Calendar days: when the last day falls on a public holiday or a weekend that is not a
  make-up workday, the limit ends at the end of the next working day.
- Hours are clock hours from the moment of the event, holidays included.
- A pause (testing, a hearing, a suspension) stops the count. For days, the days after the day
  the pause began up to and including the day it ended are not counted (the day work resumes is
  like a new start: counting goes on from the next day). For hours, the paused time is added.
  While a pause is still open there is no due moment.

All moments are aware datetimes; days are taken in the moment's own time zone, so callers pass
moments in Asia/Shanghai.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from workdays import add_workdays, is_workday, next_workday, workdays_between

__all__ = [
    "CALENDAR_DAYS",
    "HOURS",
    "WORKING_DAYS",
    "Clock",
    "Limit",
    "Pause",
    "due_moment",
    "flag",
    "working_time_between",
]

WORKING_DAYS = "workdays"
CALENDAR_DAYS = "days"
HOURS = "hours"
UNITS = (WORKING_DAYS, CALENDAR_DAYS, HOURS)

NEAR_SHARE = 0.2  # near when no more than a fifth of the limit is left
NEAR_WORKDAYS = 2  # … or, for day limits, two working days or fewer

OK, NEAR, PAST, PAUSED, DONE = "ok", "near", "past", "paused", "done"


@dataclass(frozen=True)
class Limit:
    """A time limit: ``amount`` working days, calendar days or hours."""

    amount: int
    unit: str

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r}")
        if self.amount < 0:
            raise ValueError("a limit is not negative")

    def __add__(self, other: Limit) -> Limit:
        if other.unit != self.unit:
            raise ValueError("only limits of the same unit add up")
        return Limit(self.amount + other.amount, self.unit)


@dataclass(frozen=True)
class Pause:
    """A period the law does not count; ``ended`` is None while it lasts."""

    started: dt.datetime
    ended: dt.datetime | None = None


def _end_of(day: dt.date, tz: dt.tzinfo | None) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=tz)


def _local(moment: dt.datetime, tz: dt.tzinfo | None) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError("deadlines work on aware datetimes")
    return moment.astimezone(tz) if tz is not None else moment


def _paused_days(pauses: Iterable[Pause], tz: dt.tzinfo | None) -> set[dt.date]:
    days: set[dt.date] = set()
    for pause in pauses:
        assert pause.ended is not None
        first = _local(pause.started, tz).date() + dt.timedelta(days=1)
        last = _local(pause.ended, tz).date()
        while first <= last:
            days.add(first)
            first += dt.timedelta(days=1)
    return days


def _add_days(start: dt.date, n: int, counts: Callable[[dt.date], bool], skipped: set[dt.date]) -> dt.date:
    day, left = start, n
    while left:
        day += dt.timedelta(days=1)
        if day not in skipped and counts(day):
            left -= 1
    return day


def due_moment(start: dt.datetime, limit: Limit, pauses: Sequence[Pause] = ()) -> dt.datetime | None:
    """When a limit that began at ``start`` runs out, or None while a pause is open."""
    if any(p.ended is None for p in pauses):
        return None
    tz = start.tzinfo
    start = _local(start, tz)
    pauses = [p for p in pauses if p.ended is not None and p.ended > p.started]
    if limit.unit == HOURS:
        due = start + dt.timedelta(hours=limit.amount)
        # Each pause that begins before the (moving) due moment pushes it by the time paused
        # after the start.
        for pause in sorted(pauses, key=lambda p: p.started):
            ended = pause.ended
            assert ended is not None  # the open pauses returned None above
            begun = max(pause.started, start)
            if begun < due and ended > begun:
                due += ended - begun
        return due
    skipped = _paused_days(pauses, tz)
    if limit.unit == WORKING_DAYS:
        if not skipped:
            return _end_of(add_workdays(start.date(), limit.amount), tz)
        return _end_of(_add_days(start.date(), limit.amount, is_workday, skipped), tz)
    last = _add_days(start.date(), limit.amount, lambda _d: True, skipped)
    return _end_of(next_workday(last), tz)


def flag(start: dt.datetime, due: dt.datetime | None, now: dt.datetime, limit: Limit) -> str:
    """ok, near (no more than a fifth of the limit left, or for day limits two working days or
    fewer), past, or paused (no due moment while a pause lasts)."""
    if due is None:
        return PAUSED
    if now > due:
        return PAST
    left = due - now
    if left <= (due - start) * NEAR_SHARE:
        return NEAR
    if limit.unit != HOURS and workdays_between(_local(now, due.tzinfo).date(), due.date()) <= NEAR_WORKDAYS:
        return NEAR
    return OK


@dataclass(frozen=True)
class Clock:
    """A limit applied to one step: when it started, its due moment and its flag at ``now``."""

    start: dt.datetime
    limit: Limit
    due: dt.datetime | None
    flag: str
    left: dt.timedelta | None

    @classmethod
    def of(
        cls,
        start: dt.datetime,
        limit: Limit,
        now: dt.datetime,
        pauses: Sequence[Pause] = (),
        done_at: dt.datetime | None = None,
    ) -> Clock:
        """The clock of a step; ``done_at`` when the step was taken (then the flag says
        whether it was taken late: done or past)."""
        due = due_moment(start, limit, pauses)
        if done_at is not None:
            late = due is not None and done_at > due
            return cls(start, limit, due, PAST if late else DONE, None)
        return cls(start, limit, due, flag(start, due, now, limit), None if due is None else due - now)


def working_time_between(start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """The time from ``start`` to ``end`` that falls on working days (holidays and weekends
    left out, make-up workdays counted), in the start's time zone."""
    tz = start.tzinfo
    start, end = _local(start, tz), _local(end, tz)
    if end <= start:
        return dt.timedelta(0)
    total = dt.timedelta(0)
    day = start.date()
    while day <= end.date():
        if is_workday(day):
            day_start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
            day_end = day_start + dt.timedelta(days=1)
            total += min(end, day_end) - max(start, day_start)
        day += dt.timedelta(days=1)
    return total
