"""Forms in Chromium: a wrong value is answered by the product's own message beside the field
(not the browser's generic bubble) with everything typed kept, the loan product's limits stand
beside the fields, and the owner pick-list searches as you type within what the person may see."""

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import Page, expect

from e2e.conftest import as_user, screenshot, zh
from financing.models import PledgeLoan

pytestmark = pytest.mark.browser
WHEN = dt.datetime(2026, 5, 6, 10, tzinfo=dt.UTC)


def test_a_wrong_amount_shows_the_products_own_message_and_keeps_what_was_typed(page: Page, live_server, financing):
    base = live_server.url
    with time_machine.travel(WHEN, tick=True):
        as_user(page, base, "bob")
        page.goto(f"{base}/financing/products/{financing.product.pk}/apply/")
        # The limits stand beside the fields before anything is typed.
        expect(page.locator("#id_requested_amount_helptext")).to_have_text("本产品额度：¥100,000.00 – ¥10,000,000.00。")
        expect(page.locator("#id_requested_term_months_helptext")).to_have_text("本产品期限：最长 36 个月。")
        page.fill("#id_requested_amount", "-5")
        page.fill("#id_requested_term_months", "48")
        page.fill("#id_purpose", "扩大涂布产线")
        page.locator(f"input[name=patent][value='{financing.patents[0].pk}']").check()
        page.locator("form.stacked button[type=submit]").click()
        # The server answered (the browser did not stop the form with its own bubble).
        amount_error = page.locator("#id_requested_amount_error")
        expect(amount_error).to_have_text(zh("The amount must be above zero."))
        expect(page.locator("#id_requested_term_months_error")).to_have_text(
            zh("This product lends for up to %(n)s months.") % {"n": 36}
        )
        expect(page.locator("#id_requested_amount")).to_have_value("-5")
        expect(page.locator("#id_purpose")).to_have_value("扩大涂布产线")
        screenshot(page, "forms-loan-limits")
        assert not PledgeLoan.objects.exists()

        # Below the product's smallest loan: the message names the limit.
        page.fill("#id_requested_amount", "50000")
        page.fill("#id_requested_term_months", "12")
        page.locator(f"input[name=patent][value='{financing.patents[0].pk}']").check()
        page.locator("form.stacked button[type=submit]").click()
        expect(amount_error).to_have_text(
            zh("This product lends from ¥%(low)s to ¥%(high)s.") % {"low": "100,000.00", "high": "10,000,000.00"}
        )
        page.fill("#id_requested_amount", "2000000")
        page.locator(f"input[name=patent][value='{financing.patents[0].pk}']").check()
        page.locator("form.stacked button[type=submit]").click()
        expect(page.locator("#status")).to_be_visible()
        assert PledgeLoan.objects.get().purpose == "扩大涂布产线"


def test_the_owner_list_searches_as_you_type_within_what_the_person_sees(page: Page, live_server, people):
    base = live_server.url
    as_user(page, base, "alice")
    page.goto(f"{base}/portfolio/trademarks/new/")
    search = page.locator(".suggest-input")
    expect(search).to_have_attribute("placeholder", zh("Find by part of the name or the credit code"))
    search.fill("charl")
    found = page.get_by_role("option", name=f"Charlie Ltd · {people.other_enterprise.uscc}")
    found.click()
    expect(page.locator("#id_owner")).to_have_value(str(people.other_enterprise.pk))
    screenshot(page, "forms-owner-search")

    # Bob's enterprise sees itself only: the server gives him no other enterprise.
    as_user(page, base, "bob")
    page.goto(f"{base}/portfolio/trademarks/new/")
    with page.expect_response(lambda r: "/registry/enterprises/suggest/" in r.url) as answer:
        page.locator(".suggest-input").fill("Charl")
    assert answer.value.json() == {"results": []}
    expect(page.locator(".suggestions li")).to_have_count(0)
    page.locator(".suggest-input").fill("Bob")
    expect(page.get_by_role("option", name=f"Bob Ltd · {people.enterprise.uscc}")).to_be_visible()
