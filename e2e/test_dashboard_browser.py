import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from core.tests.people import PASSWORD
from cultivation import actions as cultivation_actions
from dashboard import actions as dashboard_actions
from e2e.conftest import screenshot
from registry import actions as registry_actions

pytestmark = pytest.mark.browser


def test_leadership_opens_the_dashboard_and_downloads_the_annual_report(page: Page, live_server, people, settings):
    # The report is generated through the task queue's immediate backend (see the portfolio
    # browser test).
    year = dt.date.today().year
    dashboard_actions.set_population(actor=None, year=year, population=700_000)
    dashboard_actions.set_target(actor=None, year=year, indicator="trainings", value=2)
    person = registry_actions.add_talent(
        actor=None, name="赵芳", kind="engineer", organisation=people.enterprise.organisation
    )
    training = cultivation_actions.create_training(
        actor=None,
        kind="training",
        title="专利挖掘培训",
        organiser="区局",
        level="district",
        held_on=dt.date(year, 1, 8),
    )
    cultivation_actions.record_participation(actor=None, training=training, talent=person, result="结业")

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "lily")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/dashboard/")
    expect(page.locator("h1")).to_contain_text(f"{year} 年县域知识产权数据看板")
    trainings = page.locator('tr[data-indicator="trainings"]')
    expect(trainings).to_contain_text("未达标")
    expect(page.locator('tr[data-indicator="participants"] td').nth(3)).to_have_text("1")
    expect(page.locator(".charts svg").first).to_be_visible()
    screenshot(page, "dashboard-leadership")

    page.get_by_role("link", name=f"{year} 年度报告（PDF、XLSX）").click()
    expect(page.locator("#report-files")).to_be_visible()
    expect(page.get_by_role("button", name="按当前数据重新生成")).to_have_count(0)
    screenshot(page, "annual-report")
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="下载 PDF").click()
    assert pdf_download.value.path().read_bytes()[:4] == b"%PDF"
    assert pdf_download.value.suggested_filename == f"{year}年度知识产权工作报告.pdf"
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="下载 XLSX").click()
    assert xlsx_download.value.path().read_bytes()[:2] == b"PK"
