"""An enterprise sets how it is told, the nightly round runs, the reminder waits in its inbox
with the unread count on the menu, and the manager marks the annuity paid."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import log_in, menu, run_job, screenshots
from notifications.models import AnnuityPayment, Message
from portfolio import actions as portfolio_actions
from portfolio.models import add_years
from portfolio.tests.factories import numbered

pytestmark = pytest.mark.browser


def test_channels_nightly_round_inbox_and_paid_annuity(page: Page, live_server, people, job_worker):
    # Bob's invention, paid to year 6: year 7's annuity falls due 40 days from today.
    today = timezone.localdate()
    filed = add_years(today + dt.timedelta(days=40), -6)
    for serial, owner, title in ((21, people.enterprise, "一种涂布装置"), (22, people.other_enterprise, "外企的专利")):
        patent = portfolio_actions.add_patent(
            actor=None, application_number=numbered(serial), owners=[owner], title=title,
            filing_date=filed.isoformat(), grant_date=add_years(filed, 2).isoformat(), status="granted",
            annuity_paid_year=6,
        )  # fmt: skip
        if serial == 21:
            due_patent = patent
    log_in(page, live_server.url, "bob")
    menu(page, "企业与权利", "联系人与提醒方式")
    page.get_by_role("link", name="添加联系人").click()
    page.fill("#id_name", "李经理")
    page.fill("#id_phone", "138 1234 5678")
    page.check("#id_by_sms")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("李经理")
    expect(page.locator("table").first).to_contain_text("13812345678")
    screenshots(page, "notifications-contacts")

    run_job("notifications.nightly", f"notifications.nightly:{today}", {"today": today.isoformat()})
    unread = Message.objects.filter(organisation=people.enterprise.organisation, read_at__isnull=True).count()
    assert unread > 0

    page.goto(f"{live_server.url}/")
    expect(page.locator("#unread-count")).to_have_text(str(unread))
    page.locator("#inbox-link").click()
    expect(page.locator("h1")).to_contain_text("消息")
    expect(page.locator("table tbody")).to_contain_text("一种涂布装置")
    expect(page.locator("table tbody")).not_to_contain_text("外企的专利")
    screenshots(page, "notifications-inbox")

    menu(page, "企业与权利", "期限与导出")
    row = page.locator("table tbody tr", has_text="年费到期（第7年度）").filter(has_text="一种涂布装置")
    row.get_by_role("link", name="登记已缴").click()
    page.fill("#id_receipt_number", "")
    page.get_by_role("button", name="登记已缴").click()
    expect(page.locator("#id_receipt_number_error")).to_be_visible()
    expect(page.locator("#id_paid_on_error")).to_have_count(0)
    page.fill("#id_receipt_number", "R-2026-0001")
    page.get_by_role("button", name="登记已缴").click()
    expect(page.locator(".messages")).to_contain_text("已缴")
    expect(page.locator("body")).to_contain_text("R-2026-0001")
    screenshots(page, "notifications-annuity-paid")
    payment = AnnuityPayment.objects.get()
    assert (payment.patent_id, payment.year, payment.receipt_number) == (due_patent.pk, 7, "R-2026-0001")
