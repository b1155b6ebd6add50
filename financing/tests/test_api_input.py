"""Bad input to the financing API is a 4xx that says what to fix, never a 500 (issue 14)."""

from django.test import TestCase

from financing.models import Repayment
from financing.tests.base import FinancingMixin


class FinancingApiInputTests(FinancingMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_financing()
        cls.loan = cls.lend(cls.apply())

    def setUp(self):
        self.client.raise_request_exception = False

    def post(self, url, data):
        return self.client.post(url, data=data, content_type="application/json", headers={"accept-language": "en"})

    def test_an_empty_to_status_on_the_loan_steps_endpoint_is_a_422(self):
        self.client.force_login(self.bank_officer)
        for value in ("", "approved "):
            with self.subTest(to_status=value):
                response = self.post(f"/api/pledge-loans/{self.loan.pk}/steps", {"to_status": value})
                self.assertEqual(response.status_code, 422)
                self.assertIn("Not a state of this workflow", response.json()["errors"]["to_status"][0])

    def test_repayments_of_1e30_or_of_part_of_a_fen_are_422s(self):
        self.client.force_login(self.bank_officer)
        url = f"/api/pledge-loans/{self.loan.pk}/repayments"
        for body, field, words in [
            ({"paid_on": "2026-02-10", "principal": "1e30"}, "principal", "too large"),
            ({"paid_on": "2026-02-10", "principal": "100", "interest": "1e30"}, "interest", "too large"),
            ({"paid_on": "2026-02-10", "principal": "100.005"}, "principal", "whole fen"),
        ]:
            with self.subTest(body=body):
                response = self.post(url, body)
                self.assertEqual(response.status_code, 422)
                self.assertIn(words, response.json()["errors"][field][0])
        self.assertFalse(Repayment.objects.exists())
        self.assertEqual(self.post(url, {"paid_on": "2026-02-10", "principal": "100.50"}).status_code, 201)

    def test_a_loan_application_for_1e30_yuan_is_a_422(self):
        self.client.force_login(self.ent_manager)
        body = {
            "product_id": self.product.pk,
            "requested_amount": "1e30",
            "requested_term_months": 12,
            "patent_ids": [self.patents[1].pk],
        }
        response = self.post("/api/pledge-loans", body)
        self.assertEqual(response.status_code, 422)
        self.assertIn("too large", response.json()["errors"]["requested_amount"][0])
