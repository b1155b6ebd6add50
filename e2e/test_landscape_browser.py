"""The clerk opens the landscape report, filters it by IPC, and downloads the PDF, which
renders the Chinese titles (checked with pdftotext)."""

import subprocess

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import log_in, screenshot
from landscape.corpus import get_store
from portfolio import actions as portfolio_actions
from refdata.loading import ensure_loaded
from refdata.sources import SAMPLES

pytestmark = pytest.mark.browser
CN_SAMPLE = SAMPLES / "cn_patents_liaoleyuan" / "sample_test.csv"


def test_the_clerk_filters_the_report_and_downloads_the_pdf(page: Page, live_server, people, settings, tmp_path):
    settings.LANDSCAPE_STORE_DIR = tmp_path / "store"
    ensure_loaded()  # an earlier transactional test may have flushed the reference tables
    for number, title, ipc in (
        ("202010000004.5", "一种锂电池极片涂布装置", "H01M 4/04"),
        ("202010000005.X", "一种图像检索方法", "G06F 16/50"),
    ):
        portfolio_actions.add_patent(
            actor=None,
            application_number=number,
            owners=[people.enterprise],
            title=title,
            abstract=title + "，提高效率。",
            filing_date="2021-03-01",
            grant_date="2023-06-01",
            status="granted",
            ipc_codes=[ipc],
        )
    store = get_store()
    if CN_SAMPLE.exists():
        assert store.import_file(CN_SAMPLE).ok
    base = live_server.url
    log_in(page, base, "alice")
    page.goto(f"{base}/landscape/report/")
    expect(page.locator("#key-patents")).to_contain_text("一种锂电池极片涂布装置")
    expect(page.locator("#key-patents")).to_contain_text("一种图像检索方法")
    screenshot(page, "landscape-report")

    page.fill("#id_ipc", "H01M")
    page.locator("#apply").click()
    expect(page.locator("#slice-text")).to_contain_text("H01M")
    expect(page.locator("#total")).to_have_text("1")
    expect(page.locator("#key-patents")).to_contain_text("一种锂电池极片涂布装置")
    expect(page.locator("#key-patents")).not_to_contain_text("一种图像检索方法")
    screenshot(page, "landscape-report-filtered")

    with page.expect_download() as info:
        page.locator("#download-pdf").click()
    pdf = tmp_path / "report.pdf"
    info.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    assert "一种锂电池极片涂布装置" in text
    assert "一种图像检索方法" not in text
    assert "专利导航" in text or "专利" in text

    page.goto(f"{base}/landscape/search/?q=涂布")
    expect(page.locator("#hits")).to_contain_text("一种锂电池极片涂布装置")
    screenshot(page, "landscape-search")

    page.goto(f"{base}/landscape/quality/")
    page.fill("#id_award-application_number", "202010000004.5")
    page.fill("#id_award-year", "2024")
    page.select_option("#id_award-level", "gold")
    page.locator("#award-form button[type=submit]").click()
    expect(page.locator("#awards")).to_contain_text("一种锂电池极片涂布装置")
    screenshot(page, "landscape-quality")
