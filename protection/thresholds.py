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


def _met_on(case: Case, version_day: dt.date, facts: dt.date) -> tuple[bool, list[CriminalThreshold]]:
    """Whether the case's offence has thresholds in force on ``version_day``, and those its
    figures reach (a repeat is counted from the punishment to the day of the facts)."""
    rows = list(in_force(version_day).filter(offence=case.offence))
    met = []
    for row in rows:
        if row.min_marks > case.marks_count:
            continue
        if row.repeat_within_years and not punished_within(case, row.repeat_within_years, facts):
            continue
        if figure_of(case, row.measure) >= row.amount:
            met.append(row)
    return bool(rows), met


def thresholds_met(case: Case, on: dt.date | None = None, today: dt.date | None = None) -> list[CriminalThreshold]:
    """The thresholds in force on the day of the case's facts (or ``on``) for its offence that its
    figures reach: the lower figures for two or more marks apply when the case counts that many
    marks, a repeat threshold only when the party was punished within its years before.

    With ``today`` (the day the office decides), facts before a later version are measured by the
    version of their day, but the later one applies where it favours the party (高检发释字〔2001〕5号
    《关于适用刑事司法解释时间效力问题的规定》 art. 3: 依照行为时的司法解释办理，但适用新的司法解释对
    犯罪嫌疑人、被告人有利的，适用新的司法解释): figures that the version in force today no longer
    counts as a crime meet no threshold (an offence with no figures today keeps the old ones)."""
    day = on or facts_day(case)
    _, met = _met_on(case, day, day)
    if met and today is not None and today > day:
        has_rows_today, met_today = _met_on(case, today, day)
        if has_rows_today and not met_today:
            return []
    return met
