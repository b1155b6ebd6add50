"""Issue 20: a university imports its list of offered patents from a spreadsheet: a file with a
bad row is refused whole with the row named; the corrected file lists every patent."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import Page, expect

from accounts import actions as account_actions
from accounts.choices import OrganisationKind, Role
from core.tests.people import PASSWORD
from e2e.conftest import as_user, menu, screenshots, zh
from exchange.models import Offer
from portfolio.models import ImportJob
from portfolio.numbers import check_character
from refdata.loading import ensure_loaded

pytestmark = pytest.mark.browser


def num(body: str) -> str:
    return f"{body}.{check_character(body)}"


def offers_file(*, fixed: bool) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "申请号",
            "转化方式",
            "专利名称",
            "申请日",
            "法律状态",
            "转让价格（元）",
            "提成比例（%）",
            "许可年限",
            "联系人",
        ]
    )
    writer.writerow(
        [num("202210000701"), "转让", "一种海水淡化反渗透膜", "2022-04-01", "有效", "120000", "", "", "王老师"]
    )
    writer.writerow(
        [
            num("202210000702"),
            "开放许可",
            "一种锂电池隔膜",
            "2022-05-01",
            "有效",
            "",
            "3",
            "3" if fixed else "",
            "王老师",
        ]
    )
    return buffer.getvalue().encode("gbk")


def test_a_university_imports_its_list_of_offered_patents(page: Page, live_server, job_worker, people, tmp_path):
    ensure_loaded()
    university = account_actions.create_organisation(actor=None, name="烟台演示大学", kind=OrganisationKind.UNIVERSITY)
    account_actions.create_user(
        actor=None, organisation=university, username="uma", password=PASSWORD, role=Role.MEMBER
    )
    bad_file, good_file = tmp_path / "挂牌专利-有误.csv", tmp_path / "挂牌专利.csv"
    bad_file.write_bytes(offers_file(fixed=False))
    good_file.write_bytes(offers_file(fixed=True))

    as_user(page, live_server.url, "uma")
    menu(page, "转化运用", "挂牌专利")
    page.get_by_role("link", name=zh("Import a list of patents")).click()
    expect(page.locator("main table")).to_contain_text("转化方式")
    screenshots(page, "exchange-import-new")
    page.set_input_files("input[type=file]", str(bad_file))
    page.get_by_role("button", name=zh("Upload and import")).click()
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text(zh("Nothing was imported."), timeout=60_000)
    expect(errors.locator("table tbody tr").first).to_contain_text("许可年限")
    screenshots(page, "exchange-import-errors")
    assert not Offer.objects.exists()

    page.get_by_role("link", name=zh("Upload a corrected file")).click()
    page.set_input_files("input[type=file]", str(good_file))
    page.get_by_role("button", name=zh("Upload and import")).click()
    expect(page.locator("#import-result")).to_contain_text("新建 2", timeout=60_000)
    screenshots(page, "exchange-import-done")
    page.get_by_role("link", name=zh("Open the list")).click()
    for text in ("一种海水淡化反渗透膜", "一种锂电池隔膜"):
        expect(page.locator("main table")).to_contain_text(text)
    assert set(Offer.objects.values_list("organisation__name", flat=True)) == {"烟台演示大学"}
    jobs = list(ImportJob.objects.order_by("pk").values_list("kind", "status"))
    assert jobs == [("exchange_offers", "failed"), ("exchange_offers", "done")]
