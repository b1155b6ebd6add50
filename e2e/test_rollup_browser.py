"""The city bureau compares its districts, sorts by an indicator and opens a county's trend; the
county office sees its rank among the city's districts on its own dashboard."""

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from accounts import actions as account_actions
from accounts.choices import OrganisationKind, Role
from accounts.models import District
from core.tests.people import new_uscc
from dashboard import actions as dashboard_actions
from dashboard.choices import Indicator as I
from e2e.conftest import as_user, screenshots, zh
from portfolio.choices import PatentStatus, PatentType
from portfolio.models import Patent
from registry import actions as registry_actions

pytestmark = pytest.mark.browser
LAST_YEAR = dt.date.today().year - 1


def _patents(owner, start: int, count: int) -> None:
    for n in range(start, start + count):
        patent = Patent.objects.create(
            application_number=f"20191{n:07d}",
            patent_type=PatentType.INVENTION,
            title=f"发明 {n}",
            filing_date=dt.date(2019, 1, 1),
            grant_date=dt.date(2021, 1, 1),
            status=PatentStatus.GRANTED,
        )
        patent.owners.add(owner)


def test_the_bureau_ranks_its_districts_and_the_office_sees_its_place(page: Page, live_server, people):
    home, fushan = District.default(), District.of_code("370611")
    firm = registry_actions.register_enterprise(actor=None, name="福山演示企业", uscc=new_uscc(31), district=fushan)
    _patents(people.enterprise, 1, 2)
    _patents(firm, 10, 5)
    for district, population in ((home, 20_000), (fushan, 100_000)):
        registry_actions.set_population(actor=None, year=LAST_YEAR, population=population, district=district)
    dashboard_actions.set_target(
        actor=None, year=LAST_YEAR, indicator=I.VALID_INVENTION_PATENTS, value=Decimal(4), district=fushan
    )
    bureau = account_actions.create_organisation(
        actor=None, name="烟台市知识产权局", kind=OrganisationKind.BUREAU, districts=[home, fushan]
    )
    people.person(bureau, "yantai", Role.LEADERSHIP)

    as_user(page, live_server.url, "yantai")
    page.goto(f"{live_server.url}/dashboard/rollup/?year={LAST_YEAR}")
    expect(page.locator("h1")).to_contain_text(zh("Districts compared %(year)s") % {"year": LAST_YEAR})
    rows = page.locator("#rollup tbody tr")
    # by inventions per 10,000 people 芝罘 (1.00) leads 福山 (0.50)
    expect(rows.first).to_have_attribute("data-district", "370602")
    page.locator(f"th[data-indicator='{I.VALID_INVENTION_PATENTS}'] a").click()
    expect(rows.first).to_have_attribute("data-district", "370611")
    expect(rows.first.locator(f"td[data-indicator='{I.VALID_INVENTION_PATENTS}'] .tag.ok")).to_have_count(1)
    expect(rows.first.locator("svg.sparkline").first).to_be_visible()
    screenshots(page, "rollup-bureau")
    rows.first.locator("a.district-link").click()
    expect(page.locator("h1")).to_contain_text("福山区")
    expect(page.locator("#district-trend")).to_contain_text(str(zh(I.VALID_INVENTION_PATENTS.label)))
    screenshots(page, "rollup-district")

    as_user(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/dashboard/?year={LAST_YEAR}")
    standing = page.locator("#standing")
    expect(standing).to_contain_text(zh("rank %(k)s of %(n)s") % {"k": 2, "n": 2})
    screenshots(page, "dashboard-standing")
    page.locator("#standing-link").click()
    expect(page.locator("#rollup tbody tr.own")).to_have_attribute("data-district", "370602")
