import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import log_in, menu, screenshot
from portfolio import actions as portfolio_actions
from refdata.loading import ensure_loaded
from registry import actions as registry_actions

pytestmark = pytest.mark.browser


def test_clerk_records_a_competition_and_puts_a_brand_on_the_key_brand_list(page: Page, live_server, people):
    ensure_loaded()
    registry_actions.add_talent(actor=None, name="赵芳", kind="engineer", organisation=people.enterprise.organisation)
    for number, owner, text in [
        ("40000001", people.enterprise, "芝罘湾"),
        ("40000002", people.other_enterprise, "芝罘"),
    ]:
        portfolio_actions.add_trademark(
            actor=None,
            number=number,
            owner=owner,
            groups=["3301"],
            mark_text=text,
            filing_date="2020-01-01",
            status="registered",
            registration_date="2021-01-01",
        )

    log_in(page, live_server.url, "alice")
    menu(page, "企业与权利", "培训")
    page.get_by_role("link", name="新建培训或竞赛").click()
    page.select_option("#id_kind", "competition")
    page.fill("#id_title", "芝罘区知识产权知识竞赛")
    page.fill("#id_organiser", "芝罘区市场监督管理局")
    page.select_option("#id_level", "district")
    page.fill("#id_held_on", "2026-05-20")
    page.get_by_role("button", name="保存").click()
    form = page.locator("#add-participant")
    form.locator("select[name=talent]").select_option(label="赵芳")
    form.locator("input[name=result]").fill("一等奖")
    form.locator("input[name=certificate_number]").fill("ZF-2026-001")
    form.get_by_role("button", name="保存").click()
    expect(page.locator("#participants")).to_contain_text("ZF-2026-001")
    screenshot(page, "training-detail")
    menu(page, "企业与权利", "培训")
    expect(page.locator("#per-year")).to_contain_text("2026")
    screenshot(page, "training-list")

    menu(page, "商标", "重点品牌")
    page.get_by_role("link", name="添加重点品牌").click()
    page.fill("#id_name", "芝罘湾")
    page.select_option("#id_owner", label="Bob Ltd")
    page.select_option("#id_goal", "well_known_mark")
    page.fill("#id_trademarks", "40000001")
    page.fill("#id_target_year", "2028")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("h1")).to_contain_text("芝罘湾")
    expect(page.locator("#marks")).to_contain_text("40000001")
    expect(page.locator("#conflicts")).to_contain_text("40000002")
    page.locator("form", has=page.get_by_role("button", name="开始准备认定材料")).locator("input[name=note]").fill(
        "收集使用证据"
    )
    page.get_by_role("button", name="开始准备认定材料").click()
    expect(page.locator("#stage")).to_have_text("准备认定材料")
    screenshot(page, "brand-detail")
