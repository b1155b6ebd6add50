"""The head opens 规则与依据, adds a new dated version of a district working rule, and the page
lists both versions, the old one still in force today."""

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import log_in, screenshot

pytestmark = pytest.mark.browser


def test_the_head_adds_a_dated_version_and_the_page_shows_both(page: Page, live_server, people):
    base = live_server.url
    log_in(page, base, "leo")
    page.goto(f"{base}/rules/")
    expect(page.locator("h1")).to_have_text("规则与依据")
    rows = page.locator('tr[data-key="protection.mediation_answer"]')
    expect(rows).to_have_count(1)
    expect(page.locator("body")).to_contain_text("《中华人民共和国人民调解法》")
    rows.first.get_by_role("link", name="新增版本").click()
    page.fill("#id_value", '{"amount": 2, "unit": "workdays"}')
    page.fill("#id_valid_from", "2099-01-01")
    page.select_option("#id_basis", "district")
    page.fill("#id_source_title", "区知识产权保护工作规则（2099年修订）")
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_url(f"{base}/rules/")
    rows = page.locator('tr[data-key="protection.mediation_answer"]')
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_class("current")
    expect(rows.nth(1)).to_contain_text("2099-01-01")
    expect(rows.nth(1)).to_contain_text("区知识产权保护工作规则（2099年修订）")
    screenshot(page, "rules-two-versions")
