"""The protection figures recomputed from the raw rows for the dashboard's tests: the
definitions restated in plain Python, nothing shared with dashboard.figures or
protection.figures (only the working-day calendar itself, which is reference data)."""

from __future__ import annotations

import datetime as dt
import statistics
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.db import connection

from dashboard.choices import Indicator as I
from workdays import is_workday

SHANGHAI = ZoneInfo("Asia/Shanghai")
CENT = Decimal("0.01")
APPROVED_ONWARDS = ("approved", "sent", "accepted", "refused", "reconsideration", "refused_final", "procuratorate")


def moment(value) -> dt.datetime | None:
    """SQLite hands back UTC text, PostgreSQL aware datetimes."""
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        value = dt.datetime.fromisoformat(str(value))
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def in_year(value: dt.datetime | None, year: int) -> bool:
    return value is not None and value.astimezone(SHANGHAI).year == year


def pct(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) * 100 / whole).quantize(CENT, rounding=ROUND_HALF_UP) if whole else None


def hours_on_working_days(start: dt.datetime, end: dt.datetime) -> float:
    """Hour by hour, in Shanghai time: the hours that fall on working days."""
    start, end = start.astimezone(SHANGHAI), end.astimezone(SHANGHAI)
    total, cursor = 0.0, start
    while cursor < end:
        step = min(end, cursor + dt.timedelta(hours=1))
        if is_workday(cursor.date()) and step.date() == cursor.date():
            total += (step - cursor).total_seconds() / 3600
        elif step.date() != cursor.date():
            midnight = dt.datetime.combine(step.date(), dt.time(0), tzinfo=SHANGHAI)
            if is_workday(cursor.date()):
                total += (midnight - cursor).total_seconds() / 3600
            if is_workday(step.date()):
                total += (step - midnight).total_seconds() / 3600
        cursor = step
    return total


def protection(year: int) -> dict[str, object]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT received_at, filed_at, closed_at FROM protection_case")
        cases = [tuple(moment(v) for v in row) for row in cursor.fetchall()]
        cursor.execute("SELECT status, head_decided_at, proposed_at, accepted_at FROM protection_transfer")
        transfers = [(row[0], *(moment(v) for v in row[1:])) for row in cursor.fetchall()]
        cursor.execute("SELECT status, concluded_at FROM protection_mediation")
        mediations = [(row[0], moment(row[1])) for row in cursor.fetchall()]
    filed = sum(1 for _r, f, _c in cases if in_year(f, year))
    closed = sum(1 for _r, f, c in cases if f is not None and in_year(c, year))
    approved = [t for t in transfers if in_year(t[1], year) and t[0] in APPROVED_ONWARDS]
    accepted = [t for t in approved if t[3] is not None]
    hours = [(t[3] - t[2]).total_seconds() / 3600 for t in accepted]
    concluded = [
        m
        for m in mediations
        if m[0] in ("agreed", "failed", "confirmation", "confirmed", "court_refused") and in_year(m[1], year)
    ]
    agreed = sum(1 for m in concluded if m[0] in ("agreed", "confirmation", "confirmed", "court_refused"))
    return {
        I.LEADS: sum(1 for r, _f, _c in cases if in_year(r, year)),
        I.CASES_FILED: filed,
        I.CASES_CLOSED: closed,
        I.CLOSURE_RATE: pct(sum(1 for _r, f, c in cases if in_year(f, year) and c is not None), filed),
        I.TRANSFERS: len(approved),
        I.TRANSFERS_WITHIN_ONE_WORKDAY: sum(1 for t in accepted if hours_on_working_days(t[2], t[3]) <= 24),
        I.TRANSFER_MEDIAN_HOURS: Decimal(str(statistics.median(hours))).quantize(CENT) if hours else None,
        I.MEDIATIONS: len(concluded),
        I.MEDIATION_SUCCESS_RATE: pct(agreed, len(concluded)),
    }
