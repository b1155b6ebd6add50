"""Issue 17's leftovers in Chromium, photographed at 1366 and 390 px: the menu's waiting count
moves on a page other than 我的工作; the bank's refused approval keeps what was typed with the
reason beside the rate; the rules page and the protected-rights page turn pages; the talent
pick-list searches as you type."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import as_user, log_in, screenshots, zh
from financing import actions as financing_actions
from financing.models import PledgeLoan
from portfolio import actions as portfolio_actions
from registry import actions as registry_actions

pytestmark = pytest.mark.browser
WHEN = dt.datetime(2026, 5, 6, 10, tzinfo=dt.UTC)


def test_the_waiting_count_moves_on_another_page_after_a_change(page: Page, live_server, world):
    log_in(page, live_server.url, "eric")
    before = int(page.locator("#waiting-count").inner_text())
    page.goto(f"{live_server.url}/registry/enterprises/")
    expect(page.locator("#waiting-count")).to_have_text(str(before))
    # A lead comes in (by the action, as from another desk); the world's helpers are methods
    # over its class attributes.
    world.lead(world, when=timezone.now())
    page.goto(f"{live_server.url}/registry/enterprises/")  # not the home page
    expect(page.locator("#waiting-count")).to_have_text(str(before + 1))
    screenshots(page, "polish-waiting-count")


def test_a_refused_approval_keeps_what_the_bank_typed(page: Page, live_server, financing):
    base = live_server.url
    with time_machine.travel(WHEN, tick=True):
        loan = financing_actions.apply_for_loan(
            actor=financing.ent_manager,
            product=financing.product,
            enterprise=financing.enterprise,
            requested_amount=Decimal("2000000"),
            requested_term_months=12,
            patents=financing.patents[:1],
        )
        financing_actions.transition_loan(actor=financing.bank_officer, loan=loan, to_status="under_review")
        as_user(page, base, "betty")
        page.goto(f"{base}/financing/loans/{loan.pk}/")
        form = page.locator("#step-approved")
        form.locator("[name=amount]").fill("1500000")
        form.locator("[name=rate]").fill("6.00")
        form.locator("[name=term_months]").fill("18")
        form.locator("button[type=submit]").click()
        form = page.locator("#step-approved")
        expect(page.locator("#id_approved_rate_error")).to_have_text(
            zh("This product's annual rate is %(low)s%% to %(high)s%%.") % {"low": "3.20", "high": "4.50"}
        )
        expect(form.locator("[name=amount]")).to_have_value("1500000")
        expect(form.locator("[name=rate]")).to_have_value("6.00")
        expect(form.locator("[name=term_months]")).to_have_value("18")
        expect(page.locator(".messages .error")).to_have_count(0)
        form.scroll_into_view_if_needed()
        screenshots(page, "polish-loan-approval-refused")
        form.locator("[name=rate]").fill("3.85")
        form.locator("button[type=submit]").click()
        expect(page.locator(".messages .success")).to_have_count(1)
        assert PledgeLoan.objects.get(pk=loan.pk).status == "approved"


def test_the_rules_and_protected_rights_pages_turn_pages(page: Page, live_server, people):
    for n in range(27):
        portfolio_actions.add_special_sign(actor=None, name=f"演示特殊标志{n:02d}", kind="other", holder_name="组委会")
    log_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/rules/")
    expect(page.locator(".pagination")).to_contain_text("第 1 页")
    screenshots(page, "polish-rules-page-1")
    page.locator(".pagination a").click()
    expect(page.locator(".pagination")).to_contain_text("第 2 页")
    screenshots(page, "polish-rules-page-2")
    page.goto(f"{live_server.url}/portfolio/protected/")
    page.locator(".pagination a", has_text="下一页").click()
    expect(page.locator("body")).to_contain_text("演示特殊标志26")
    screenshots(page, "polish-protected-rights-page-2")


def test_the_talent_pick_list_searches_as_you_type(page: Page, live_server, people):
    from cultivation import actions as cultivation_actions

    registry_actions.add_talent(
        actor=None, name="赵芳", kind="engineer", organisation=people.enterprise.organisation, field="机械工程"
    )
    for n in range(30):
        registry_actions.add_talent(actor=None, name=f"演示人员{n:02d}", kind="engineer")
    training = cultivation_actions.create_training(
        actor=people.clerk,
        kind="training",
        title="专利挖掘培训",
        organiser="区局",
        level="district",
        held_on=dt.date(2026, 4, 8),
    )
    log_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/cultivation/trainings/{training.pk}/")
    form = page.locator("#add-participant")
    form.locator(".suggest-input").fill("机械")
    option = form.locator("ul.suggestions [role=option]")
    expect(option).to_have_count(1)
    expect(option).to_contain_text("赵芳")
    expect(option).to_contain_text("机械工程")
    screenshots(page, "polish-talent-suggest")
    option.click()
    form.locator("input[name=certificate_number]").fill("ZF-1")
    form.get_by_role("button", name="保存").click()
    expect(page.locator("#participants")).to_contain_text("ZF-1")


def test_a_refused_case_step_keeps_the_officers_ticked(page: Page, live_server, protection):
    case = protection.lead()
    log_in(page, live_server.url, "eric")
    page.goto(f"{live_server.url}/protection/cases/{case.pk}/")
    form = page.locator("#step-filed")
    form.get_by_label("eric").check()
    form.locator("button[type=submit]").click()
    form = page.locator("#step-filed")
    two = zh("A case is filed with two or more enforcement officers.")
    expect(page.locator("#id_officers_error")).to_have_text(two)
    expect(form.get_by_label("eric")).to_be_checked()
    expect(form.get_by_label("ed")).not_to_be_checked()
    form.scroll_into_view_if_needed()
    screenshots(page, "polish-case-filing-refused")
    form.get_by_label("ed").check()
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages .success")).to_have_count(1)
