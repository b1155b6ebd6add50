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

    def test_a_list_refuses_an_offset_or_limit_beyond_its_bounds_with_a_422(self):
        # schemathesis: offset=12089441838901539897344 was a database error, a 500 (issue 14)
        self.client.force_login(self.clerk)
        for query in ("offset=12089441838901539897344", "limit=9159767039862949975949312", "offset=-1", "limit=0",
                      "limit=1001", "offset=2147483648"):  # fmt: skip
            for path in ("/api/enterprises", "/api/pledge-loans", "/api/protection/transfers", "/api/loan-products"):
                with self.subTest(path=path, query=query):
                    self.assertEqual(self.get(f"{path}?{query}").status_code, 422)
        self.assertEqual(self.get("/api/enterprises?limit=1000&offset=2147483647").status_code, 200)

    def test_a_patent_with_an_empty_application_number_is_a_422(self):
        self.client.force_login(self.clerk)
        response = self.client.post(
            "/api/patents",
            data={
                "application_number": "",
                "title": "x",
                "filing_date": "2000-01-01",
                "status": "",
                "owner_ids": [self.enterprise.pk],
            },
            content_type="application/json",
            headers={"accept-language": "en"},
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("application_number", response.json()["errors"])

    def test_a_list_of_ids_beyond_what_the_database_holds_is_a_422(self):
        # schemathesis: document_ids [-1.2e25] was an OverflowError, a 500 (issue 14)
        self.client.force_login(self.clerk)
        for ids in ([10**25], [-1], [0]):
            with self.subTest(ids=ids):
                response = self.client.post(
                    "/api/protection/transfers/1/steps",
                    data={"to_status": "sent", "document_ids": ids},
                    content_type="application/json",
                )
                self.assertEqual(response.status_code, 422)

    def test_a_nul_character_in_a_body_or_a_query_is_a_422(self):
        # PostgreSQL cannot store it: schemathesis's {"name": "\\x00"} was a DataError, a 500 (issue 14)
        self.client.force_login(self.clerk)
        response = self.client.post(
            "/api/parks", data={"name": "park\x00", "street_code": "370602001"}, content_type="application/json"
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("name", response.json()["errors"])
        self.assertEqual(self.get("/api/enterprises?q=a%00b").status_code, 422)
