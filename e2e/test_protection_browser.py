"""A lead becomes a case, its figures meet the criminal threshold, the head approves the
transfer, the officer sends it with its documents and the police liaison accepts it; the
transfer time is shown against the district's one-working-day goal."""

import datetime as dt
from importlib import import_module

import pytest
import time_machine
from django.apps import apps as django_apps
from playwright.sync_api import Page, expect

from accounts.choices import Role
from e2e.conftest import log_in, screenshot
from protection.models import Case, Transfer
from protection.tests.base import PDF, ProtectionMixin
from refdata.loading import ensure_loaded

pytestmark = pytest.mark.browser
# Wednesday 6 May 2026, 10:00 in Shanghai: a working day.
WHEN = dt.datetime(2026, 5, 6, 2, tzinfo=dt.UTC)


class Protection(ProtectionMixin):
    pass


@pytest.fixture
def protection(transactional_db):
    ensure_loaded()
    # Transactional tests before this one flush the database, taking the thresholds the data
    # migration loaded with it; load them again the same way.
    import_module("protection.migrations.0002_criminal_thresholds").load(django_apps, None)
    Protection.make_people()
    Protection.enforcer2 = Protection.person(Protection.office, "ed", Role.ENFORCEMENT)
    return Protection


def as_user(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, base, username)


def submit(page: Page, form_selector: str) -> None:
    page.locator(form_selector).locator("button[type=submit]").click()
    expect(page.locator(".messages .success")).to_have_count(1)


def test_a_lead_is_filed_meets_the_threshold_and_the_police_accept_the_transfer(page: Page, live_server, protection):
    base = live_server.url
    with time_machine.travel(WHEN, tick=True):
        as_user(page, base, "eric")
        page.goto(f"{base}/protection/case-list/")
        page.locator("a[href$='/protection/cases/new/']").click()
        page.select_option("#id_source", "inspection")
        page.fill("#id_summary", "芝罘演示农贸市场发现假冒“梦之蓝”白酒")
        page.fill("#id_mark_text", "梦之蓝")
        page.fill("#id_respondent_name", "某烟酒店")
        page.select_option("#id_offence", "counterfeit_mark")
        page.select_option("#id_right_kind", "trademark")
        page.locator("form.stacked button[type=submit]").click()
        expect(page.locator("#status")).to_be_visible()
        case = Case.objects.get()
        screenshot(page, "protection-lead")

        # File with two officers, start the investigation, record the figures.
        form = page.locator("#step-filed")
        form.locator(f"input[name=officers][value='{protection.enforcer.pk}']").check()
        form.locator(f"input[name=officers][value='{protection.enforcer2.pk}']").check()
        submit(page, "#step-filed")
        submit(page, "#step-investigating")
        page.fill("#figures [name=business_volume]", "68000")
        page.fill("#figures [name=illegal_gain]", "12000")
        submit(page, "#figures")
        expect(page.locator("#threshold strong")).to_be_visible()

        # The documents that go with a transfer.
        for kind, name in [
            ("transfer_letter", "移送书.pdf"),
            ("investigation_report", "调查报告.pdf"),
            ("seized_items", "涉案物品清单.pdf"),
        ]:
            page.select_option("#upload [name=kind]", kind)
            page.set_input_files("#upload [name=file]", {"name": name, "mimeType": "application/pdf", "buffer": PDF})
            submit(page, "#upload")
        expect(page.locator("#evidence tbody tr")).to_have_count(3)
        page.select_option("#propose [name=police]", str(protection.police.pk))
        page.locator("#propose button[type=submit]").click()
        expect(page.locator("#status")).to_be_visible()
        transfer = Transfer.objects.get()
        detail = f"{base}/protection/transfers/{transfer.pk}/"

        # The head approves; the officer sends it with its documents.
        as_user(page, base, "leo")
        page.goto(detail)
        submit(page, "#step-approved")
        as_user(page, base, "eric")
        page.goto(detail)
        submit(page, "#step-sent")
        expect(page.locator("#documents tbody tr")).to_have_count(3)

        # The police liaison finds it in the list and accepts it.
        as_user(page, base, "paul")
        page.goto(f"{base}/protection/transfer-list/")
        page.locator("#transfers").get_by_role("link", name=case.number).click()
        page.fill("#step-accepted [name=police_case_number]", "芝公（测试）立字1号")
        submit(page, "#step-accepted")
        expect(page.locator("#accepted-at")).to_be_visible()
        expect(page.locator("#timing .goal-met")).to_be_visible()
        screenshot(page, "protection-transfer-accepted")

        transfer.refresh_from_db()
        assert transfer.status == "accepted"
        assert transfer.police_case_number == "芝公（测试）立字1号"
        page.goto(f"{base}/protection/transfer-list/")
        expect(page.locator("#transfers .goal-met")).to_have_count(1)
        screenshot(page, "protection-transfer-list")

        # The other police station sees nothing of it.
        as_user(page, base, "pete")
        response = page.goto(detail)
        assert response is not None and response.status == 404
