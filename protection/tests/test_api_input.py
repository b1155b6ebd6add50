"""Bad input to the protection API is a 4xx that says what to fix, never a 500 (issue 14,
found by fuzzing the API)."""

from django.test import TestCase

from protection.tests.base import ProtectionMixin, at


class ProtectionApiInputTests(ProtectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_protection()

    def setUp(self):
        self.client.raise_request_exception = False

    def post(self, url, data):
        return self.client.post(url, data=data, content_type="application/json", headers={"accept-language": "en"})

    def test_an_empty_or_unknown_to_status_on_every_protection_steps_endpoint_is_a_422_naming_the_states(self):
        case = self.investigate(self.file(self.lead(at(2026, 3, 2)), at(2026, 3, 3)), at(2026, 3, 4), volume="60000")
        transfer = self.transfer_until_sent(case, at(2026, 3, 5, 9), at(2026, 3, 5, 10), at(2026, 3, 5, 11))
        mediation = self.peoples_mediation(at(2026, 3, 2))
        endpoints = [
            (self.enforcer, f"/api/protection/cases/{case.pk}/steps"),
            (self.police_liaison, f"/api/protection/transfers/{transfer.pk}/steps"),
            (self.mediator, f"/api/protection/mediations/{mediation.pk}/steps"),
        ]
        for user, url in endpoints:
            self.client.force_login(user)
            for value in ("", "nonsense"):
                with self.subTest(url=url, to_status=value):
                    response = self.post(url, {"to_status": value})
                    self.assertEqual(response.status_code, 422)
                    self.assertIn("Not a state of this workflow", response.json()["errors"]["to_status"][0])

    def test_the_figures_refuse_a_zero_negative_or_far_year_with_a_422(self):
        self.client.force_login(self.clerk)
        for year in (0, -1, 99999, 10**12):
            with self.subTest(year=year):
                response = self.client.get(f"/api/protection/figures?year={year}", headers={"accept-language": "en"})
                self.assertEqual(response.status_code, 422)
                self.assertIn("Give a year from 1980 to 2100", response.json()["errors"]["year"][0])
        self.assertEqual(self.client.get("/api/protection/figures?year=2026").status_code, 200)

    def test_a_fine_or_an_agreed_amount_of_1e30_is_a_422_not_a_500(self):
        case = self.investigate(self.file(self.lead(at(2026, 3, 2)), at(2026, 3, 3)), at(2026, 3, 4))
        self.client.force_login(self.leader)
        response = self.post(
            f"/api/protection/cases/{case.pk}/steps", {"to_status": "decided", "decision_text": "Fine", "fine": "1e30"}
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("too large", response.json()["errors"]["fine"][0])
        mediation = self.mediate(self.peoples_mediation(at(2026, 3, 2)), at(2026, 3, 3), at(2026, 3, 4))
        self.client.force_login(self.mediator)
        body = {"to_status": "agreed", "agreement_text": "Pay", "signed_by_parties": True, "agreed_amount": "1e30"}
        response = self.post(f"/api/protection/mediations/{mediation.pk}/steps", body)
        self.assertEqual(response.status_code, 422)
        self.assertIn("too large", response.json()["errors"]["agreed_amount"][0])

    def test_case_amounts_are_whole_fen(self):
        from django.core.exceptions import ValidationError

        from protection import actions

        case = self.lead(at(2026, 3, 2))
        with self.assertRaises(ValidationError):
            actions.update_case(actor=self.enforcer, case=case, business_volume="100.005")
