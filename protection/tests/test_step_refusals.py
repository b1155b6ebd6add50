"""A refused step of a case, transfer or mediation shows the record's page again with what was
typed kept and the reason beside the field (or above the step), not a message above the page."""

from django.test import TestCase
from django.urls import reverse

from protection.choices import CaseStatus
from protection.models import Case
from protection.tests.base import ProtectionMixin


class StepRefusalTests(ProtectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_protection()

    def test_filing_with_one_officer_keeps_the_choice_and_says_why_beside_the_officers(self):
        case = self.lead()
        self.client.force_login(self.enforcer)
        page = self.client.post(
            reverse("protection:case_step", args=[case.pk, "filed"]), {"officers": [self.enforcer.pk]}
        )
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'id="step-filed"')
        self.assertContains(page, 'class="errorlist"')
        # The officer ticked stays ticked, the other not.
        self.assertRegex(page.content.decode(), rf'value="{self.enforcer.pk}"[^>]*checked')
        self.assertNotRegex(page.content.decode(), rf'value="{self.enforcer2.pk}"[^>]*checked')
        self.assertEqual(Case.objects.get(pk=case.pk).status, CaseStatus.LEAD)

    def test_not_filing_without_a_reason_is_refused_above_the_step_and_the_page_stays(self):
        case = self.lead()
        self.client.force_login(self.enforcer)
        page = self.client.post(reverse("protection:case_step", args=[case.pk, "not_filed"]), {"note": " "})
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'id="step-not_filed"')
        self.assertContains(page, 'class="errorlist nonfield"')
        self.assertNotContains(page, 'class="messages"')
        self.assertEqual(Case.objects.get(pk=case.pk).status, CaseStatus.LEAD)
        done = self.client.post(
            reverse("protection:case_step", args=[case.pk, "not_filed"]), {"note": "不属于本局管辖"}
        )
        self.assertEqual(done.status_code, 302)
        self.assertEqual(Case.objects.get(pk=case.pk).status, CaseStatus.NOT_FILED)

    def test_a_foreigner_posting_a_step_gets_404(self):
        case = self.lead()
        self.client.force_login(self.ent_manager)
        page = self.client.post(reverse("protection:case_step", args=[case.pk, "not_filed"]), {"note": "x"})
        self.assertEqual(page.status_code, 404)
        self.assertEqual(Case.objects.get(pk=case.pk).status, CaseStatus.LEAD)
