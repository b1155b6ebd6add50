"""axe-core (Deque's rules engine, installed from the npm registry by `make install`) checks each
role's home page and the main lists and forms: no serious or critical violation (a field without
a label, text below WCAG AA contrast, a missing landmark…)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Browser, Page

from core.tests.people import PASSWORD
from e2e.conftest import BrowserWorld
from home.menu import groups_for

pytestmark = pytest.mark.browser

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}

# Each role of the test world, by user name.
ROLES = ("alice", "rita", "leo", "eric", "lily", "paul", "carol", "mona", "betty", "vera", "bob")
# Whose every menu entry is checked too: the office's clerk (every list of the office) and an
# enterprise's manager (the lists outside the office); the partners' lists are among these.
WHOLE_MENU = ("alice", "bob")
# The main forms.
FORMS = {
    "alice": [
        "registry:enterprise_create", "portfolio:patent_create", "portfolio:trademark_create",
        "incentives:programme_create", "protection:case_new", "similarity:search",
    ],
    "bob": ["protection:case_new", "accounts:password_change"],
    "betty": ["financing:product_create"],
}  # fmt: skip


def violations(page: Page) -> list[str]:
    """axe's serious and critical findings on the page as it is, one line each."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    found = []
    for violation in result["violations"]:
        if violation["impact"] in BLOCKING:
            targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
            found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


def pages_of(world: type[BrowserWorld], username: str) -> list[str]:
    urls = [reverse("home:home")]
    if username in WHOLE_MENU:
        user = world.clerk if username == "alice" else world.ent_manager
        urls += [reverse(entry.url_name) for _group, entries in groups_for(user) for entry in entries]
    urls += [reverse(name) for name in FORMS.get(username, [])]
    return list(dict.fromkeys(urls))


def test_no_serious_or_critical_violation_on_each_roles_home_and_the_main_lists_and_forms(
    browser: Browser, live_server, world
):
    assert AXE.exists(), "axe-core is missing: run `make install` (it runs `npm ci`)"
    failures = []
    checked = 0
    for username in ROLES:
        # The page's Content-Security-Policy forbids inline scripts, as it should: the test's
        # browser lets axe in without loosening what the product sends.
        context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900}, bypass_csp=True)
        page = context.new_page()
        page.set_default_timeout(15_000)
        # (Not conftest's log_in: the leadership's home is the dashboard, not "/".)
        page.goto(f"{live_server.url}/accounts/login/")
        if username == ROLES[0]:  # the log-in page, once
            failures += [f"(anonymous) /accounts/login/: {line}" for line in violations(page)]
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        for url in pages_of(world, username):
            if url != reverse("home:home"):  # the log-in has just landed there
                page.goto(f"{live_server.url}{url}")
            failures += [f"{username} {url}: {line}" for line in violations(page)]
            checked += 1
        context.close()
    assert checked > len(ROLES)
    assert failures == [], "\n".join(failures)
