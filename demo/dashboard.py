"""Demo figures for the dashboard: the district's population per year (a round demo number,
not the statistical yearbook's), this year's targets set a little above last year's actual
figures, and a county-leadership log-in."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from accounts import actions as account_actions
from accounts.choices import OrganisationKind, Role
from accounts.models import Organisation, User
from dashboard import actions
from dashboard.choices import Indicator
from dashboard.figures import year_figures
from demo import DEMO_PASSWORD
from registry import actions as registry_actions

DEMO_POPULATION = 700_000  # a demo figure, not the yearbook's
# Indicators the demo sets targets for: last year's figure times this factor.
TARGET_GROWTH = {
    Indicator.VALID_INVENTION_PATENTS: Decimal("1.10"),
    Indicator.INVENTION_PER_10K: Decimal("1.10"),
    Indicator.PCT_APPLICATIONS: Decimal("1.20"),
    Indicator.VALID_TRADEMARKS: Decimal("1.08"),
    Indicator.WELL_KNOWN_MARKS: Decimal("1.00"),
    Indicator.PLEDGE_AMOUNT: Decimal("1.15"),
    Indicator.PLEDGE_ENTERPRISES: Decimal("1.15"),
    Indicator.TRAININGS: Decimal("1.00"),
    Indicator.PARTICIPANTS: Decimal("1.10"),
}


def seed_dashboard(today: dt.date | None = None) -> dict[str, int]:
    today = today or dt.date.today()
    for offset, year in enumerate(range(today.year - 5, today.year + 1)):
        registry_actions.set_population(
            actor=None,
            year=year,
            population=DEMO_POPULATION + 1_500 * offset,
            source="演示数据（非统计年鉴数字）",
            is_demo=True,
        )
    last_year = year_figures(today.year - 1)
    targets = 0
    for code, growth in TARGET_GROWTH.items():
        base = last_year.get(code)
        if base is None:
            continue
        value = (Decimal(base) * growth).quantize(
            Decimal("1") if code != Indicator.INVENTION_PER_10K else Decimal("0.01"), ROUND_HALF_UP
        )
        actions.set_target(actor=None, year=today.year, indicator=code, value=value, is_demo=True)
        targets += 1
    office = Organisation.objects.filter(kind=OrganisationKind.OFFICE).order_by("pk").first()
    if office and not User.objects.filter(username="leadership").exists():
        account_actions.create_user(
            actor=None,
            organisation=office,
            username="leadership",
            password=DEMO_PASSWORD,
            role=Role.LEADERSHIP,
            full_name="区领导 陈光（演示）",
        )
    return {"targets": targets}
