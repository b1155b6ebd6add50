import random

import pytest
from playwright.sync_api import Page, expect

from demo.identity import make_uscc
from e2e.conftest import log_in, menu, screenshot

pytestmark = pytest.mark.browser


def test_clerk_registers_an_enterprise_after_fixing_a_bad_code(page: Page, live_server, people):
    log_in(page, live_server.url, "alice")
    menu(page, "企业与权利", "企业")
    page.get_by_role("link", name="登记企业").click()

    good = make_uscc(random.Random(2024), "370602")
    bad = good[:-1] + ("1" if good[-1] != "1" else "2")
    page.fill("#id_uscc", bad)
    page.fill("#id_name", "烟台浏览器测试有限公司")
    page.select_option("#id_street_code", label="只楚街道")
    page.get_by_role("button", name="保存").click()

    error = page.locator("ul.errorlist")
    expect(error).to_contain_text("校验位")
    expect(error).to_contain_text(bad)
    screenshot(page, "registry-bad-uscc")

    page.fill("#id_uscc", good)
    page.get_by_role("button", name="保存").click()
    expect(page.locator("h1")).to_contain_text("烟台浏览器测试有限公司")
    expect(page.locator(".messages")).to_contain_text("已登记")

    menu(page, "企业与权利", "企业")
    page.fill("input[name=q]", "浏览器测试")
    page.get_by_role("button", name="筛选").click()
    row = page.locator("table tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(good)
    expect(row).to_contain_text("只楚街道")
    screenshot(page, "registry-list")


def test_enterprise_user_cannot_reach_another_enterprise(page: Page, live_server, people):
    log_in(page, live_server.url, "bob")
    expect(page.locator("h1")).to_contain_text("Bob Ltd")
    page.goto(f"{live_server.url}/registry/enterprises/{people.other_enterprise.pk}/")
    expect(page.locator("h1")).to_have_text("未找到")
    response = page.goto(f"{live_server.url}/registry/enterprises/{people.enterprise.pk}/")
    assert response is not None and response.status == 200
    page.goto(f"{live_server.url}/registry/enterprises/")
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.locator("table tbody")).not_to_contain_text("Charlie Ltd")
    screenshot(page, "enterprise-user-own-list")
