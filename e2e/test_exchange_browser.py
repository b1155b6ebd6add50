"""Issue 20 walked through in the browser: a university lists a patent with an open licence,
an enterprise posts a need, the office sees the pair on the match board with its reasons,
arranges a meeting and opens the deal, the contract is signed and the licence recorded with
CNIPA; the enterprise's patent list shows the licence and the dashboard counts it."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import FilePayload, Page, expect

from accounts import actions as account_actions
from accounts.choices import OrganisationKind, Role
from core.tests.people import PASSWORD
from e2e.conftest import as_user, menu, screenshots
from portfolio.numbers import check_character
from refdata.loading import ensure_loaded

pytestmark = pytest.mark.browser


def test_a_university_open_licence_meets_an_enterprise_need_and_the_licence_is_recorded(
    page: Page, live_server, people
):
    ensure_loaded()
    university = account_actions.create_organisation(actor=None, name="烟台演示大学", kind=OrganisationKind.UNIVERSITY)
    account_actions.create_user(
        actor=None, organisation=university, username="uma", password=PASSWORD, role=Role.MEMBER
    )
    base = live_server.url
    today = dt.date.today()
    number = "202110000001"

    as_user(page, base, "uma")
    menu(page, "转化运用", "挂牌专利")
    page.get_by_role("link", name="发布专利").click()
    page.fill("#id_application_number", f"{number}.{check_character(number)}")
    page.fill("#id_title", "一种锂电池正极材料及其制备方法")
    page.fill("#id_abstract", "本发明公开了一种高镍锂电池正极材料，提高循环寿命和热稳定性。")
    page.fill("#id_ipc_codes", "H01M 4/525")
    page.fill("#id_filing_date", "2021-03-01")
    page.fill("#id_grant_date", "2023-05-09")
    page.fill("#id_claims_count", "8")
    page.select_option("#id_mode", "open_licence")
    page.fill("#id_royalty_rate", "3")
    page.fill("#id_licence_years", "3")
    page.fill("#id_published_on", "2025-02-01")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#mode")).to_have_text("开放许可")
    expect(page.locator("#value-score")).to_contain_text("/ 100")
    screenshots(page, "exchange-offer")

    as_user(page, base, "bob")
    menu(page, "转化运用", "技术需求")
    page.get_by_role("link", name="发布技术需求").click()
    page.fill("#id_title", "提高储能电池循环寿命")
    page.fill("#id_description", "我们生产储能电池，正极材料的循环寿命不够，希望找到锂电池正极材料的技术。")
    page.fill("#id_ipc_codes", "H01M")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#matches")).to_contain_text("一种锂电池正极材料及其制备方法")

    as_user(page, base, "alice")
    menu(page, "转化运用", "供需匹配看板")
    row = page.locator("#board tbody tr", has_text="提高储能电池循环寿命")
    expect(row).to_contain_text("一种锂电池正极材料及其制备方法")
    expect(row).to_contain_text("锂电池")  # the shared words
    expect(row).to_contain_text("H01M")  # the IPC subclass the need names
    screenshots(page, "exchange-board")
    row.locator("input[name=meeting_at]").fill(f"{today + dt.timedelta(days=3):%Y-%m-%d}T09:30")
    row.locator("input[name=place]").fill("区市场监管局三楼")
    row.get_by_role("button", name="安排对接会").click()
    expect(page.locator(".messages .success")).to_have_count(1)
    page.locator("#board tbody tr", has_text="提高储能电池循环寿命").get_by_role("link", name="发起交易").click()
    page.select_option("#id_kind", "open")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#deal-status")).to_have_text("洽谈中")
    sign = page.locator("#step-signed")
    signed_pdf: FilePayload = {
        "name": "contract.pdf",
        "mimeType": "application/pdf",
        "buffer": b"%PDF-1.4\n% licence contract\n",
    }
    sign.locator("input[name=contract]").set_input_files(files=[signed_pdf])
    sign.locator("input[name=signed_on]").fill(f"{today:%Y-%m-%d}")
    sign.get_by_role("button", name="合同已签订").click()
    expect(page.locator("#deal-status")).to_have_text("合同已签订")
    register = page.locator("#step-registered")
    register.locator("input[name=cnipa_number]").fill("X2026370000123")
    register.locator("input[name=registered_on]").fill(f"{today:%Y-%m-%d}")
    register.get_by_role("button", name="已在国知局登记备案").click()
    expect(page.locator("#deal-status")).to_have_text("已在国知局登记备案")
    expect(page.locator("#cnipa")).to_contain_text("X2026370000123")
    screenshots(page, "exchange-deal")

    as_user(page, base, "bob")
    menu(page, "企业与权利", "专利")
    expect(page.locator("#licences")).to_contain_text("X2026370000123")
    expect(page.locator("#licences")).to_contain_text("烟台演示大学")
    screenshots(page, "exchange-portfolio-licence")

    as_user(page, base, "alice")
    page.goto(f"{base}/dashboard/?year={today.year}")
    expect(page.locator("#section-exchange")).to_have_text("知识产权运用：专利转让与许可")
    this_year = page.locator("#table-exchange tr[data-indicator=patent_licences] td.num").nth(2)
    expect(this_year).to_have_text("1")
    expect(page.locator("#table-exchange tr[data-indicator=open_licences_taken] td.num").nth(2)).to_have_text("1")
    screenshots(page, "exchange-dashboard")
