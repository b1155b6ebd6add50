"""Chinese working days: a pure package (no Django) over chinese-calendar.

Public holidays and make-up workdays come from chinese-calendar, which covers the years the
State Council has announced. For a year not yet announced, a day counts as a working day
when it is Monday to Friday, and ``is_announced`` says so, so callers can show that a
deadline is provisional.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import chinese_calendar

__all__ = ["add_workdays", "is_announced", "is_workday", "next_workday", "workdays_between"]


def is_announced(day: dt.date) -> bool:
    """Whether the holiday arrangement of this day's year is known."""
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


@lru_cache(maxsize=8192)
def is_workday(day: dt.date) -> bool:
    # Cached: chinese-calendar looks each day up afresh, and deadlines ask about the same days
    # over and over.
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def next_workday(day: dt.date) -> dt.date:
    """The day itself when it is a working day, else the first working day after it."""
    while not is_workday(day):
        day += dt.timedelta(days=1)
    return day


def add_workdays(start: dt.date, n: int) -> dt.date:
    """The n-th working day after ``start`` (n ≥ 0; n = 0 gives ``start`` moved to a working day).
    A limit of "5 working days from the 1st" ends on add_workdays(1st, 5)."""
    if n < 0:
        raise ValueError("n must not be negative")
    if n == 0:
        return next_workday(start)
    day, left = start, n
    while left:
        day += dt.timedelta(days=1)
        if is_workday(day):
            left -= 1
    return day


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is
    before ``start`` (then it is minus the working days after ``end`` up to ``start``)."""
    if end < start:
        return -workdays_between(end, start)
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if is_workday(day):
            count += 1
    return count
