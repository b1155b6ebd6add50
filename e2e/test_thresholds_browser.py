"""The criminal thresholds page shows the 2025 version (法释〔2025〕5号) above the 2010 standard,
each row with its source; a case whose facts predate 2025-04-26 is measured by the 2010 figures,
the same figures a day later by the 2025 ones."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import as_user, screenshots, submit
from protection.choices import Offence
from protection.tests.base import at

pytestmark = pytest.mark.browser


def test_the_versions_are_shown_with_their_sources_and_a_case_is_measured_by_its_facts_day(
    page: Page, live_server, protection
):
    base = live_server.url
    as_user(page, base, "leo")
    page.goto(f"{base}/protection/thresholds/")
    new, old = page.locator("#version-2025-04-26"), page.locator("#version-2010-05-07")
    expect(new).to_contain_text("法释〔2025〕5号")
    expect(new).to_contain_text("销售侵权复制品")
    expect(new).to_contain_text("2 年内受过处罚后再次实施")
    expect(old).to_contain_text("2025-04-25")
    expect(new.locator("a[href^='http']").first).to_be_visible()
    screenshots(page, "thresholds-versions")

    # A seller with an illegal gain of 30,000 yuan: no threshold under 2010, one under 2025.
    case = protection.investigate(
        protection.file(protection.lead(at(2026, 3, 2)), at(2026, 3, 3)),
        at(2026, 3, 4),
        gain="30000",
        offence=Offence.SELLING_COUNTERFEITS,
    )
    as_user(page, base, "eric")
    page.goto(f"{base}/protection/cases/{case.pk}/")
    page.fill("#figures [name=facts_on]", dt.date(2025, 4, 25).isoformat())
    submit(page, "#figures")
    expect(page.locator("#threshold strong")).to_have_count(0)
    page.fill("#figures [name=facts_on]", dt.date(2025, 4, 26).isoformat())
    submit(page, "#figures")
    expect(page.locator("#threshold strong")).to_be_visible()
    expect(page.locator("#threshold")).to_contain_text("30000")
    screenshots(page, "thresholds-case-2025")
