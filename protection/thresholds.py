"""Whether a case's figures meet a criminal threshold in force on a day."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from protection.choices import Measure
from protection.models import Case, CriminalThreshold


def in_force(on: dt.date):
    return CriminalThreshold.objects.filter(
        Q(effective_from__lte=on) & (Q(effective_to__isnull=True) | Q(effective_to__gte=on))
    )


def thresholds_met(case: Case, on: dt.date) -> list[CriminalThreshold]:
    """The thresholds in force on ``on`` for the case's offence that its figures reach (the
    lower figures for two or more marks apply when the case counts that many marks)."""
    met = []
    for row in in_force(on).filter(offence=case.offence, min_marks__lte=case.marks_count):
        figure = case.business_volume if row.measure == Measure.BUSINESS_VOLUME else case.illegal_gain
        if figure >= row.amount:
            met.append(row)
    return met
