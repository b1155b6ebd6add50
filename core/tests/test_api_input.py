"""Bad input across the API is a 4xx that says what to fix, never a 500; the OpenAPI document
names each schema once (issue 14)."""

from core.tests.people import PeopleTestCase


class ApiInputTests(PeopleTestCase):
    def setUp(self):
        self.client.raise_request_exception = False

    def get(self, url):
        return self.client.get(url, headers={"accept-language": "en"})

    def test_the_dashboard_refuses_a_zero_negative_or_far_year_with_a_422(self):
        self.client.force_login(self.leadership)
        for year in (0, -1, 99999):
            with self.subTest(year=year):
                response = self.get(f"/api/dashboard/{year}")
                self.assertEqual(response.status_code, 422)
                self.assertIn("Give a year from 1980 to 2100", response.json()["errors"]["year"][0])

    def test_the_trainings_list_refuses_a_negative_or_far_year_and_the_page_ignores_it(self):
        self.client.force_login(self.clerk)
        for year in (-1, 99999, 10**12):
            with self.subTest(year=year):
                self.assertEqual(self.get(f"/api/trainings?year={year}").status_code, 422)
                self.assertEqual(self.get(f"/cultivation/trainings/?year={year}").status_code, 200)

    def test_reminders_refuse_a_negative_or_huge_number_of_days_and_the_page_caps_it(self):
        self.client.force_login(self.ent_manager)
        for days in (-1, 10**9, 10**18):
            with self.subTest(days=days):
                response = self.get(f"/api/reminders?days={days}")
                self.assertEqual(response.status_code, 422)
                self.assertIn("from 0 to 7300", response.json()["errors"]["days"][0])
        self.assertEqual(self.get("/api/reminders?days=7300").status_code, 200)
        self.assertEqual(self.get("/portfolio/reminders/?days=1000000000").status_code, 200)

    def test_every_schema_in_the_openapi_document_has_one_meaning(self):
        self.client.force_login(self.clerk)
        schemas = self.get("/api/openapi.json").json()["components"]["schemas"]
        self.assertIn("section", schemas["DashboardIndicatorOut"]["properties"])
        self.assertIn("points", schemas["ValueIndicatorOut"]["properties"])
        self.assertNotIn("IndicatorOut", schemas)
