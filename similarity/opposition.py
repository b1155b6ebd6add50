"""The opposition window of an outside mark found by the watch: while it runs, the office (or
the protected mark's holder) can still oppose the mark before it is registered; after it, only
an invalidation remains.

商标法 art. 33 (rule ``portfolio.trademark_opposition_period``): three months from the
preliminary-approval publication (初审公告). Counted as 商标法实施条例 art. 12 says: the
publication day itself is not counted, the period ends on the corresponding day of its last
month (that month's last day when it has none), and an end on a holiday moves to the first
working day after it. Holidays and make-up working days come from ``workdays`` (the State
Council's announced arrangements; weekends count as rest days, as 节假日 is read in practice).
After the window: 商标法 art. 45 para. 1 (rule ``portfolio.trademark_invalidation_relative``),
invalidation on relative grounds within five years from registration.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

import rules
import workdays
from portfolio.models import add_months
from rules.store import RuleMissing

OPPOSITION_RULE = "portfolio.trademark_opposition_period"
INVALIDATION_RULE = "portfolio.trademark_invalidation_relative"


@dataclass(frozen=True)
class OppositionWindow:
    publication_date: dt.date
    last_day: dt.date
    today: dt.date
    provisional: bool  # the last day's year has no announced holiday arrangement yet

    @property
    def is_open(self) -> bool:
        return self.today <= self.last_day

    @property
    def days_left(self) -> int:
        return (self.last_day - self.today).days


def last_day_to_oppose(publication_date: dt.date) -> dt.date:
    """The last day an opposition may be filed against a mark published on ``publication_date``."""
    months = int(rules.value(OPPOSITION_RULE, on=publication_date)["amount"])
    return workdays.next_workday(add_months(publication_date, months))


def window(publication_date: dt.date | None, today: dt.date | None = None) -> OppositionWindow | None:
    """The opposition window of a mark published on ``publication_date``; None without a date,
    or for a date before the first version of the rule (the store holds no older text)."""
    if publication_date is None:
        return None
    try:
        last = last_day_to_oppose(publication_date)
    except RuleMissing:
        return None
    return OppositionWindow(
        publication_date=publication_date,
        last_day=last,
        today=today or timezone.localdate(),
        provisional=not workdays.is_announced(last),
    )


def invalidation_years() -> int:
    return int(rules.value(INVALIDATION_RULE)["amount"])
