"""A pledge loan goes into default: the bank records what was repaid and the default, and the
office pays the bank the product's agreed share of the principal outstanding from the district's
risk-compensation pool, once, through the funds ledger."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from playwright.sync_api import Page, expect

from audit.models import AuditEvent
from e2e.conftest import as_user, screenshots, zh
from financing.choices import LoanStatus
from financing.models import Compensation

pytestmark = pytest.mark.browser
# Wednesday 6 May 2026, 10:00 in Shanghai: a working day.
WHEN = dt.datetime(2026, 5, 6, 2, tzinfo=dt.UTC)
DEFAULT = "借款人连续两期未按期还本付息，银行已宣布贷款提前到期"


@pytest.fixture
def loan(financing):
    """Bob's enterprise borrowed ¥2,000,000 from Betty's bank on 10 January 2026 against one of
    its inventions; the product's compensation share is 40%; the pool holds ¥1,000,000."""
    with time_machine.travel(dt.datetime(2026, 1, 10, 2, tzinfo=dt.UTC)):
        return financing.lend(financing.apply())


def take_step(page: Page, loan, target: str, note: str = "") -> None:
    form = page.locator(f"form[action$='/loans/{loan.pk}/steps/{target}/']")
    if note:
        form.locator("[name=note]").fill(note)
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages .success")).to_have_count(1)


def test_a_defaulted_loan_is_compensated_from_the_pool_once(page: Page, live_server, loan):
    base = live_server.url
    detail = f"{base}/financing/loans/{loan.pk}/"
    with time_machine.travel(WHEN, tick=True):
        # Betty at the bank records the one repayment that came, then the default.
        as_user(page, base, "betty")
        page.goto(detail)
        repay = page.locator(f"form[action$='/loans/{loan.pk}/repayments/']")
        repay.locator("[name=paid_on]").fill("2026-04-10")
        repay.locator("[name=principal]").fill("500000")
        repay.locator("[name=interest]").fill("19250")
        repay.locator("button[type=submit]").click()
        expect(page.locator(".messages .success")).to_contain_text(zh("Repayment recorded."))
        expect(page.locator("#repayments tbody tr").first).to_contain_text("500,000.00")
        take_step(page, loan, LoanStatus.DEFAULTED, DEFAULT)
        expect(page.locator("#status")).to_have_text(zh(LoanStatus.DEFAULTED.label))
        expect(page.locator("main dl.facts")).to_contain_text("2026-05-06")
        # The bank does not pay itself: the office does.
        expect(page.locator(".why")).to_contain_text(
            zh("Compensation from the pool is paid by an office clerk or leader.")
        )
        screenshots(page, "loan-defaulted-bank")

        # Alice at the office sees what is due and pays it from the pool.
        as_user(page, base, "alice")
        page.goto(f"{base}/financing/pool/")
        expect(page.locator("#pool-balance")).to_have_text("¥1,000,000.00")
        page.goto(detail)
        pay = page.locator(f"form[action$='/loans/{loan.pk}/compensation/']")
        expect(pay).to_contain_text("¥600,000.00")
        screenshots(page, "loan-compensation-due")
        pay.locator("button[type=submit]").click()
        expect(page.locator(".messages .success")).to_contain_text(
            zh("Compensation paid from the risk-compensation pool.")
        )
        expect(page.locator("#compensation")).to_contain_text("600,000.00")
        expect(page.locator("#compensation")).to_contain_text("1,500,000.00")
        expect(pay).to_have_count(0)  # once per default
        screenshots(page, "loan-compensated")

        page.goto(f"{base}/financing/pool/")
        expect(page.locator("#pool-balance")).to_have_text("¥400,000.00")
        screenshots(page, "loan-pool-after-compensation")

    loan.refresh_from_db()
    assert loan.status == LoanStatus.DEFAULTED and loan.defaulted_on == dt.date(2026, 5, 6)
    compensation = Compensation.objects.get()
    assert compensation.loan == loan and compensation.year == 2026
    assert (compensation.outstanding_principal, compensation.percent, compensation.amount) == (
        Decimal("1500000.00"),
        Decimal("40.00"),
        Decimal("600000.00"),
    )
    assert compensation.paid_by is not None and compensation.paid_by.username == "alice"
    assert len(compensation.ledger_txns) == 2
    actions = AuditEvent.objects.filter(object_type="financing.pledgeloan", object_id=str(loan.pk))
    assert {"pledge_loan.defaulted", "pledge_loan.compensation"} <= set(actions.values_list("action", flat=True))
