"""An enterprise manager imports the enterprise's trademarks from a spreadsheet: the first file
has a wrong group and a mark of another enterprise, nothing is imported and each bad row is
listed; the corrected file imports every mark, which the list then shows."""

import csv
import io

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import log_in, menu, screenshots, zh
from portfolio.models import ImportJob, Trademark
from refdata.loading import ensure_loaded

pytestmark = pytest.mark.browser
HEADERS = [
    "注册号/申请号",
    "商标",
    "商标类型",
    "权利人统一社会信用代码",
    "类似群",
    "指定商品/服务",
    "申请日",
    "注册日",
    "商标状态",
]


def marks_file(owner: str, other: str, *, fixed: bool) -> bytes:
    rows = [
        ["30000101", "芝罘湾", "普通商标", owner, "3301", "葡萄酒;白兰地", "2015-03-02", "2016-05-07", "已注册"],
        [
            "30000102",
            "烟台红",
            "普通商标",
            owner,
            "3301" if fixed else "3399",
            "葡萄酒",
            "2018-06-01",
            "2019-08-14",
            "已注册",
        ],
        ["30000103", "BOBCOAT", "普通商标", owner if fixed else other, "0901", "", "2024-02-20", "", "申请中"],
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")  # as a spreadsheet saves it: UTF-8 with a BOM


def test_a_manager_imports_the_enterprises_trademarks(page: Page, live_server, job_worker, people, tmp_path):
    ensure_loaded()
    owner, other = people.enterprise.uscc, people.other_enterprise.uscc
    bad_file, good_file = tmp_path / "商标-有误.csv", tmp_path / "商标.csv"
    bad_file.write_bytes(marks_file(owner, other, fixed=False))
    good_file.write_bytes(marks_file(owner, other, fixed=True))

    log_in(page, live_server.url, "bob")
    menu(page, zh("Enterprises and rights"), zh("Registered marks"))
    page.get_by_role("link", name=zh("Import trademarks")).click()
    page.set_input_files("input[type=file]", str(bad_file))
    page.get_by_role("button", name=zh("Upload and import")).click()
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text(zh("Nothing was imported."), timeout=60_000)  # once the job has run
    rows = errors.locator("table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("3")  # the row number, counting the header as row 1
    expect(rows.nth(0)).to_contain_text("3399")
    expect(rows.nth(1)).to_contain_text("4")
    expect(rows.nth(1)).to_contain_text(other)
    screenshots(page, "trademark-import-errors")
    assert not Trademark.objects.exists()

    page.get_by_role("link", name=zh("Upload a corrected file")).click()
    page.set_input_files("input[type=file]", str(good_file))
    page.get_by_role("button", name=zh("Upload and import")).click()
    expect(page.locator("#import-result")).to_contain_text("新建 3", timeout=60_000)
    screenshots(page, "trademark-import-done")

    page.get_by_role("link", name=zh("Open the list")).click()
    for text in ("芝罘湾", "烟台红", "BOBCOAT"):
        expect(page.locator("main table")).to_contain_text(text)
    screenshots(page, "trademark-list-after-import")

    marks = {m.number: m for m in Trademark.objects.filter(owner=people.enterprise)}
    assert set(marks) == {"30000101", "30000102", "30000103"}
    assert sorted(marks["30000101"].goods.values_list("group_code", flat=True)) == ["3301"]
    assert marks["30000103"].status == "applied" and marks["30000101"].status == "registered"
    jobs = list(ImportJob.objects.order_by("pk").values_list("kind", "status", "created_by__username"))
    assert jobs == [("trademarks", "failed", "bob"), ("trademarks", "done", "bob")]
