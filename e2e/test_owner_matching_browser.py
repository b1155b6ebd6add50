"""A clerk imports a patent database's export whose owner the registry does not know under
that name: the patent is imported, the owner's name waits on the matching queue with the
registered enterprise suggested, the clerk matches it, and the patent shows under that
enterprise."""

import csv
import io

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import import_export, log_in, screenshots, zh
from portfolio.models import OwnerDecision, OwnerName, Patent
from portfolio.tests.factories import numbered
from refdata.loading import ensure_loaded

pytestmark = pytest.mark.browser
NUMBER = numbered(4242, year=2019)


def export_file() -> bytes:
    """As the CNIPA search system exports it: its own headings, dates as 20190301, GBK."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    headings = [
        "申请号",
        "发明名称",
        "申请(专利权)人",
        "申请日",
        "公开(公告)号",
        "IPC主分类号",
        "法律状态",
        "申请人地址",
    ]
    writer.writerow(headings)
    row = [f"CN{NUMBER}", "一种葡萄酒发酵装置", "BOB LIMITED", "20190301", "CN110000001A", "C12G 1/00", "审中", "烟台"]
    writer.writerow(row)
    return buffer.getvalue().encode("gbk")


def test_an_unknown_owner_is_matched_by_the_clerk(page: Page, live_server, job_worker, people, tmp_path):
    ensure_loaded()
    path = tmp_path / "专利检索导出.csv"
    path.write_bytes(export_file())

    log_in(page, live_server.url, "alice")
    import_export(page, live_server.url, path, "CNIPA 专利检索及分析")
    expect(page.locator("#import-result")).to_contain_text("新建 1", timeout=60_000)
    expect(page.locator("#owners-waiting")).to_be_visible()
    expect(page.locator("#columns-ignored")).to_contain_text("申请人地址")
    screenshots(page, "owner-matching-import-done")
    patent = Patent.objects.get(application_number=NUMBER)
    assert not patent.owners.exists() and patent.source == "CNIPA 专利检索及分析"

    page.locator("#owners-waiting").get_by_role("link", name=zh("Match owner names")).click()
    expect(page.locator("main table")).to_contain_text("BOB LIMITED")
    screenshots(page, "owner-matching-queue")
    page.get_by_role("link", name="BOB LIMITED").click()
    expect(page.locator("#suggestions")).to_contain_text("Bob Ltd")
    page.get_by_label(zh("It is this registered enterprise")).check()
    page.select_option("#id_enterprise", str(people.enterprise.pk))
    screenshots(page, "owner-matching-decide")
    page.get_by_role("button", name=zh("Keep the decision")).click()
    expect(page.locator(".messages .success")).to_have_count(1)

    assert OwnerName.objects.get().decision == OwnerDecision.MATCHED
    page.goto(f"{live_server.url}/portfolio/patents/?owner={people.enterprise.pk}")
    expect(page.locator("main table")).to_contain_text(NUMBER)
    screenshots(page, "owner-matching-patent-under-enterprise")
    page.get_by_role("link", name=NUMBER).click()
    expect(page.locator("dl.facts")).to_contain_text("Bob Ltd")
    expect(page.locator("dl.facts")).to_contain_text("CNIPA 专利检索及分析")
    screenshots(page, "owner-matching-patent-page")
    assert list(patent.owners.all()) == [people.enterprise]
