"""The words, charts and narrow screens of issue 17, as a person sees them in Chromium: the audit
trail in Chinese with people's names and "field: old → new"; at 390 px a wide table scrolls inside
its box while the page stays put; the dashboard's charts and the annual report PDF (saved as PNG
pages under test-artifacts/ to be looked at)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from decimal import Decimal

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from accounts.models import User
from core.tests.people import PASSWORD
from dashboard import actions as dashboard_actions
from e2e.conftest import ARTIFACTS, log_in, screenshot
from registry import actions as registry_actions

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}


def page_scrolls_sideways(page: Page) -> bool:
    return bool(page.evaluate("document.scrollingElement.scrollWidth > window.innerWidth + 1"))


def test_the_audit_trail_reads_in_words_and_scrolls_in_its_box_on_a_phone(page: Page, live_server, people):
    User.objects.filter(pk=people.clerk.pk).update(first_name="王芳")
    clerk = User.objects.get(pk=people.clerk.pk)
    registry_actions.update_enterprise(actor=clerk, enterprise=people.enterprise, industry="医药制造业")

    log_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/audit/")
    row = page.locator("tbody tr", has_text="修改企业信息")
    expect(row).to_contain_text("修改企业信息")
    expect(row).to_contain_text("王芳")
    expect(row).to_contain_text("行业: — → 医药制造业")
    expect(page.locator("main")).not_to_contain_text("enterprise.update")
    screenshot(page, "audit-trail")

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/audit/")
    assert not page_scrolls_sideways(page)
    screenshot(page, "audit-trail-390")

    # A list wider than the phone: the table is its own scrolling box, the page does not move.
    page.goto(f"{live_server.url}/registry/enterprises/")
    table = page.locator("main table").first
    assert table.evaluate("el => el.scrollWidth > el.clientWidth"), "the list fits a phone: pick a wider one"
    assert not page_scrolls_sideways(page)
    screenshot(page, "enterprise-list-390")


def test_the_dashboard_charts_and_the_annual_report_pdf_are_legible(page: Page, live_server, job_worker, people):
    year = dt.date.today().year
    registry_actions.set_population(actor=None, year=year, population=700_000)
    dashboard_actions.set_target(actor=None, year=year, indicator="trainings", value=Decimal(2))

    # The county leadership lands on the dashboard, not the home page.
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "lily")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/dashboard/")
    # An indicator that is zero in every year is said in words, not drawn on a 0–1 axis.
    expect(page.locator(".chart-empty").first).to_contain_text("暂无数据")
    expect(page.locator(".charts svg").first).to_be_visible()
    screenshot(page, "dashboard-charts")

    page.get_by_role("button", name=f"{year} 年度报告（PDF、XLSX）").click()
    expect(page.locator("#report-files")).to_be_visible(timeout=60_000)
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="下载 PDF").click()
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "annual-report.pdf"
    pdf.write_bytes(pdf_download.value.path().read_bytes())
    pdftoppm = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"
    subprocess.run([pdftoppm, "-r", "60", "-png", str(pdf), str(ARTIFACTS / "annual-report")], check=True)  # noqa: S603
    assert sorted(ARTIFACTS.glob("annual-report-*.png"))
