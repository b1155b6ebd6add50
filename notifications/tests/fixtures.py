"""The rights every notifications test uses, dated around TODAY (Monday 2 March 2026)."""

from __future__ import annotations

import datetime as dt

from portfolio import actions as portfolio_actions
from portfolio.tests.factories import numbered

TODAY = dt.date(2026, 3, 2)


def make_rights(case) -> None:
    owner, other = case.enterprise, case.other_enterprise
    add = portfolio_actions.add_patent
    # Filed 2020-04-10, paid to year 6: year 7's annuity is due 2026-04-10 (a Friday), 39 days on.
    case.due_patent = add(
        actor=None, application_number=numbered(11), owners=[owner], title="一种涂布装置",
        filing_date="2020-04-10", grant_date="2022-05-01", status="granted", annuity_paid_year=6,
    )  # fmt: skip
    # Year 7 was due 2025-09-15; the grace ends 2026-03-15, a Sunday: 2026-03-16. A foreign family
    # member granted abroad makes it a high-value invention patent, so the office is alerted too.
    case.grace_patent = add(
        actor=None, application_number=numbered(12, 2019), owners=[owner], title="一种烘干设备",
        filing_date="2019-09-15", grant_date="2021-05-01", status="granted", annuity_paid_year=6,
        has_foreign_family=True, foreign_family_granted=True,
    )  # fmt: skip
    # Year 8 was due 2025-07-20 (a Sunday: 07-21); the grace ended 2026-01-21 unpaid.
    case.lapsed_patent = add(
        actor=None, application_number=numbered(13, 2018), owners=[owner], title="一种包装机",
        filing_date="2018-07-20", grant_date="2020-05-01", status="granted", annuity_paid_year=7,
    )  # fmt: skip
    # Year 9 was due 2025-08-10 (a Sunday: 08-11); the grace ended 2026-02-11: lapsed last month.
    case.february_patent = add(
        actor=None, application_number=numbered(14, 2017), owners=[owner], title="一种灌装阀",
        filing_date="2017-08-10", grant_date="2019-05-01", status="granted", annuity_paid_year=8,
    )  # fmt: skip
    # The other enterprise's patent, due the same month: never shown to Bob's people.
    case.foreign_patent = add(
        actor=None, application_number=numbered(15), owners=[other], title="外企的专利",
        filing_date="2020-04-12", grant_date="2022-05-01", status="granted", annuity_paid_year=6,
    )  # fmt: skip
    mark = portfolio_actions.add_trademark
    # Registered 2016-08-14, expires 2026-08-13: the renewal window opened 2025-08-14.
    case.renewal_mark = mark(
        actor=None, number="71000001", mark_text="芝罘湾", owner=owner, groups=["3301"],
        filing_date="2015-08-01", registration_date="2016-08-14", status="registered",
    )  # fmt: skip
    # A well-known mark expired 2025-10-15 unrenewed: its grace ends 2026-04-15, within 60 days.
    case.well_known_mark = mark(
        actor=None, number="71000002", mark_text="张裕湾", owner=owner, groups=["3301"],
        filing_date="2014-08-01", registration_date="2015-10-16", status="registered", is_well_known=True,
    )  # fmt: skip
    # Expired 2025-08-20, grace ended 2026-02-20: lapsed last month.
    case.february_mark = mark(
        actor=None, number="71000003", mark_text="烟台湾", owner=owner, groups=["3301"],
        filing_date="2014-08-01", registration_date="2015-08-21", status="registered",
    )  # fmt: skip
