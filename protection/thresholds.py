"""Whether a case's figures meet a criminal threshold in force on the day of its facts.

A case is measured by the thresholds in force on the day its facts occurred (``Case.facts_on``;
empty: the day the lead was received), so a case whose facts predate 法释〔2025〕5号 (in force
2025-04-26) is measured by the 2010 standard (立案追诉标准（二）)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from protection.choices import Measure
from protection.models import Case, CriminalThreshold


def in_force(on: dt.date):
    return CriminalThreshold.objects.filter(
        Q(effective_from__lte=on) & (Q(effective_to__isnull=True) | Q(effective_to__gte=on))
    )


def facts_day(case: Case) -> dt.date:
    """The day the case's facts occurred, or failing that the day its lead was received."""
    if case.facts_on:
        return case.facts_on
    return timezone.localdate(case.received_at)


def figure_of(case: Case, measure: str) -> Decimal:
    """The case's figure a threshold of this measure compares. For a seller the illegal business
    volume is the sales amount (the figure the office records for both)."""
    if measure in (Measure.BUSINESS_VOLUME, Measure.SALES_AMOUNT):
        return case.business_volume
    if measure == Measure.ILLEGAL_GAIN:
        return case.illegal_gain
    if measure == Measure.SALES_AND_UNSOLD:
        return case.business_volume + case.unsold_value
    if measure == Measure.LABEL_COUNT:
        return Decimal(case.labels_count)
    if measure == Measure.COPY_COUNT:
        return Decimal(case.copies_count)
    raise ValueError(f"unknown measure {measure!r}")


def punished_within(case: Case, years: int, facts: dt.date) -> bool:
    """The party was punished for such an act within ``years`` years before the facts (二年内
    … 受过刑事处罚或者行政处罚后再次实施)."""
    prior = case.prior_punishment_on
    if prior is None or prior > facts:
        return False
    try:
        limit = prior.replace(year=prior.year + years)
    except ValueError:  # 29 February: the year's last day of February
        limit = prior.replace(year=prior.year + years, day=28)
    return facts <= limit


def thresholds_met(case: Case, on: dt.date | None = None) -> list[CriminalThreshold]:
    """The thresholds in force on the day of the case's facts (or ``on``) for its offence that its
    figures reach: the lower figures for two or more marks apply when the case counts that many
    marks, a repeat threshold only when the party was punished within its years before."""
    day = on or facts_day(case)
    met = []
    for row in in_force(day).filter(offence=case.offence, min_marks__lte=case.marks_count):
        if row.repeat_within_years and not punished_within(case, row.repeat_within_years, day):
            continue
        if figure_of(case, row.measure) >= row.amount:
            met.append(row)
    return met
