"""Every change to the district figures the dashboard divides or compares by."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.trail import record, snapshot
from core.actions import require
from dashboard.models import DistrictPopulation
from dashboard.permissions import can_set_district_figures


@transaction.atomic
def set_population(*, actor, year: int, population: int, source: str = "", is_demo: bool = False) -> DistrictPopulation:  # type: ignore[no-untyped-def]
    """Enter or correct the district's population for a year."""
    require(can_set_district_figures(actor))
    if population <= 0:
        raise ValidationError({"population": _("The population is a positive number of people.")})
    row = DistrictPopulation.objects.select_for_update().filter(year=year).first()
    before = snapshot(row) if row else None
    row = row or DistrictPopulation(year=year)
    row.population, row.source, row.is_demo = population, source, is_demo
    row.full_clean()
    row.save()
    record(actor=actor, action="dashboard.population", obj=row, before=before, after=snapshot(row))
    return row
