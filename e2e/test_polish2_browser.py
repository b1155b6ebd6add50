"""Issue 17 item 4, the last step forms, in Chromium at 1366 and 390 px: a refused objection
resolution, case time-limit form and watch-hit decision show the page again with what was typed
and the reason beside the field, not a message above the page."""

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import Page, expect

from e2e.conftest import as_user, log_in, screenshots, zh
from e2e.test_incentives_objection_browser import in_public_notice, shanghai
from e2e.test_similarity_browser import district  # noqa: F401  # the fixture, used by name
from incentives import actions as incentive_actions
from incentives.choices import ObjectionStatus
from protection import actions as protection_actions
from protection.tests.base import at
from similarity.models import WatchHit

pytestmark = pytest.mark.browser


def test_a_refused_resolution_keeps_the_tick(page: Page, live_server, funds):
    application = in_public_notice(funds)
    assert application.notice_starts is not None and application.notice_ends is not None
    with time_machine.travel(shanghai(application.notice_starts)):
        objection = incentive_actions.raise_objection(
            actor=funds.other_manager, application=application, text="专利系受让取得"
        )
    base = live_server.url
    with time_machine.travel(shanghai(application.notice_ends + dt.timedelta(days=1)), tick=True):
        as_user(page, base, "rita")
        page.goto(f"{base}/incentives/applications/{application.pk}/")
        form = page.locator(f"#resolve-{objection.pk}")
        form.locator("[name=upheld]").check()
        form.get_by_role("button", name=zh("Resolve")).click()
        form = page.locator(f"#resolve-{objection.pk}")
        expect(page.locator(f"#id_resolve_{objection.pk}_resolution_error")).to_have_text(
            zh("Say how the objection was resolved.")
        )
        expect(form.locator("[name=upheld]")).to_be_checked()
        expect(page.locator(".messages .error")).to_have_count(0)
        form.scroll_into_view_if_needed()
        screenshots(page, "polish2-objection-refused")
        form.locator("[name=resolution]").fill("经核查异议属实")
        form.get_by_role("button", name=zh("Resolve")).click()
        expect(page.locator(".messages .success")).to_have_count(1)
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.UPHELD


def test_refused_time_limit_forms_keep_what_was_typed(page: Page, live_server, protection):
    case = protection.file(protection.lead(at(2026, 3, 2)), at(2026, 3, 3))
    case = protection_actions.extend_decision(actor=protection.leader, case=case, note="案情复杂")
    base = live_server.url
    as_user(page, base, "leo")
    page.goto(f"{base}/protection/cases/{case.pk}/")
    form = page.locator("#extend-further")
    form.locator("[name=decision]").fill("经负责人集体讨论决定继续延期")
    form.locator("[name=new_due]").fill("2026-03-04")
    form.locator("button[type=submit]").click()
    form = page.locator("#extend-further")
    expect(page.locator("#id_extend_further_new_due_error")).to_be_visible()
    expect(form.locator("[name=decision]")).to_have_value("经负责人集体讨论决定继续延期")
    expect(form.locator("[name=new_due]")).to_have_value("2026-03-04")
    expect(page.locator(".messages .error")).to_have_count(0)
    form.scroll_into_view_if_needed()
    screenshots(page, "polish2-further-extension-refused")
    assert not case.further_extensions.exists()

    as_user(page, base, "eric")
    page.goto(f"{base}/protection/cases/{case.pk}/")
    form = page.locator("#pause")
    form.locator("[name=reason]").fill("   ")
    form.locator("button[type=submit]").click()
    expect(page.locator("#id_pause_reason_error")).to_have_text(
        zh("Say why the time limit stops (testing, hearing, suspension…).")
    )
    page.locator("#pause").scroll_into_view_if_needed()
    screenshots(page, "polish2-pause-refused")


def test_a_refused_hit_decision_says_why_beside_the_note(page: Page, live_server, district):  # noqa: F811
    log_in(page, live_server.url, "alice")
    hit = WatchHit.objects.get()
    page.goto(f"{live_server.url}/similarity/watch/{hit.pk}/")
    page.fill("#id_note", "   ")
    page.locator("button[value=dismissed]").click()
    expect(page.locator("#id_note_error")).to_have_text(zh("Say why, in a sentence: the next person reads it."))
    expect(page.locator(".messages .error")).to_have_count(0)
    page.locator("#decide").scroll_into_view_if_needed()
    screenshots(page, "polish2-hit-refused")
    page.fill("#id_note", "线索中的错别字，并非仿冒")
    page.locator("button[value=dismissed]").click()
    expect(page.locator(".messages .success")).to_have_count(1)
    hit.refresh_from_db()
    assert hit.status == "dismissed"
