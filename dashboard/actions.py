"""Every change to the district targets the dashboard compares by, and to its annual reports
(the population it divides by is the registry's: registry.actions.set_population)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import District
from audit.trail import record, snapshot
from core.actions import require
from dashboard.models import AnnualReport, DistrictTarget
from dashboard.permissions import can_read_dashboard, can_set_district_figures

MIN_REPORT_YEAR = 2000


@transaction.atomic
def set_target(
    *, actor, year: int, indicator: str, value: Decimal, is_demo: bool = False, district: District | None = None
) -> DistrictTarget:
    """Set or correct a district's target (the default district's if None) for one indicator
    in one year."""
    require(can_set_district_figures(actor))
    if value is None or value < 0:
        raise ValidationError({"value": _("A target is zero or more.")})
    district = district or District.default()
    row = DistrictTarget.objects.select_for_update().filter(district=district, year=year, indicator=indicator).first()
    before = snapshot(row) if row else None
    row = row or DistrictTarget(district=district, year=year, indicator=indicator)
    row.value, row.is_demo = Decimal(value), is_demo
    row.full_clean(validate_constraints=False)
    row.save()
    record(actor=actor, action="dashboard.target", obj=row, before=before, after=snapshot(row))
    return row


@transaction.atomic
def request_report(*, actor, year: int, district: District | None = None) -> AnnualReport:
    """Queue the annual report for a year (it is generated in the background by
    dashboard.report). Asking for a report reads the data and changes none of it, so the
    county leadership may ask too."""
    require(can_read_dashboard(actor))
    if not MIN_REPORT_YEAR <= year <= timezone.localdate().year:
        raise ValidationError({"year": _("Choose a year from %(first)d to this year.") % {"first": MIN_REPORT_YEAR}})
    report = AnnualReport.objects.create(
        district=district or District.default(), year=year, requested_by=actor if actor and actor.pk else None
    )
    record(actor=actor, action="dashboard.report_request", obj=report, after=snapshot(report))
    return report
