"""Every role logs in to its worklist, sees what waits for it, and follows an item to where it is
done; each home is photographed at desktop (1366 px) and phone (390 px) width, the phone's menu
folded and unfolded."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from e2e.conftest import ARTIFACTS, BrowserWorld, log_in

pytestmark = pytest.mark.browser


def _cases(w: type[BrowserWorld]) -> list[tuple[str, str, str]]:
    """(user name, the text its worklist shows, the page its item leads to)."""
    return [
        ("alice", "BOBMARK", reverse("portfolio:trademark_detail", args=[w.bob_mark.pk])),
        ("rita", "Charlie Ltd", reverse("incentives:application_detail", args=[w.charlie_application.pk])),
        ("leo", f"{w.proposed.case.number} → Police", reverse("protection:transfer_detail", args=[w.proposed.pk])),
        ("eric", "Counterfeit goods", reverse("protection:case_detail", args=[w.lead_case.pk])),
        ("paul", f"{w.sent_case.number} → Police", reverse("protection:transfer_detail", args=[w.transfer.pk])),
        ("carol", "Alpha / Beta", reverse("protection:mediation_detail", args=[w.referral.pk])),
        ("mona", "Bob Ltd / Copycat Ltd", reverse("protection:mediation_detail", args=[w.peoples.pk])),
        ("betty", "Bob Ltd", reverse("financing:loan_detail", args=[w.loan.pk])),
        ("vera", "Bob Ltd", reverse("financing:loan_detail", args=[w.loan.pk])),
        ("bob", "Invention awards", reverse("incentives:apply", args=[w.programme.pk])),
    ]


def test_each_role_sees_its_worklist_and_follows_an_item_to_where_it_is_done(browser: Browser, live_server, world):
    ARTIFACTS.mkdir(exist_ok=True)
    for username, text, url in _cases(world):
        context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, live_server.url, username)
        worklist = page.locator("#worklist")
        expect(worklist).to_contain_text(text)
        expect(page.locator("#waiting-count")).to_have_text(str(worklist.locator("li").count()))
        page.screenshot(path=str(ARTIFACTS / f"home-{username}-1366.png"), full_page=True)

        page.set_viewport_size({"width": 390, "height": 844})
        expect(page.locator("header nav")).to_be_hidden()
        page.screenshot(path=str(ARTIFACTS / f"home-{username}-390.png"), full_page=True)
        page.locator("label.nav-toggle-label").click()
        expect(page.locator("header nav")).to_be_visible()
        page.locator("header nav summary").first.click()
        page.screenshot(path=str(ARTIFACTS / f"home-{username}-390-menu.png"), full_page=True)
        page.keyboard.press("Escape")  # closes the open group
        page.locator("label.nav-toggle-label").click()

        page.set_viewport_size({"width": 1366, "height": 900})
        worklist.locator(f'a[href="{url}"]').first.click()
        page.wait_for_url(f"{live_server.url}{url}")
        expect(page.locator("nav.breadcrumbs")).to_contain_text("我的工作")
        expect(page.locator("h1").first).to_be_visible()
        expect(page.locator(".error-page")).to_have_count(0)
        context.close()

    # The menu's groups open from the keyboard; the search box finds only one's own records.
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, "bob")
    summary = page.locator("header nav summary", has_text="企业与权利")
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator("header nav").get_by_role("link", name="商标台账", exact=True)).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "home-bob-menu-open-1366.png"))
    page.keyboard.press("Enter")
    box = page.locator("header nav input[name=find]")
    box.fill("CHARLIEMARK")
    box.press("Enter")
    expect(page.locator("#search-results")).to_contain_text("未找到")
    page.locator("header nav input[name=find]").fill("BOBMARK")
    page.locator("header nav input[name=find]").press("Enter")
    expect(page.locator("#search-results")).to_contain_text("BOBMARK")
    page.screenshot(path=str(ARTIFACTS / "search-bob-1366.png"), full_page=True)
    context.close()
