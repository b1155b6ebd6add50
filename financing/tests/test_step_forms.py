"""Every form on the loan's page keeps what was typed when it is refused, and says what is wrong
beside the field (a wrong value from the form, or the action's own refusal), not above the page."""

from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from financing import actions
from financing.models import PledgeLoan, Repayment, Valuation
from financing.tests.base import FinancingMixin
from financing.tests.test_limits import zh


class StepFormTests(FinancingMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_financing()

    def post(self, user, name: str, args: list, data: dict):
        self.client.force_login(user)
        return self.client.post(reverse(name, args=args), data)

    def test_a_refused_approval_keeps_every_value_and_says_why_beside_the_rate(self):
        loan = self.apply()
        officer = self.officer_of(loan)
        actions.transition_loan(actor=officer, loan=loan, to_status="under_review")
        typed = {"amount": "1500000", "rate": "6.00", "term_months": "18"}
        page = self.post(officer, "financing:take_step", [loan.pk, "approved"], typed)
        self.assertEqual(page.status_code, 200)  # the page again, not a redirect to a message
        body = page.content.decode()
        self.assertIn('id="id_approved_rate_error"', body)
        self.assertIn(zh("This product's annual rate is %(low)s%% to %(high)s%%.", low="3.20", high="4.50"), body)
        for typed in ('value="1500000"', 'value="6.00"', 'value="18"'):
            self.assertIn(typed, body)
        self.assertNotIn('class="messages"', body)
        loan.refresh_from_db()
        self.assertEqual(loan.status, "under_review")

    def test_an_amount_above_the_products_ceiling_is_refused_beside_the_amount(self):
        loan = self.apply()
        officer = self.officer_of(loan)
        actions.transition_loan(actor=officer, loan=loan, to_status="under_review")
        typed = {"amount": "20000000", "rate": "3.85", "term_months": "12"}
        page = self.post(officer, "financing:take_step", [loan.pk, "approved"], typed)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'id="id_approved_amount_error"')
        self.assertContains(page, 'value="20000000"')
        self.assertEqual(PledgeLoan.objects.get(pk=loan.pk).status, "under_review")

    def test_declining_without_a_reason_is_refused_on_the_form_and_the_page_stays(self):
        loan = self.apply()
        officer = self.officer_of(loan)
        actions.transition_loan(actor=officer, loan=loan, to_status="under_review")
        page = self.post(officer, "financing:take_step", [loan.pk, "declined"], {"note": "  "})
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'id="step-declined"')
        # The action's own refusal ("the enterprise reads it") lands beside the note.
        self.assertContains(page, 'id="id_declined_note_error"')
        self.assertEqual(PledgeLoan.objects.get(pk=loan.pk).status, "under_review")
        done = self.post(officer, "financing:take_step", [loan.pk, "declined"], {"note": "质押物价值不足"})
        self.assertEqual(done.status_code, 302)
        self.assertEqual(PledgeLoan.objects.get(pk=loan.pk).decline_reason, "质押物价值不足")

    def test_a_repayment_above_the_principal_outstanding_keeps_the_reference_typed(self):
        loan = self.lend(self.apply())
        officer = self.officer_of(loan)
        data = {"paid_on": "2026-04-10", "principal": "9000000", "interest": "100", "reference": "回单 0042"}
        page = self.post(officer, "financing:repay", [loan.pk], data)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'id="id_principal_error"')
        self.assertContains(page, 'value="回单 0042"')
        self.assertContains(page, 'value="9000000"')
        self.assertFalse(Repayment.objects.exists())
        wrong = self.post(officer, "financing:repay", [loan.pk], {**data, "principal": "-1"})
        self.assertContains(wrong, zh("The amount must be at least ¥%(limit_value)s.", limit_value="0"))

    def test_a_valuation_with_a_wrong_value_keeps_the_report_typed(self):
        loan = actions.assign_valuer(actor=self.officer_of(self.apply()), loan=self.apply(), valuer=self.valuer_org)
        asset = loan.assets.get()
        data = {"report_number": "评报字2026第7号", "valued_on": "2026-04-01", "method": "收益法"}
        page = self.post(self.valuer, "financing:value", [loan.pk], {**data, f"value_{asset.pk}": "abc"})
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, f'id="id_value_{asset.pk}_error"')
        self.assertContains(page, 'value="评报字2026第7号"')
        self.assertContains(page, 'value="abc"')
        self.assertFalse(Valuation.objects.exists())
        done = self.post(self.valuer, "financing:value", [loan.pk], {**data, f"value_{asset.pk}": "3200000"})
        self.assertEqual(done.status_code, 302)
        self.assertEqual(Valuation.objects.get().total_value, Decimal("3200000.00"))

    def test_a_foreigner_posting_a_step_gets_404_and_changes_nothing(self):
        loan = self.apply()
        page = self.post(self.bank2_officer, "financing:take_step", [loan.pk, "under_review"], {})
        self.assertEqual(page.status_code, 404)
        self.assertEqual(PledgeLoan.objects.get(pk=loan.pk).status, "received")
