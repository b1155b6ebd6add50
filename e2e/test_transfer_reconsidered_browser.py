"""The police refuse a transfer, the head asks them to reconsider with reasons, and on
reconsideration the police accept the case; the office sees each answer and when it came."""

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import Page, expect

from e2e.conftest import as_user, screenshots, submit, zh
from protection.choices import TransferStatus
from protection.tests.base import at

pytestmark = pytest.mark.browser
# Wednesday 29 April 2026, 10:00 in Shanghai: a working day, the day after the transfer was sent.
WHEN = dt.datetime(2026, 4, 29, 2, tzinfo=dt.UTC)
REFUSAL = "现有证据不足以证明涉案商品系假冒注册商标的商品"
RECONSIDER = "已补充权利人出具的鉴定意见，涉案金额6.8万元，达到立案追诉标准"


def open_transfer(page: Page, base: str, username: str, case_number: str) -> None:
    as_user(page, base, username)
    page.goto(f"{base}/protection/transfer-list/")
    page.locator("#transfers").get_by_role("link", name=case_number).click()


def test_the_police_refuse_the_head_asks_to_reconsider_and_the_police_accept(page: Page, live_server, protection):
    p = protection
    case = p.investigate(p.file(p.lead(at(2026, 4, 27, 9)), at(2026, 4, 27, 10)), at(2026, 4, 28, 9), volume="68000")
    transfer = p.transfer_until_sent(case, at(2026, 4, 28, 10), at(2026, 4, 28, 11), at(2026, 4, 28, 14))
    base = live_server.url
    with time_machine.travel(WHEN, tick=True):
        # The police liaison refuses, with reasons.
        open_transfer(page, base, "paul", case.number)
        expect(page.locator("#status")).to_have_text(zh(TransferStatus.SENT.label))
        page.fill("#step-refused [name=note]", REFUSAL)
        submit(page, "#step-refused")
        expect(page.locator("#status")).to_have_text(zh(TransferStatus.REFUSED.label))
        expect(page.locator("main dl.facts")).to_contain_text(REFUSAL)
        # The police cannot ask themselves to reconsider: that step is the head's.
        expect(page.locator("#step-reconsideration")).to_have_count(0)
        screenshots(page, "transfer-refused")

        # The officer who sent it sees the refusal and its reasons, but the step is the head's.
        open_transfer(page, base, "eric", case.number)
        expect(page.locator("main dl.facts")).to_contain_text(REFUSAL)
        expect(page.locator("#step-reconsideration")).to_have_count(0)

        # The head asks the police to reconsider.
        open_transfer(page, base, "leo", case.number)
        page.fill("#step-reconsideration [name=note]", RECONSIDER)
        submit(page, "#step-reconsideration")
        expect(page.locator("#status")).to_have_text(zh(TransferStatus.RECONSIDERATION.label))
        expect(page.locator("#timeline")).to_contain_text(zh("reconsideration asked at"))
        screenshots(page, "transfer-reconsideration-asked")

        # On reconsideration the police accept the case.
        open_transfer(page, base, "paul", case.number)
        expect(page.locator("main")).to_contain_text(RECONSIDER)  # the head's reasons, among the steps taken
        page.fill("#step-accepted [name=police_case_number]", "芝公（复议）立字2号")
        submit(page, "#step-accepted")
        expect(page.locator("#status")).to_have_text(zh(TransferStatus.ACCEPTED.label))
        expect(page.locator("#accepted-at")).to_be_visible()
        expect(page.locator("#timeline")).to_contain_text(zh("reconsideration answered at"))
        screenshots(page, "transfer-accepted-on-reconsideration")

    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.ACCEPTED
    assert transfer.police_case_number == "芝公（复议）立字2号"
    assert transfer.refusal_reason == REFUSAL
    assert transfer.police_answered_at < transfer.reconsideration_at < transfer.reconsideration_answered_at
    assert list(transfer.changes.order_by("at", "pk").values_list("to_status", "actor__username")) == [
        (TransferStatus.APPROVED, "leo"),
        (TransferStatus.SENT, "eric"),
        (TransferStatus.REFUSED, "paul"),
        (TransferStatus.RECONSIDERATION, "leo"),
        (TransferStatus.ACCEPTED, "paul"),
    ]
