"""Issue 18: the search page shows why marks in another order or another script are similar."""

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import log_in, screenshots
from portfolio import actions as portfolio_actions
from refdata.loading import ensure_loaded
from similarity import index

pytestmark = pytest.mark.browser


@pytest.fixture
def marks(people, settings, tmp_path):
    ensure_loaded()
    settings.SIMILARITY_INDEX_DIR = str(tmp_path / "index")
    index.forget_open_indexes()
    for number, text, group in [
        ("30000011", "梦之蓝", "3301"),
        ("30000012", "DREAM BLUE", "3301"),
        ("30000013", "MENGZHILAN", "3301"),
        ("30000014", "梦之蓝特曲", "3301"),
    ]:
        portfolio_actions.add_trademark(
            actor=None,
            number=number,
            owner=people.enterprise,
            groups=[group],
            mark_text=text,
            filing_date="2020-01-01",
            status="applied",
        )
    yield people
    index.forget_open_indexes()


def test_reordered_translated_and_spelled_marks_show_their_reasons(page: Page, live_server, marks):
    log_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/similarity/search/")
    page.fill("#id_q", "蓝之梦")
    page.fill("#id_classes", "33")
    page.locator("main form:not(#logo-search) button[type=submit]").click()
    table = page.locator("table.hits")
    row = table.locator("tbody tr", has_text="30000011")
    expect(row.locator("ul.reasons")).to_contain_text("字序不同")
    expect(table.locator("tbody tr", has_text="30000014").locator("ul.reasons")).to_contain_text("字序不同")
    page.fill("#id_q", "梦之蓝")
    page.locator("main form:not(#logo-search) button[type=submit]").click()
    expect(table.locator("tbody tr", has_text="30000012").locator("ul.reasons")).to_contain_text("含义相同")
    expect(table.locator("tbody tr", has_text="30000013").locator("ul.reasons")).to_contain_text(
        "拼音相同：mengzhilan = meng zhi lan"
    )
    expect(table.locator("tbody tr", has_text="30000014").locator("ul.reasons")).to_contain_text("包含 梦之蓝")
    screenshots(page, "similarity-v2-reasons")
