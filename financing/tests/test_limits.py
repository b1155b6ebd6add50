"""The product's limits beside the fields of the loan application and of the bank's approval:
shown before anything is typed, and a value outside them is refused with a message that names
the limit, everything typed kept."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from financing import actions
from financing.models import PledgeLoan
from financing.tests.base import FinancingMixin


def zh(msgid: str, **params: object) -> str:
    """The message as the page serves it: in Simplified Chinese."""
    with translation.override("zh-hans"):
        return translation.gettext(msgid) % params if params else translation.gettext(msgid)


class ProductLimitTests(FinancingMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_financing()

    def post_application(self, **values):
        data = {"requested_amount": "2000000", "requested_term_months": "12", "purpose": "扩产", **values}
        data["patent"] = str(self.patents[0].pk)
        self.client.force_login(self.ent_manager)
        return self.client.post(reverse("financing:apply", args=[self.product.pk]), data)

    def test_the_application_form_shows_the_products_limits_beside_the_fields(self):
        self.client.force_login(self.ent_manager)
        page = self.client.get(reverse("financing:apply", args=[self.product.pk]))
        self.assertContains(page, zh("This product: ¥%(low)s – ¥%(high)s.", low="100,000.00", high="10,000,000.00"))
        self.assertContains(page, zh("This product: up to %(n)s months.", n=36))
        self.assertContains(page, "novalidate")  # the browser's generic bubble does not hide these

    def test_values_outside_the_limits_are_refused_naming_the_limit_and_kept(self):
        cases = [
            ({"requested_amount": "-5"}, "requested_amount", zh("The amount must be above zero.")),
            (
                {"requested_amount": "50000"},
                "requested_amount",
                zh("This product lends from ¥%(low)s to ¥%(high)s.", low="100,000.00", high="10,000,000.00"),
            ),
            (
                {"requested_amount": "12.345"},
                "requested_amount",
                zh("Amounts are to the fen: at most two decimal places."),
            ),
            ({"requested_amount": "abc"}, "requested_amount", zh("Type an amount in yuan, such as 12500 or 12500.50.")),
            (
                {"requested_term_months": "48"},
                "requested_term_months",
                zh("This product lends for up to %(n)s months.", n=36),
            ),
        ]
        for values, field, message in cases:
            page = self.post_application(**values)
            self.assertEqual(page.status_code, 200, values)
            self.assertEqual(page.context["form"].errors[field], [message], values)
            self.assertContains(page, 'value="扩产"')  # the rest of what was typed stays
            typed = next(iter(values.values()))
            self.assertContains(page, f'value="{typed}"')  # and so does the wrong value, to correct
        self.assertFalse(PledgeLoan.objects.exists())

    def test_an_application_within_the_limits_is_sent(self):
        page = self.post_application()
        self.assertEqual(page.status_code, 302)
        self.assertEqual(PledgeLoan.objects.get().requested_amount, Decimal("2000000.00"))

    def test_the_approval_states_and_checks_the_rate_range(self):
        loan = self.apply()
        officer = self.officer_of(loan)
        loan = actions.transition_loan(actor=officer, loan=loan, to_status="under_review")
        self.client.force_login(officer)
        page = self.client.get(reverse("financing:loan_detail", args=[loan.pk]))
        self.assertContains(page, zh("This product: %(low)s%% – %(high)s%% a year.", low="3.20", high="4.50"))
        url = reverse("financing:take_step", args=[loan.pk, "approved"])
        refused = self.client.post(url, {"amount": "2000000", "rate": "6.00", "term_months": "12"}, follow=True)
        self.assertContains(
            refused, zh("This product's annual rate is %(low)s%% to %(high)s%%.", low="3.20", high="4.50")
        )
        loan.refresh_from_db()
        self.assertEqual(loan.status, "under_review")
        with self.assertRaises(ValidationError) as refusal:  # the action checks it too (API, scripts)
            actions.transition_loan(
                actor=officer,
                loan=loan,
                to_status="approved",
                amount=Decimal("2000000"),
                rate=Decimal("2.00"),
                term_months=12,
            )
        self.assertIn("rate", refusal.exception.error_dict)
