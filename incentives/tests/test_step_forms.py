"""The award application's note-only steps and the objection's resolution: a refusal shows the
application's page again with what was typed kept and the reason beside the field (or above
the form), not a message above the page; a foreigner gets 404."""

import datetime as dt

from django.test import TestCase
from django.urls import reverse
from django.utils.translation import gettext

from incentives import actions
from incentives.choices import ApplicationStatus, ObjectionStatus
from incentives.models import Application, Objection
from incentives.tests.base import FundsMixin


class StepFormTests(FundsMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_funds()

    def test_rejecting_without_a_reason_says_why_beside_the_note_and_the_page_stays(self):
        application = self.submit()
        self.client.force_login(self.clerk)
        page = self.client.post(reverse("incentives:take_step", args=[application.pk, "rejected"]), {"note": "  "})
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'id="step-rejected"')
        self.assertContains(page, 'id="id_step_rejected_note_error"')
        self.assertNotContains(page, 'class="messages"')
        # The other step's form is empty and has no error.
        self.assertContains(page, 'id="step-clerk_checked"')
        self.assertNotContains(page, 'id="id_step_clerk_checked_note_error"')
        self.assertEqual(Application.objects.get(pk=application.pk).status, ApplicationStatus.SUBMITTED)
        done = self.client.post(
            reverse("incentives:take_step", args=[application.pk, "rejected"]), {"note": "专利不属于申请企业"}
        )
        self.assertEqual(done.status_code, 302)
        self.assertEqual(Application.objects.get(pk=application.pk).rejection_reason, "专利不属于申请企业")

    def test_a_foreigner_taking_a_step_gets_404(self):
        application = self.submit()
        self.client.force_login(self.other_manager)
        page = self.client.post(reverse("incentives:take_step", args=[application.pk, "rejected"]), {"note": "x"})
        self.assertEqual(page.status_code, 404)
        self.assertEqual(Application.objects.get(pk=application.pk).status, ApplicationStatus.SUBMITTED)

    def test_an_unknown_step_is_404(self):
        application = self.submit()
        self.client.force_login(self.clerk)
        page = self.client.post(reverse("incentives:take_step", args=[application.pk, "nonsense"]), {"note": "x"})
        self.assertEqual(page.status_code, 404)

    def _objection(self):
        application = self.submit()
        for actor, status in [(self.clerk, "clerk_checked"), (self.reviewer, "reviewer_checked")]:
            application = actions.transition_application(actor=actor, application=application, to_status=status)
        application = actions.transition_application(
            actor=self.clerk, application=application, to_status="public_notice", today=dt.date.today()
        )
        objection = actions.raise_objection(
            actor=self.other_manager, application=application, text="专利已转让", today=application.notice_starts
        )
        return application, objection

    def test_resolving_without_saying_how_keeps_the_tick_and_says_why_beside_the_resolution(self):
        application, objection = self._objection()
        self.client.force_login(self.reviewer)
        url = reverse("incentives:resolve", args=[application.pk, objection.pk])
        page = self.client.post(url, {"upheld": "on", "resolution": " "})
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, f'id="resolve-{objection.pk}"')
        self.assertContains(page, f'id="id_resolve_{objection.pk}_resolution_error"')
        self.assertContains(page, gettext("Say how the objection was resolved."))
        self.assertRegex(
            page.content.decode(),
            rf'id="id_resolve_{objection.pk}_upheld"[^>]*checked|checked[^>]*id="id_resolve_{objection.pk}_upheld"',
        )
        self.assertNotContains(page, 'class="messages"')
        self.assertEqual(Objection.objects.get(pk=objection.pk).status, ObjectionStatus.OPEN)
        done = self.client.post(url, {"upheld": "on", "resolution": "核实属实"})
        self.assertEqual(done.status_code, 302)
        self.assertEqual(Objection.objects.get(pk=objection.pk).status, ObjectionStatus.UPHELD)

    def test_a_foreigner_resolving_gets_404(self):
        application, objection = self._objection()
        self.client.force_login(self.other_manager)
        page = self.client.post(reverse("incentives:resolve", args=[application.pk, objection.pk]), {"resolution": "x"})
        self.assertEqual(page.status_code, 404)
        self.assertEqual(Objection.objects.get(pk=objection.pk).status, ObjectionStatus.OPEN)
