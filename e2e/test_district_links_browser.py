"""The office of 福山区 links a mediation body that serves it too and unlinks a bank that no longer
does, from the 服务区县 page; each change is in the audit trail; another district's page is 未找到."""

import pytest
from playwright.sync_api import Page, expect

from audit.models import AuditEvent
from e2e.conftest import log_in, menu, screenshots, zh

pytestmark = pytest.mark.browser


def test_the_office_links_and_unlinks_the_organisations_serving_its_district(page: Page, live_server, people):
    log_in(page, live_server.url, "fu_clerk")
    menu(page, zh("Administration"), zh("Districts served"))
    expect(page.locator("h1")).to_have_text(zh("Districts served"))
    row = page.locator("#districts tbody tr")
    expect(row).to_have_count(1)  # the office's own district only
    expect(row).to_contain_text("山东省 烟台市 福山区")
    row.get_by_role("link").click()

    expect(page.locator("h1")).to_have_text(zh("Who serves %(name)s") % {"name": "福山区"})
    serving = page.locator("#serving tbody tr")
    expect(serving).to_have_count(1)
    expect(serving.first).to_contain_text("Bank")
    expect(serving.first).to_contain_text("芝罘区、福山区")

    page.select_option("#id_organisation", label=f"Mediation（{zh('Mediation body')}）")
    page.locator("#link-form").get_by_role("button", name=zh("Link"), exact=True).click()
    expect(page.locator(".messages .success")).to_contain_text("Mediation")
    expect(serving).to_have_count(2)
    expect(page.locator(f"#serving tr[data-organisation='{people.mediation.pk}']")).to_contain_text("芝罘区、福山区")
    paths = screenshots(page, "district-links")
    assert all(path.stat().st_size > 10_000 for path in paths)

    bank_row = page.locator(f"#serving tr[data-organisation='{people.bank.pk}']")
    bank_row.get_by_role("button").click()
    expect(page.locator(".messages .success")).to_contain_text("Bank")
    expect(serving).to_have_count(1)
    assert set(people.bank.districts.values_list("code", flat=True)) == {"370602"}
    actions = list(AuditEvent.objects.filter(actor=people.second_clerk).values_list("action", flat=True))
    assert actions.count("organisation.link_district") == 1
    assert actions.count("organisation.unlink_district") == 1

    response = page.goto(f"{live_server.url}/accounts/districts/370602/")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("未找到")
