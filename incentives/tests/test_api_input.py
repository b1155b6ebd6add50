"""Bad input to the incentives API is a 4xx that says what to fix, never a 500, and money is
taken in whole fen (issue 14)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import TestCase

from incentives import actions
from incentives.models import Payment
from incentives.tests.base import FundsMixin


class IncentivesApiInputTests(FundsMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_funds()
        cls.application = cls.approve(cls.submit())

    def setUp(self):
        self.client.raise_request_exception = False
        self.client.force_login(self.clerk)

    def post(self, url, data):
        return self.client.post(url, data=data, content_type="application/json", headers={"accept-language": "en"})

    def pay(self, amount, key):
        return self.post(
            f"/api/award-applications/{self.application.pk}/payments", {"amount": amount, "idempotency_key": key}
        )

    def test_an_empty_or_unknown_to_status_on_the_application_steps_endpoint_is_a_422(self):
        for value in ("", "paid!"):
            with self.subTest(to_status=value):
                response = self.post(f"/api/award-applications/{self.application.pk}/steps", {"to_status": value})
                self.assertEqual(response.status_code, 422)
                self.assertIn("Not a state of this workflow", response.json()["errors"]["to_status"][0])

    def test_a_payment_of_1e30_is_a_422_saying_the_amount_is_too_large(self):
        for amount in ("1e30", 1e30, "999999999999999"):
            with self.subTest(amount=amount):
                response = self.pay(amount, f"big-{amount}")
                self.assertEqual(response.status_code, 422)
                self.assertIn("too large", response.json()["errors"]["amount"][0])
        self.assertFalse(Payment.objects.exists())

    def test_a_payment_of_half_a_fen_is_refused_not_rounded(self):
        response = self.pay("0.005", "half-fen")
        self.assertEqual(response.status_code, 422)
        self.assertIn("whole fen", response.json()["errors"]["amount"][0])
        self.assertFalse(Payment.objects.exists())
        with self.assertRaises(ValidationError):
            actions.record_payment(
                actor=self.clerk, application=self.application, amount=Decimal("100.001"), idempotency_key="k"
            )
        self.assertEqual(self.pay("100.10", "good").status_code, 201)
        self.assertEqual(Payment.objects.get().amount, Decimal("100.10"))

    def test_fund_positions_refuse_a_zero_or_negative_year(self):
        for year in (0, -1, 99999):
            with self.subTest(year=year):
                response = self.client.get(f"/api/funds/positions?year={year}")
                self.assertEqual(response.status_code, 422)
        self.assertEqual(self.client.get("/api/funds/positions?year=2026").status_code, 200)
