"""A clerk searches for similar marks and reviews a protected-mark watch hit."""

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import log_in, screenshot
from portfolio import actions as portfolio_actions
from refdata.loading import ensure_loaded
from similarity import actions, index
from similarity.models import WatchHit
from similarity.watch import check_text_against_watch

pytestmark = pytest.mark.browser


@pytest.fixture
def district(people, settings, tmp_path):
    """A few marks in the portfolio, a GI on the protected list and one lead that hit it."""
    ensure_loaded()  # transactional tests flush the reference data with everything else
    settings.SIMILARITY_INDEX_DIR = str(tmp_path / "index")
    index.forget_open_indexes()
    for owner, number, text, group in [
        (people.enterprise, "30000001", "芝罘", "3301"),
        (people.other_enterprise, "30000002", "芝罘", "0901"),
        (people.other_enterprise, "30000003", "知福", "3301"),
        (people.enterprise, "30000004", "蓝海", "3301"),
    ]:
        portfolio_actions.add_trademark(
            actor=None,
            number=number,
            owner=owner,
            groups=[group],
            mark_text=text,
            filing_date="2020-01-01",
            status="applied",
        )
    portfolio_actions.add_geographical_indication(
        actor=None, name="烟台葡萄酒", product="葡萄酒", protection="certification_mark", nice_class=33
    )
    actions.sync_protected_list(actor=None)
    check_text_against_watch("烟台葡萄洒", [33], "执法线索 2026-001", None)
    yield people
    index.forget_open_indexes()


def test_clerk_searches_a_mark_and_sees_ranked_hits_with_reasons(page: Page, live_server, district):
    log_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/similarity/search/")
    page.fill("#id_q", "芝罘湾")
    page.fill("#id_classes", "33")
    page.locator("main form[method=get] button[type=submit]").click()
    rows = page.locator("table.hits tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("芝罘")
    expect(rows.nth(0)).to_contain_text("30000001")
    expect(rows.nth(0).locator("td.score")).to_have_text("80")
    expect(rows.nth(0).locator("ul.reasons")).to_contain_text("芝罘")
    expect(rows.nth(1)).to_contain_text("知福")
    expect(page.locator("table.hits")).not_to_contain_text("30000002")  # class 9 is filtered out
    screenshot(page, "similarity-search")


def test_clerk_dismisses_a_watch_hit_with_a_reason(page: Page, live_server, district):
    log_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/similarity/watch/")
    page.get_by_role("link", name="烟台葡萄洒").click()
    expect(page.locator("h1")).to_contain_text("烟台葡萄酒")
    expect(page.locator(".pair")).to_contain_text("烟台葡萄洒")
    screenshot(page, "similarity-watch-hit")
    page.fill("#id_note", "线索中的错别字，并非仿冒")
    page.locator("button[value=dismissed]").click()
    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator("table").last).to_contain_text("线索中的错别字")
    hit = WatchHit.objects.get()
    assert hit.decided_by is not None
    assert (hit.status, hit.decided_by.username) == ("dismissed", "alice")
    screenshot(page, "similarity-watch-dismissed")
