"""Issue 14, stored XSS in a real browser: with the probes written into every free-text field,
the clerk and the enterprise manager open the main pages and no script runs (no dialog opens)."""

import pytest
from playwright.sync_api import Page

from core.tests.test_attack_stored_xss import plant_probes
from e2e.conftest import log_in
from portfolio import actions as portfolio_actions
from portfolio.models import Patent

pytestmark = pytest.mark.browser

PAGES = ["/", "/registry/enterprises/", "/registry/talent/", "/portfolio/patents/", "/portfolio/trademarks/",
         "/protection/cases/", "/financing/loans/", "/incentives/programmes/", "/dashboard/",
         "/accounts/organisations/"]  # fmt: skip


def test_no_probe_runs_on_the_main_pages(page: Page, live_server, people):
    portfolio_actions.add_patent(
        actor=None,
        application_number="202010000004.5",
        owners=[people.enterprise],
        title="一种锂电池极片涂布装置",
        filing_date="2021-03-01",
        status="granted",
    )
    planted = plant_probes()
    assert planted["registry.Enterprise.name"] and planted["portfolio.Patent.title"]
    patent = Patent.objects.get()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))  # type: ignore[call-overload, func-returns-value]  # records and dismisses in one callback
    base = live_server.url
    for username, pages in (
        ("alice", [*PAGES, f"/registry/enterprises/{people.enterprise.pk}/", f"/portfolio/patents/{patent.pk}/"]),
        ("bob", ["/", "/portfolio/patents/", f"/portfolio/patents/{patent.pk}/"]),
    ):
        page.context.clear_cookies()
        log_in(page, base, username)
        for path in pages:
            page.goto(base + path)
            page.wait_for_load_state("load")
    assert dialogs == []
    # The probes are on the pages, as text.
    page.goto(f"{base}/portfolio/patents/{patent.pk}/")
    assert "alert(1)" in page.inner_text("body")
