"""An enterprise applies for a pledge loan, the bank reviews, approves, registers the pledge
and lends, and the clerk sees the district's financing totals move."""

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import Page, expect

from e2e.conftest import log_in, screenshot
from financing.models import PledgeLoan
from financing.tests.base import FinancingMixin
from refdata.loading import ensure_loaded

pytestmark = pytest.mark.browser
WHEN = dt.datetime(2026, 5, 6, 10, tzinfo=dt.UTC)


class Financing(FinancingMixin):
    pass


@pytest.fixture
def financing(transactional_db):
    ensure_loaded()
    Financing.make_financing()
    return Financing


def as_user(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, base, username)


def step(page: Page, loan: PledgeLoan, target: str, **fields: str) -> None:
    """Fill the step's form on the loan page and press its button; the page reloads."""
    form = page.locator(f"form[action$='/loans/{loan.pk}/steps/{target}/']")
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages .success")).to_have_count(1)


def test_an_enterprise_applies_the_bank_lends_and_the_totals_move(page: Page, live_server, financing):
    base = live_server.url
    with time_machine.travel(WHEN, tick=True):
        # The clerk's figures before: nothing lent yet.
        as_user(page, base, "alice")
        page.goto(f"{base}/financing/figures/")
        expect(page.locator("#total-amount")).to_have_text("¥0.00")
        expect(page.locator("#total-loans")).to_have_text("0")

        # Bob picks the bank's product and pledges one of his inventions.
        as_user(page, base, "bob")
        page.goto(f"{base}/financing/")
        page.locator("#products tr", has_text="IP loan").get_by_role("link", name="IP loan").click()
        page.locator(f"a[href$='/financing/products/{financing.product.pk}/apply/']").click()
        page.fill("#id_requested_amount", "2000000")
        page.fill("#id_requested_term_months", "12")
        page.locator(f"input[name=patent][value='{financing.patents[0].pk}']").check()
        page.locator(f"input[name=citations_{financing.patents[0].pk}]").fill("3")
        # The co-owned invention asks for Charlie Ltd's consent before it can be pledged.
        expect(page.locator("#offers")).to_contain_text("Charlie Ltd")
        screenshot(page, "financing-apply")
        page.locator("form.stacked button[type=submit]").click()
        expect(page.locator("#status")).to_be_visible()
        loan = PledgeLoan.objects.get()
        assert loan.bank_id == financing.bank.pk and loan.status == "received"
        expect(page.locator("#assets")).to_contain_text(str(loan.assets.get().value_score))

        # Betty at the bank reviews, approves, records the pledge registration and lends.
        as_user(page, base, "betty")
        page.goto(f"{base}/financing/loans/{loan.pk}/")
        step(page, loan, "under_review")
        step(page, loan, "approved", amount="2000000", rate="3.85", term_months="12")
        expect(page.locator("#approved")).to_contain_text("2,000,000.00")
        step(page, loan, "pledge_registered", registration_number="Y2026370000123", registered_on="2026-05-08")
        step(page, loan, "disbursed", disbursed_on="2026-05-10")
        screenshot(page, "financing-loan-bank")
        loan.refresh_from_db()
        assert loan.status == "disbursed" and loan.assets.get().holds_pledge

        # Another bank does not even find the loan.
        as_user(page, base, "barry")
        response = page.goto(f"{base}/financing/loans/{loan.pk}/")
        assert response is not None and response.status == 404

        # The clerk sees the totals move.
        as_user(page, base, "alice")
        page.goto(f"{base}/financing/figures/")
        expect(page.locator("#total-amount")).to_have_text("¥2,000,000.00")
        expect(page.locator("#total-loans")).to_have_text("1")
        expect(page.locator("#total-enterprises")).to_have_text("1")
        expect(page.locator("#by-bank")).to_contain_text("Bank")
        expect(page.locator("#by-year")).to_contain_text("2026")
        screenshot(page, "financing-figures")
