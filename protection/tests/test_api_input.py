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
