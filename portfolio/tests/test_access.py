"""Enterprise users see and export only their own portfolio; a foreigner gets 404 on every
object page and API endpoint, identical to a missing id."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from core.tests.people import PeopleTestCase
from portfolio import actions
from portfolio.models import ImportJob
from registry.tests.test_access import MISSING, page_body


class PortfolioAccessTests(PeopleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.patent = actions.add_patent(
            actor=None,
            application_number="201710601862.3",
            owners=[cls.enterprise],
            title="Bob's invention",
            filing_date="2017-07-21",
            status="pending",
            ipc_codes=["A61K 31/00"],
        )
        cls.other_patent = actions.add_patent(
            actor=None,
            application_number="97101765.4",
            owners=[cls.other_enterprise],
            title="Charlie's invention",
            filing_date="1997-02-01",
            status="expired",
        )
        cls.mark = actions.add_trademark(
            actor=None,
            number="40000001",
            owner=cls.enterprise,
            groups=["3301"],
            mark_text="BOBWINE",
            filing_date="2018-01-01",
            status="applied",
        )
        cls.job = ImportJob.objects.create(
            kind="patents", file=SimpleUploadedFile("x.csv", b"a"), file_name="x.csv", created_by=cls.ent_manager
        )

    def pages(self):
        return [
            ("portfolio:patent_detail", self.patent.pk, "get"),
            ("portfolio:patent_edit", self.patent.pk, "get"),
            ("portfolio:patent_edit", self.patent.pk, "post"),
            ("portfolio:trademark_detail", self.mark.pk, "get"),
            ("portfolio:trademark_edit", self.mark.pk, "get"),
            ("portfolio:trademark_image", self.mark.pk, "get"),
            ("portfolio:import_detail", self.job.pk, "get"),
            ("portfolio:import_status", self.job.pk, "get"),
            ("portfolio:enterprise_plan", self.enterprise.pk, "get"),
        ]

    def test_foreigner_gets_404_identical_to_a_missing_id_on_every_page(self):
        for user in [self.other_manager, self.bank_officer, self.mediator]:
            self.client.force_login(user)
            for name, pk, method in self.pages():
                with self.subTest(user=user.username, page=name, method=method):
                    call = getattr(self.client, method)
                    foreign_path, missing_path = reverse(name, args=[pk]), reverse(name, args=[MISSING])
                    foreign, missing = call(foreign_path), call(missing_path)
                    self.assertEqual(foreign.status_code, 404)
                    self.assertEqual(page_body(foreign, foreign_path), page_body(missing, missing_path))

    def test_foreigner_gets_404_on_every_api_endpoint(self):
        self.client.force_login(self.other_manager)
        for method, url in [("get", "/api/patents/{}"), ("patch", "/api/patents/{}"), ("get", "/api/trademarks/{}")]:
            pk = self.patent.pk if "patents" in url else self.mark.pk
            kwargs = {"data": {"title": "x"}, "content_type": "application/json"} if method == "patch" else {}
            foreign = getattr(self.client, method)(url.format(pk), **kwargs)
            missing = getattr(self.client, method)(url.format(MISSING), **kwargs)
            self.assertEqual(foreign.status_code, 404, url)
            self.assertEqual(foreign.content, missing.content)

    def test_owner_sees_its_own(self):
        self.client.force_login(self.ent_member)
        for name, pk, method in self.pages():
            if method == "get" and name in {
                "portfolio:patent_detail",
                "portfolio:trademark_detail",
                "portfolio:enterprise_plan",
            }:
                self.assertEqual(self.client.get(reverse(name, args=[pk])).status_code, 200, name)

    def test_lists_and_exports_hold_only_the_enterprises_own_rights(self):
        self.client.force_login(self.ent_manager)
        page = self.client.get(reverse("portfolio:patent_list"))
        self.assertContains(page, "Bob&#x27;s invention")
        self.assertNotContains(page, "Charlie")
        export = self.client.get(reverse("portfolio:patent_list") + "?export=xlsx")
        sheet = load_workbook(io.BytesIO(export.content)).active
        numbers = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        self.assertEqual(numbers, ["201710601862.3"])
        csv_text = self.client.get(reverse("portfolio:patent_list") + "?export=csv").content.decode("utf-8-sig")
        self.assertIn("201710601862.3", csv_text)
        self.assertNotIn("97101765.4", csv_text)
        api = self.client.get("/api/patents").json()
        self.assertEqual([p["application_number"] for p in api["items"]], ["201710601862.3"])

    def test_an_enterprise_manager_cannot_add_a_patent_for_another_enterprise(self):
        self.client.force_login(self.ent_manager)
        response = self.client.post(
            "/api/patents",
            data={
                "application_number": "201810601862.X",
                "title": "x",
                "filing_date": "2018-01-01",
                "status": "pending",
                "owner_ids": [self.other_enterprise.pk],
            },
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 404)
