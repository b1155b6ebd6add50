"""A clerk searches by a logo and finds its near-duplicate; a watch hit on an outside mark still
open to opposition shows its last day to oppose, on the hit and on the clerk's home page."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import log_in, screenshots
from portfolio import actions as portfolio_actions
from refdata.loading import ensure_loaded
from similarity import actions, index, logos
from similarity.importing import import_corpus_file
from similarity.logo_synth import cropped, draw_logo, png_bytes, recoloured, scaled
from similarity.opposition import last_day_to_oppose
from similarity.tests.base import corpus_csv

pytestmark = pytest.mark.browser

HEADER = ["注册号/申请号", "商标", "申请人/权利人", "国际分类", "类似群", "申请日", "初审公告日", "商标状态"]


@pytest.fixture
def marks(people, settings, tmp_path):
    ensure_loaded()
    settings.SIMILARITY_INDEX_DIR = str(tmp_path / "index")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    index.forget_open_indexes()
    logos.forget()
    for number, text, seed in [("30000001", "芝罘", 7), ("30000002", "蓝海", 8)]:
        portfolio_actions.add_trademark(
            actor=None,
            number=number,
            owner=people.enterprise,
            groups=["3301"],
            mark_text=text,
            filing_date="2020-01-01",
            status="registered",
            image=ContentFile(png_bytes(draw_logo(seed)), name=f"{number}.png"),
        )
    actions.add_protected_mark(actor=None, name="芝罘", nice_classes=[33])
    published = timezone.localdate() - dt.timedelta(days=20)
    rows = [["70000001", "芝罘湾", "某酒业公司", "33", "3301", "2026-01-05", str(published), "申请中"]]
    outcome = import_corpus_file(corpus_csv(rows, HEADER), "extract.csv", actor=people.clerk)
    assert outcome.ok, outcome.row_errors
    yield published
    index.forget_open_indexes()


def test_clerk_uploads_a_logo_and_finds_its_near_duplicate(page: Page, live_server, marks, tmp_path):
    changed = tmp_path / "look-alike.png"
    changed.write_bytes(png_bytes(cropped(recoloured(scaled(draw_logo(7), 0.6)), 0.05)))
    log_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/similarity/search/")
    page.set_input_files("#id_image", str(changed))
    page.locator("#logo-search button[type=submit]").click()
    rows = page.locator("table.hits tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.nth(0)).to_contain_text("30000001")
    expect(rows.nth(0).locator("img.logo")).to_be_visible()
    expect(page.locator("#searched")).to_contain_text("本区商标 2 件（更新于")
    expect(page.locator("#searched")).to_contain_text("外部商标库 0 件")
    screenshots(page, "similarity-logo-search")


def test_clerk_is_told_a_bad_file_is_not_an_image(page: Page, live_server, marks, tmp_path):
    bad = tmp_path / "notes.png"
    bad.write_bytes(b"these are notes, not a picture")
    log_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/similarity/search/")
    page.set_input_files("#id_image", str(bad))
    page.locator("#logo-search button[type=submit]").click()
    expect(page.locator("#logo-search")).to_contain_text("此文件不是图片")


def test_clerk_sees_the_last_day_to_oppose_on_the_hit_and_the_home_page(page: Page, live_server, marks):
    last = f"{last_day_to_oppose(marks):%Y-%m-%d}"
    log_in(page, live_server.url, "alice")
    expect(page.locator("main")).to_contain_text("芝罘湾")
    screenshots(page, "similarity-opposition-home")
    page.goto(f"{live_server.url}/similarity/watch/")
    expect(page.locator("td.opposition").first).to_contain_text(last)
    page.get_by_role("link", name="芝罘湾").click()
    expect(page.locator("#opposition")).to_contain_text(f"异议期最后一日：{last}")
    expect(page.locator("#opposition")).to_contain_text("商标法第三十三条")
    screenshots(page, "similarity-opposition-hit")
