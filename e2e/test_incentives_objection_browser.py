"""Awards: an objection raised during the public notice holds the approval until a reviewer
resolves it; a payment the bank returns is reversed and the money goes back to committed."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from playwright.sync_api import Page, expect

from audit.models import AuditEvent
from e2e.conftest import as_user, screenshots, zh
from incentives import actions
from incentives.choices import ApplicationStatus, ObjectionStatus
from incentives.models import Application, Payment
from incentives.tests.base import APPLIED_ON

pytestmark = pytest.mark.browser
OBJECTION = "该企业申报的发明专利系受让取得，不属于本企业研发成果"
RESOLUTION = "经核查，受让取得的授权发明专利属于本项目奖励范围，异议不成立"
RETURNED = "银行退回：收款账户已注销"


def shanghai(day: dt.date) -> dt.datetime:
    """10:00 in Shanghai on that day."""
    return dt.datetime.combine(day, dt.time(2), tzinfo=dt.UTC)


def in_public_notice(funds) -> Application:
    """Bob's application for his two inventions, checked and published on 6 May 2026."""
    with time_machine.travel(shanghai(APPLIED_ON)):
        application = funds.submit()
        for actor, status in [
            (funds.clerk, "clerk_checked"),
            (funds.reviewer, "reviewer_checked"),
            (funds.clerk, "public_notice"),
        ]:
            application = actions.transition_application(actor=actor, application=application, to_status=status)
    return application


def open_application(page: Page, base: str, username: str, application: Application) -> None:
    as_user(page, base, username)
    page.goto(f"{base}/incentives/applications/{application.pk}/")


def test_an_objection_during_the_notice_holds_the_approval_until_it_is_resolved(page: Page, live_server, funds):
    application = in_public_notice(funds)
    assert application.notice_starts is not None and application.notice_ends is not None
    base = live_server.url

    # During the notice, the manager of another enterprise objects from the public notice page.
    with time_machine.travel(shanghai(application.notice_starts), tick=True):
        as_user(page, base, "charlie")
        page.goto(f"{base}/incentives/notice/")
        row = page.locator("main table tbody tr", has_text="Bob Ltd")
        expect(row).to_contain_text("10,000.00")
        row.locator("input[name=text]").fill(OBJECTION)
        row.get_by_role("button", name=zh("Raise an objection")).click()
        recorded = zh("Your objection was recorded; the office will look into it.")
        expect(page.locator(".messages .success")).to_contain_text(recorded)
        # Charlie cannot see the application itself: he is back on the notice.
        expect(page.locator("h1")).to_have_text(zh("Public notice of award applications"))
        screenshots(page, "incentives-objection-raised")

    # After the notice the head cannot approve while the objection is open.
    with time_machine.travel(shanghai(application.notice_ends + dt.timedelta(days=1)), tick=True):
        open_application(page, base, "leo", application)
        expect(page.locator("main table", has_text=OBJECTION)).to_contain_text(zh(ObjectionStatus.OPEN.label))
        expect(page.locator(".why")).to_contain_text(zh("An objection is open: resolve it first."))
        expect(page.get_by_role("button", name=zh("Approve"), exact=True)).to_have_count(0)
        screenshots(page, "incentives-objection-blocks-approval")

        # The reviewer looks into it and dismisses it, saying why.
        open_application(page, base, "rita", application)
        resolve = page.locator(f"form[action$='/objections/{application.objections.get().pk}/resolve/']")
        resolve.locator("[name=resolution]").fill(RESOLUTION)
        resolve.get_by_role("button", name=zh("Resolve")).click()
        expect(page.locator("main table", has_text=OBJECTION)).to_contain_text(RESOLUTION)

        # Now the head approves.
        open_application(page, base, "leo", application)
        page.get_by_role("button", name=zh("Approve"), exact=True).click()
        expect(page.locator("#status")).to_have_text(zh(ApplicationStatus.APPROVED.label))
        screenshots(page, "incentives-approved-after-objection")

    objection = application.objections.get()
    assert objection.status == ObjectionStatus.DISMISSED
    assert objection.raised_by == funds.other_manager and objection.resolved_by == funds.reviewer
    assert objection.resolution == RESOLUTION
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    events = AuditEvent.objects.filter(object_type="incentives.objection", object_id=str(objection.pk))
    assert sorted(events.values_list("action", flat=True)) == ["objection.raise", "objection.resolve"]


def test_a_returned_payment_is_reversed_and_the_money_is_committed_again(page: Page, live_server, funds):
    application = in_public_notice(funds)
    notice_ends = application.notice_ends
    assert notice_ends is not None
    with time_machine.travel(shanghai(notice_ends + dt.timedelta(days=1))):
        application = actions.transition_application(actor=funds.leader, application=application, to_status="approved")
    base = live_server.url
    with time_machine.travel(shanghai(notice_ends + dt.timedelta(days=2)), tick=True):
        # The clerk pays the whole award.
        open_application(page, base, "alice", application)
        page.locator("form[action$='/payments/'] [name=reference]").fill("转账凭证 2026-0512")
        page.get_by_role("button", name=zh("Record payment")).click()
        expect(page.locator("#status")).to_have_text(zh(ApplicationStatus.PAID.label))

        # The bank returns the transfer: the clerk reverses the payment, saying why.
        payments = page.get_by_role("heading", name=zh("Payments"), exact=True).locator(
            "xpath=following-sibling::table[1]"
        )
        payments.locator("input[name=note]").fill(RETURNED)
        payments.get_by_role("button", name=zh("Reverse")).click()
        expect(page.locator("#status")).to_have_text(zh(ApplicationStatus.APPROVED.label))
        expect(payments.locator("tbody tr")).to_have_count(2)
        expect(payments).to_contain_text("-10,000.00")
        expect(payments.get_by_role("button", name=zh("Reverse"))).to_have_count(0)  # reversed once, never twice
        expect(page.locator("main dl.facts")).to_contain_text(zh("to pay") + " ¥10,000.00")
        screenshots(page, "incentives-payment-reversed")

        # The ledger has the money committed again, not paid.
        page.goto(f"{base}/incentives/funds/")
        district = page.locator("#funds tbody tr", has_text="District fund")
        expect(district.locator("td").nth(3)).to_have_text("7,000.00")
        expect(district.locator("td").nth(4)).to_have_text("0.00")
        expect(district.locator("td").nth(5)).to_have_text("93,000.00")
        screenshots(page, "incentives-funds-after-reversal")

    payment, reversal = Payment.objects.order_by("pk")
    assert (payment.amount, reversal.amount) == (Decimal("10000.00"), Decimal("-10000.00"))
    assert reversal.reverses == payment and reversal.reference == RETURNED
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    reversed_ = AuditEvent.objects.filter(action="award_application.payment_reversed", object_id=str(application.pk))
    assert reversed_.get().actor == funds.clerk
