"""The report and search pages: the office sees them (with PDF and XLSX), anyone else gets 404."""

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from core.tests.people import PeopleTestCase
from landscape import corpus
from landscape.tests.helpers import battery_patent
from portfolio import actions as portfolio_actions
from refdata.sources import SAMPLES

US_SAMPLE = SAMPLES / "uspto_patentpublicdata_samples" / "xml2014" / "US08926509.xml"


class LandscapePagesTests(PeopleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.patent = battery_patent(cls.enterprise, ipc_codes=["H01M 4/04"])

    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(prefix="landscape-pages-"))
        self.settings_override = override_settings(LANDSCAPE_STORE_DIR=self.dir)
        self.settings_override.enable()
        self.addCleanup(self.settings_override.disable)
        self.addCleanup(shutil.rmtree, self.dir, True)

    def test_office_sees_the_report_with_the_district_patent(self):
        self.client.force_login(self.clerk)
        with translation.override("en"):
            page = self.client.get(reverse("landscape:report"), {"district_only": "on"})
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "一种锂电池极片涂布装置")
        self.assertContains(page, "<svg", html=False)
        self.assertEqual(page.context["s"]["summary"]["total"], 1)

    def test_report_pdf_has_chinese_text(self):
        self.client.force_login(self.clerk)
        response = self.client.get(reverse("landscape:report"), {"export": "pdf"})
        self.assertEqual(response["Content-Type"], "application/pdf")
        artifacts = Path(settings.BASE_DIR) / "test-artifacts"
        artifacts.mkdir(exist_ok=True)
        pdf = artifacts / "landscape-report.pdf"  # kept for a look (pdftoppm)
        pdf.write_bytes(response.content)
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
        self.assertIn("锂电池极片涂布装置", text)

    def test_report_xlsx(self):
        self.client.force_login(self.clerk)
        response = self.client.get(reverse("landscape:report"), {"export": "xlsx", "ipc": "H01M"})
        book = load_workbook(io.BytesIO(response.content))
        key = book.worksheets[6]
        self.assertEqual(key.cell(2, 2).value, "一种锂电池极片涂布装置")

    def test_wipo_fields_read_in_chinese_with_wipos_english_name_beside(self):
        self.client.force_login(self.clerk)
        with translation.override("zh-hans"):
            page = self.client.get(reverse("landscape:report"), {"ipc": "H01M"})
            response = self.client.get(reverse("landscape:report"), {"export": "xlsx", "ipc": "H01M"})
        self.assertContains(page, "<td>电气机械、设备和能源</td>", html=False)
        fields = load_workbook(io.BytesIO(response.content)).worksheets[4]
        self.assertEqual(
            [c.value for c in fields[2]],
            [1, "电气工程", "电气机械、设备和能源", "Electrical machinery, apparatus, energy", 1],
        )

    def test_search_finds_the_district_patent(self):
        self.client.force_login(self.clerk)
        page = self.client.get(reverse("landscape:search"), {"q": "涂布"})
        self.assertEqual(page.status_code, 200)
        self.assertEqual([h["title"] for h in page.context["hits"]], ["一种锂电池极片涂布装置"])

    def test_everyone_else_gets_404(self):
        for person in (self.ent_manager, self.other_manager, self.bank_officer, self.police_liaison, self.mediator):
            self.client.force_login(person)
            for name in ("landscape:report", "landscape:search"):
                for params in ({}, {"export": "pdf"}, {"export": "xlsx"}, {"q": "涂布"}):
                    self.assertEqual(self.client.get(reverse(name), params).status_code, 404, (person, name, params))

    def test_an_unknown_ipc_code_shows_the_error_and_no_report(self):
        self.client.force_login(self.clerk)
        with translation.override("en"):
            for params in ({"ipc": "H01Z"}, {"ipc": "H01M Z9"}, {"ipc": "H01Z", "export": "xlsx"}):
                page = self.client.get(reverse("landscape:report"), params)
                self.assertEqual(page.status_code, 200, params)
                self.assertEqual(page["Content-Type"], "text/html; charset=utf-8", params)  # no download either
                self.assertIsNone(page.context["report"], params)
                self.assertContains(page, 'id="no-report"')
                self.assertNotContains(page, "一种锂电池极片涂布装置")  # the whole corpus is not shown instead
                self.assertNotContains(page, "<svg", html=False)
            unknown = self.client.get(reverse("landscape:report"), {"ipc": "H01M H01Z"})
            self.assertContains(unknown, "国际专利分类（2026.01 版）中没有以 H01Z 开头的分类号，请核对。")
            self.assertContains(unknown, 'value="H01M H01Z"')  # what was typed stays in the field
            malformed = self.client.get(reverse("landscape:report"), {"ipc": "Z9"})
            with translation.override("zh-hans"):
                self.assertContains(malformed, translation.gettext("Not an IPC prefix: %(codes)s") % {"codes": "Z9"})
        known = self.client.get(reverse("landscape:report"), {"ipc": "H01M4"})  # a prefix of H01M4/04
        self.assertEqual(known.context["s"]["summary"]["total"], 1)
        refused = self.client.get("/api/landscape/report", {"ipc": "H01Z"})
        self.assertEqual(refused.status_code, 422)
        self.assertIn("H01Z", str(refused.json()["errors"]))

    def test_api_for_the_office_and_404_for_everyone_else(self):
        self.client.force_login(self.clerk)
        data = self.client.get("/api/landscape/report", {"ipc": "H01M"}).json()
        self.assertEqual(data["sections"]["summary"]["total"], 1)
        self.assertEqual(data["sections"]["key_patents"][0]["title"], "一种锂电池极片涂布装置")
        hits = self.client.get("/api/landscape/search", {"q": "涂布"}).json()
        self.assertEqual([h["doc_id"] for h in hits["hits"]], ["CN:202010000004.5"])
        for person in (self.ent_manager, self.other_manager, self.bank_officer, self.police_liaison):
            self.client.force_login(person)
            self.assertEqual(self.client.get("/api/landscape/report").status_code, 404)
            self.assertEqual(self.client.get("/api/landscape/search", {"q": "涂布"}).status_code, 404)

    # The real (database) queue: the page only queues the index rebuild, as in production.
    @override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
    def test_pages_make_a_bounded_number_of_queries(self):
        self.client.force_login(self.clerk)
        self.client.get(reverse("landscape:report"))  # the first visit syncs the district
        for extra in range(3):  # more district patents do not mean more queries
            portfolio_actions.add_patent(
                actor=None,
                application_number=["202110000000.1", "202110000001.6", "202110000002.0"][extra],
                owners=[self.other_enterprise],
                title=f"专利{extra}",
                filing_date="2021-01-01",
                status="pending",
            )
        # The menu's waiting count, counted again after the writes (home/waiting.py), is the
        # menu's cost, not the report's: counted here, as the next page of any kind would.
        from home.waiting import waiting_count

        waiting_count(self.clerk)
        with CaptureQueriesContext(connection) as report_queries:
            self.client.get(reverse("landscape:report"))
        with CaptureQueriesContext(connection) as search_queries:
            self.client.get(reverse("landscape:search"), {"q": "专利"})
        # The report re-syncs the changed district and queues the index rebuild (a fixed number
        # of queries, whatever the count; one more since the reader's district is read).
        self.assertLessEqual(len(report_queries), 19)
        self.assertLessEqual(len(search_queries), 9)

    def test_anonymous_is_sent_to_log_in(self):
        page = self.client.get(reverse("landscape:report"))
        self.assertIn(page.status_code, (302, 404))

    def test_imported_corpus_joins_the_report(self):
        store = corpus.get_store()
        corpus.sync_district(index=False)
        result = store.import_file(US_SAMPLE)
        self.assertTrue(result.ok, result.row_errors)
        corpus.rebuild_index()
        self.client.force_login(self.clerk)
        page = self.client.get(reverse("landscape:report"))
        self.assertEqual(page.context["s"]["summary"]["total"], 2)
        page = self.client.get(reverse("landscape:search"), {"q": "wireless sensor"})
        self.assertEqual([h["number"] for h in page.context["hits"]], ["US08926509B2"])
