"""The awards and concordance page: the office lists, a clerk enters; everyone else gets 404."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core.tests.people import PeopleTestCase
from landscape.models import PatentAward, StrategicIndustryIpc
from landscape.tests.helpers import battery_patent


class QualityPageTests(PeopleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.patent = battery_patent(cls.enterprise)

    def test_clerk_records_an_award_and_imports_the_concordance(self):
        self.client.force_login(self.clerk)
        url = reverse("landscape:quality")
        response = self.client.post(
            url, {"award-application_number": "202010000004.5", "award-year": "2024", "award-level": "gold"}
        )
        self.assertRedirects(response, url)
        self.assertEqual(PatentAward.objects.get().patent, self.patent)
        upload = SimpleUploadedFile("sei.csv", "ipc,industry_code,industry_name\nH01M,1.2,新能源\n".encode())
        response = self.client.post(url, {"sei-file": upload})
        self.assertRedirects(response, url)
        self.assertEqual(StrategicIndustryIpc.objects.get().industry_name, "新能源")
        with CaptureQueriesContext(connection) as queries:
            page = self.client.get(url)
        self.assertLessEqual(len(queries), 10)  # whatever the number of awards and lines
        self.assertContains(page, "一种锂电池极片涂布装置")
        self.assertContains(page, "新能源")

    def test_a_bad_concordance_changes_nothing_and_says_which_row(self):
        self.client.force_login(self.clerk)
        upload = SimpleUploadedFile("sei.csv", b"ipc,industry_code,industry_name\nH01M,1.2,x\nZZZ,1,y\n")
        page = self.client.post(reverse("landscape:quality"), {"sei-file": upload}, HTTP_ACCEPT_LANGUAGE="en")
        with translation.override("en"):
            self.assertEqual([str(m) for m in page.context["messages"]], ["Row 3: ZZZ is not an IPC symbol or prefix."])
        self.assertFalse(StrategicIndustryIpc.objects.exists())

    def test_an_unknown_patent_is_refused(self):
        self.client.force_login(self.clerk)
        page = self.client.post(
            reverse("landscape:quality"),
            {"award-application_number": "202099999999.9", "award-year": "2024", "award-level": "gold"},
        )
        self.assertEqual(page.status_code, 200)
        self.assertFalse(PatentAward.objects.exists())

    def test_everyone_else_gets_404(self):
        for person in (self.ent_manager, self.other_manager, self.bank_officer, self.police_liaison):
            self.client.force_login(person)
            self.assertEqual(self.client.get(reverse("landscape:quality")).status_code, 404)
            response = self.client.post(
                reverse("landscape:quality"),
                {"award-application_number": "202010000004.5", "award-year": "2024", "award-level": "gold"},
            )
            self.assertEqual(response.status_code, 404)
        self.assertFalse(PatentAward.objects.exists())

    def test_an_enforcement_officer_sees_but_does_not_enter(self):
        self.client.force_login(self.enforcer)
        self.assertEqual(self.client.get(reverse("landscape:quality")).status_code, 200)
        response = self.client.post(
            reverse("landscape:quality"),
            {"award-application_number": "202010000004.5", "award-year": "2024", "award-level": "gold"},
        )
        self.assertEqual(response.status_code, 403)
