import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import log_in, menu, screenshot
from portfolio.tests.factories import patent_rows, to_csv
from refdata.loading import ensure_loaded

pytestmark = pytest.mark.browser


def test_clerk_imports_a_file_fixes_it_and_opens_the_plan_page(
    page: Page, live_server, job_worker, people, tmp_path, settings
):
    ensure_loaded()
    # The import runs on the task queue: a worker thread on PostgreSQL, in line on SQLite (the
    # job_worker fixture says why).
    rows = patent_rows(3, people.enterprise.uscc, seed=9)
    good_number = rows[1]["申请号"]
    rows[1]["申请号"] = good_number[:-1] + ("0" if good_number[-1] != "0" else "1")
    rows[2]["IPC分类号"] = "Z99Z 1/00"
    bad_file = tmp_path / "patents-bad.csv"
    bad_file.write_bytes(to_csv(rows))
    rows[1]["申请号"] = good_number
    rows[2]["IPC分类号"] = "A61K 31/00"
    good_file = tmp_path / "patents-fixed.csv"
    good_file.write_bytes(to_csv(rows))

    log_in(page, live_server.url, "alice")
    menu(page, "企业与权利", "专利")
    page.get_by_role("link", name="导入专利").click()
    page.set_input_files("input[type=file]", str(bad_file))
    page.get_by_role("button", name="上传并导入").click()
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("未导入任何数据", timeout=60_000)  # once the worker has run it
    table = errors.locator("table tbody tr")
    expect(table).to_have_count(2)
    expect(table.nth(0)).to_contain_text("3")
    expect(table.nth(1)).to_contain_text("Z99Z")
    screenshot(page, "import-errors")

    page.get_by_role("link", name="上传修改后的文件").click()
    page.set_input_files("input[type=file]", str(good_file))
    page.get_by_role("button", name="上传并导入").click()
    expect(page.locator("#import-result")).to_contain_text("新建 3", timeout=60_000)
    screenshot(page, "import-done")

    page.goto(f"{live_server.url}/registry/enterprises/{people.enterprise.pk}/")
    page.get_by_role("link", name="知识产权规划").click()
    expect(page.locator("h1")).to_contain_text("Bob Ltd")
    expect(page.locator("table").first).to_contain_text("3")
    expect(page.locator("#lapsing")).to_be_visible()
    screenshot(page, "plan-page")
