"""The county dashboard's figures over the API, for the office and the county leadership."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema

from accounts.districts import home_district
from core.actions import check_year
from core.permissions import require
from dashboard.figures import build_dashboard
from dashboard.permissions import can_read_dashboard

router = Router(tags=["dashboard"])


class DashboardIndicatorOut(Schema):
    section: str
    code: str
    label: str
    years: list[int]
    values: list[Decimal | int | None]
    target: Decimal | None
    reached: bool | None


class DashboardOut(Schema):
    year: int
    population: int | None
    indicators: list[DashboardIndicatorOut]


@router.get("/dashboard/{year}", response=DashboardOut)
def get_dashboard(request: HttpRequest, year: int) -> DashboardOut:
    """Every indicator of ``year`` with the two years before it and the year's target."""
    require(can_read_dashboard(request.user))
    check_year(year)
    board = build_dashboard(year, home_district(request.user))
    return DashboardOut(
        year=year,
        population=board.population,
        indicators=[
            DashboardIndicatorOut(
                section=section,
                code=row.code,
                label=row.label,
                years=board.years,
                values=row.values,
                target=row.target,
                reached=row.reached,
            )
            for section, rows in board.sections
            for row in rows
        ],
    )
