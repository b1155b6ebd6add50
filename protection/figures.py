"""The protection figures the county dashboard shows for one calendar year."""

from __future__ import annotations

import datetime as dt
import statistics
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, QuerySet

from accounts.models import District
from protection.choices import CONCLUDED_MEDIATION, MediationStatus, RightKind
from protection.clocks import met_district_goal
from protection.models import Case, Mediation, Transfer

SHANGHAI = ZoneInfo("Asia/Shanghai")
RATE = Decimal("0.0001")
TWO = Decimal("0.01")
# Every status a transfer can have once the head approved it.
_APPROVED_ONWARDS = (
    "approved",
    "sent",
    "accepted",
    "refused",
    "reconsideration",
    "refused_final",
    "procuratorate",
)


def _year(year: int) -> tuple[dt.datetime, dt.datetime]:
    return dt.datetime(year, 1, 1, tzinfo=SHANGHAI), dt.datetime(year + 1, 1, 1, tzinfo=SHANGHAI)


def _rate(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) / Decimal(whole)).quantize(RATE) if whole else None


def _median(values: list[float]) -> Decimal | None:
    return Decimal(str(statistics.median(values))).quantize(TWO) if values else None


def protection_figures(year: int, district: District | None = None) -> dict[str, object]:
    """Figures for the county dashboard for one calendar year (Asia/Shanghai), of one district
    when ``district`` is given: a case and its transfers count in the case's own district (the
    office that keeps it), whatever the complainant's; a mediation in its own district.

    Leads count by the day received, filed cases by the day filed, closed cases by the day
    closed (not filed leads are not closed cases). The closure rate is per cohort: of the cases
    filed in the year, the share closed by now (so it can never pass 100 %, and a year's rate
    rises as its cases close). Transfers count by the day the head approved
    them; of those, the accepted ones give the median hours from proposal to the police's
    acceptance and how many met the district's goal (one working day of working time).
    Mediations of both kinds count by the day they concluded (agreement or failure); success is
    a signed agreement; the duration runs from the application to the conclusion.
    """
    start, end = _year(year)
    cases = Case.objects.all()
    transfers = Transfer.objects.all()
    mediations = Mediation.objects.all()
    if district is not None:
        cases = cases.filter(district=district)
        transfers = transfers.filter(case__district=district)
        mediations = mediations.filter(district=district)
    filed = cases.filter(filed_at__gte=start, filed_at__lt=end)
    cases_filed = filed.count()
    cases_closed = cases.filter(closed_at__gte=start, closed_at__lt=end, filed_at__isnull=False).count()
    cohort_closed = filed.filter(closed_at__isnull=False).count()
    by_right = dict.fromkeys(RightKind.values, 0)
    for row in filed.values("right_kind").annotate(n=Count("pk")):
        by_right[row["right_kind"]] = row["n"]

    transfers = transfers.filter(head_decided_at__gte=start, head_decided_at__lt=end)
    mediations = mediations.filter(concluded_at__gte=start, concluded_at__lt=end)
    return {
        "leads": cases.filter(received_at__gte=start, received_at__lt=end).count(),
        "cases_filed": cases_filed,
        "cases_closed": cases_closed,
        "cases_filed_closed": cohort_closed,
        "closure_rate": _rate(cohort_closed, cases_filed),
        "cases_by_right": by_right,
        **transfer_stats(transfers),
        **mediation_stats(mediations),
    }


def transfer_stats(transfers: QuerySet[Transfer]) -> dict[str, object]:
    """Of the transfers the head approved: how many, how many the police accepted, the median
    hours from proposal to acceptance and how many met the district's one-working-day goal."""
    approved = list(transfers.filter(status__in=_APPROVED_ONWARDS).only("proposed_at", "accepted_at"))
    accepted = [t for t in approved if t.accepted_at is not None]
    hours = [(t.accepted_at - t.proposed_at).total_seconds() / 3600 for t in accepted]  # type: ignore[operator]  # accepted keeps the transfers with both moments
    return {
        "transfers": len(approved),
        "transfers_accepted": len(accepted),
        "transfer_median_hours": _median(hours),
        "transfers_within_one_workday": sum(1 for t in accepted if met_district_goal(t)),
    }


def mediation_stats(mediations: QuerySet[Mediation]) -> dict[str, object]:
    """Of the concluded mediations (agreement or failure): how many, how many ended in a signed
    agreement, the success rate and the median days from application to conclusion."""
    concluded = list(mediations.filter(status__in=CONCLUDED_MEDIATION).only("status", "applied_at", "concluded_at"))
    succeeded = [
        m
        for m in concluded
        if m.status
        in (
            MediationStatus.AGREED,
            MediationStatus.CONFIRMATION,
            MediationStatus.CONFIRMED,
            MediationStatus.CONFIRMATION_REFUSED,
        )
    ]
    days = [(m.concluded_at - m.applied_at).total_seconds() / 86400 for m in concluded]  # type: ignore[operator]  # a concluded mediation has both moments
    return {
        "mediations": len(concluded),
        "mediations_succeeded": len(succeeded),
        "mediation_success_rate": _rate(len(succeeded), len(concluded)),
        "mediation_median_days": _median(days),
    }
