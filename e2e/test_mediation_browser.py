"""An enterprise applies for people's mediation; the mediation committee accepts it and assigns
a mediator, who holds a session and records the signed agreement; the enterprise applies with
the other party for judicial confirmation and the court's confirmation is recorded."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from playwright.sync_api import Page, expect

from e2e.conftest import as_user, screenshots, submit, zh
from protection.choices import MediationStatus
from protection.models import Mediation

pytestmark = pytest.mark.browser
# Wednesday 6 May 2026, 10:00 in Shanghai: a working day.
WHEN = dt.datetime(2026, 5, 6, 2, tzinfo=dt.UTC)
AGREEMENT = "被申请人停止使用近似标识，于2026年6月30日前赔偿申请人3万元"


def open_mediation(page: Page, base: str, username: str, mediation: Mediation) -> None:
    as_user(page, base, username)
    page.goto(f"{base}/protection/mediation-list/")
    page.locator("main table").get_by_role("link", name=str(mediation.pk), exact=True).click()
    expect(page.locator("h1")).to_contain_text(f"#{mediation.pk}")


def test_a_mediation_from_application_to_judicial_confirmation(page: Page, live_server, protection):
    base = live_server.url
    with time_machine.travel(WHEN, tick=True):
        # Bob's enterprise applies, in its own name, to the district's mediation committee.
        as_user(page, base, "bob")
        page.goto(f"{base}/protection/mediation-list/")
        page.get_by_role("link", name=zh("Apply for people's mediation")).click()
        expect(page.locator("#id_applicant_name")).to_have_count(0)
        page.select_option("#id_body", str(protection.mediation.pk))
        page.fill("#id_respondent_name", "烟台某贸易有限公司")
        page.select_option("#id_right_kind", "trademark")
        page.fill("#id_dispute", "对方在同类商品上使用与我方注册商标近似的标识")
        page.fill("#id_claim_amount", "50000")
        page.locator("main form.stacked button[type=submit]").click()
        expect(page.locator("#status")).to_have_text(zh(MediationStatus.APPLIED.label))
        mediation = Mediation.objects.get()
        assert mediation.applicant == protection.enterprise and mediation.body == protection.mediation
        screenshots(page, "mediation-applied")

        # The committee accepts it and assigns Mona, who records a session and the agreement.
        open_mediation(page, base, "mona", mediation)
        submit(page, "#step-accepted")
        expect(page.locator("#status")).to_have_text(zh(MediationStatus.ACCEPTED.label))
        page.select_option("#step-in_session [name=mediator]", str(protection.mediator.pk))
        submit(page, "#step-in_session")
        expect(page.locator("#status")).to_have_text(zh(MediationStatus.IN_SESSION.label))
        session = page.locator(f"form[action$='/mediations/{mediation.pk}/sessions/']")
        session.locator("[name=held_at]").fill("2026-05-06T09:30")
        session.locator("[name=place]").fill("芝罘区人民调解委员会调解室")
        session.locator("[name=notes]").fill("双方到场，就赔偿数额达成初步意向")
        session.locator("button[type=submit]").click()
        expect(page.locator("#sessions tbody tr")).to_have_count(1)
        expect(page.locator("#sessions")).to_contain_text("芝罘区人民调解委员会调解室")
        # Both parties agree to go on mediating: Mona records how and until when.
        extend = page.locator("#extend")
        extend.locator("[name=consent]").fill("双方在调解笔录上签字同意延长")
        extend.locator("[name=new_due]").fill("2026-06-30")
        extend.locator("button[type=submit]").click()
        expect(page.locator("#id_extend_both_agree_error")).to_be_visible()  # one box unticked
        expect(page.locator("#extend [name=consent]")).to_have_value("双方在调解笔录上签字同意延长")
        page.check("#extend [name=both_agree]")
        page.locator("#extend button[type=submit]").click()
        expect(page.locator("#term-extensions tbody tr")).to_have_count(1)
        expect(page.locator("#clock")).to_contain_text("2026-06-30")
        screenshots(page, "mediation-extended")
        page.fill("#step-agreed [name=agreement_text]", AGREEMENT)
        page.fill("#step-agreed [name=agreed_amount]", "30000")
        page.check("#step-agreed [name=signed_by_parties]")
        submit(page, "#step-agreed")
        expect(page.locator("#status")).to_have_text(zh(MediationStatus.AGREED.label))
        expect(page.locator("#agreement")).to_contain_text("30,000.00")
        screenshots(page, "mediation-agreed")

        # Bob applies, with the other party, for judicial confirmation.
        open_mediation(page, base, "bob", mediation)
        expect(page.locator("#agreement")).to_contain_text(AGREEMENT)
        page.check("#step-confirmation [name=both_parties]")
        submit(page, "#step-confirmation")
        expect(page.locator("#status")).to_have_text(zh(MediationStatus.CONFIRMATION.label))
        expect(page.locator("main dl.facts")).to_contain_text("2026-05-06")
        expect(page.locator("#clock")).to_be_visible()  # the court's time to rule

        # The mediator records the court's confirmation.
        open_mediation(page, base, "mona", mediation)
        submit(page, "#step-confirmed")
        expect(page.locator("#status")).to_have_text(zh(MediationStatus.CONFIRMED.label))
        expect(page.locator(".steps")).to_have_count(0)  # nothing left to do
        screenshots(page, "mediation-confirmed")

        # Another mediation committee does not even find it.
        as_user(page, base, "max")
        response = page.goto(f"{base}/protection/mediations/{mediation.pk}/")
        assert response is not None and response.status == 404

    mediation.refresh_from_db()
    assert mediation.status == MediationStatus.CONFIRMED
    assert mediation.mediator == protection.mediator
    assert mediation.agreed_amount == Decimal("30000.00") and mediation.agreement_text == AGREEMENT
    assert mediation.confirmation_applied_at is not None and mediation.sessions.count() == 1
    assert list(mediation.term_extensions.values_list("new_due", flat=True)) == [dt.date(2026, 6, 30)]
    assert list(mediation.changes.values_list("to_status", "actor__username")) == [
        (MediationStatus.ACCEPTED, "mona"),
        (MediationStatus.IN_SESSION, "mona"),
        (MediationStatus.AGREED, "mona"),
        (MediationStatus.CONFIRMATION, "bob"),
        (MediationStatus.CONFIRMED, "mona"),
    ]
