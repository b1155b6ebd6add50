import datetime as dt

import pytest
import time_machine
from playwright.sync_api import Page, expect

from e2e.conftest import log_in, screenshot
from incentives.models import Application

pytestmark = pytest.mark.browser


def step(page: Page, base: str, user: str, application: Application, button: str, status: str) -> None:
    """Press the step's button (it says the action) and see the state it led to."""
    page.context.clear_cookies()
    log_in(page, base, user)
    page.goto(f"{base}/incentives/applications/{application.pk}/")
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator(".messages")).to_contain_text(status)


def test_one_application_from_submission_to_payment(page: Page, live_server, funds):
    base = live_server.url
    # The enterprise applies: the platform proposes its two 2025 inventions at ¥5,000 each.
    log_in(page, base, "bob")
    page.goto(f"{base}/incentives/programmes/{funds.programme.pk}/")
    page.get_by_role("link", name="申请本项目").click()
    expect(page.locator("input[name=asset]:checked")).to_have_count(2)
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("#status")).to_have_text("已提交")
    application = Application.objects.get()

    step(page, base, "alice", application, "审核通过", "办事员已审核")
    step(page, base, "rita", application, "复核通过", "审核员已审核")
    step(page, base, "alice", application, "开始公示", "公示中")
    application.refresh_from_db()
    page.goto(f"{base}/incentives/notice/")
    expect(page.locator("table tbody")).to_contain_text("Bob Ltd")
    screenshot(page, "incentives-public-notice")

    # After the notice the leader approves and the clerk pays, in one payment.
    assert application.notice_ends is not None
    after_notice = dt.datetime.combine(application.notice_ends + dt.timedelta(days=1), dt.time(10), tzinfo=dt.UTC)
    with time_machine.travel(after_notice, tick=True):
        step(page, base, "leo", application, "批准", "已批准")
        page.context.clear_cookies()
        log_in(page, base, "alice")
        page.goto(f"{base}/incentives/applications/{application.pk}/")
        page.get_by_role("button", name="记录支付").click()
        expect(page.locator("#status")).to_have_text("已支付")
        screenshot(page, "incentives-paid")
        page.goto(f"{base}/incentives/funds/")
        district = page.locator("#funds tbody tr", has_text="District fund")
        expect(district).to_contain_text("100,000.00")
        expect(district).to_contain_text("7,000.00")
        expect(district).to_contain_text("93,000.00")
        screenshot(page, "incentives-funds")
