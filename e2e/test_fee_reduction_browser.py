"""The enterprise's manager sees the annuity's amount on the deadlines page, records the
patent's fee reduction (费减备案; a missing date is refused with what was typed kept) and sees
the reduced amount, with the rules it comes from on hover, there and on the patent's page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import log_in, menu, screenshots
from portfolio import actions as portfolio_actions
from portfolio.models import FeeReduction, add_years
from portfolio.tests.factories import numbered

pytestmark = pytest.mark.browser


def test_the_manager_records_a_fee_reduction_and_sees_the_reduced_annuity(page: Page, live_server, people):
    # Bob's invention granted in year 3, paid to year 6: year 7's annuity (2,000 yuan) falls due
    # 40 days from today, within the 10 years from grant the reduction covers.
    today = timezone.localdate()
    filed = add_years(today + dt.timedelta(days=40), -6)
    patent = portfolio_actions.add_patent(
        actor=None, application_number=numbered(31), owners=[people.enterprise], title="一种涂布装置",
        filing_date=filed.isoformat(), grant_date=add_years(filed, 2).isoformat(), status="granted",
        annuity_paid_year=6,
    )  # fmt: skip
    log_in(page, live_server.url, "bob")
    menu(page, "企业与权利", "期限与导出")
    row = page.locator("table tbody tr", has_text="年费到期（第7年度）").filter(has_text="一种涂布装置")
    expect(row).to_contain_text("年费 ¥2000")
    expect(row).not_to_contain_text("费减后")

    row.get_by_role("link", name="费减").click()
    page.select_option("#id_share", "single")
    page.fill("#id_reference", "FJ2026-001")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#id_approved_on_error")).to_be_visible()
    expect(page.locator("#id_reference")).to_have_value("FJ2026-001")
    screenshots(page, "fees-reduction-form")
    page.fill("#id_approved_on", (today - dt.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("费减")

    row = page.locator("table tbody tr", has_text="年费到期（第7年度）").filter(has_text="一种涂布装置")
    amount = row.locator(".fee")
    expect(amount).to_have_text("年费 ¥2000（费减后 ¥300）")
    assert "财税〔2019〕45号" in (amount.get_attribute("title") or "")
    screenshots(page, "fees-deadlines")

    row.get_by_role("link", name="一种涂布装置").click()
    expect(page.locator("dl.facts")).to_contain_text("年费 ¥2000（费减后 ¥300）")
    expect(page.locator("dl.facts")).to_contain_text("FJ2026-001")
    screenshots(page, "fees-patent")
    assert FeeReduction.objects.get(patent=patent).share == "single"
