from django.test import TestCase

from protection.choices import TransferStatus
from protection.tests.base import ProtectionMixin, at
from protection.views.cases import resolve_right
from similarity.choices import ProtectedKind
from similarity.models import ProtectedMark


class ProtectionApiTests(ProtectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_protection()

    def post(self, url, data):
        return self.client.post(url, data=data, content_type="application/json")

    def test_an_enterprise_files_a_complaint_in_its_own_name_only(self):
        self.client.force_login(self.ent_member)
        response = self.post(
            "/api/protection/cases",
            {"source": "inspection", "summary": "Copies online", "right_kind": "trademark", "complainant_id": 99},
        )
        self.assertEqual(response.status_code, 201)
        body = response.json()
        self.assertEqual((body["source"], body["complainant_id"]), ("complaint", self.enterprise.pk))

    def test_the_police_accept_through_the_api_and_others_are_refused(self):
        case = self.investigate(self.file(self.lead(at(2026, 3, 2)), at(2026, 3, 3)), at(2026, 3, 4), volume="60000")
        transfer = self.transfer_until_sent(case, at(2026, 3, 5, 9), at(2026, 3, 5, 10), at(2026, 3, 5, 11))
        self.client.force_login(self.enforcer)
        url = f"/api/protection/transfers/{transfer.pk}/steps"
        self.assertEqual(self.post(url, {"to_status": "accepted"}).status_code, 403)
        self.client.force_login(self.police_liaison)
        self.assertEqual(self.post(url, {"to_status": "refused"}).status_code, 422)  # reasons required
        response = self.post(url, {"to_status": "accepted", "police_case_number": "A-1"})
        self.assertEqual(response.json()["status"], TransferStatus.ACCEPTED)
        self.client.force_login(self.clerk)
        figures = self.client.get("/api/protection/figures?year=2026").json()
        self.assertEqual((figures["transfers"], figures["transfers_accepted"]), (1, 1))

    def test_a_typed_right_links_to_the_portfolio_or_the_protected_list(self):
        mark = ProtectedMark.objects.create(name="奥林匹克五环", kind=ProtectedKind.SPECIAL_SIGN)
        self.assertEqual(resolve_right(self.clerk, "special_sign", "奥林匹克五环"), {"protected_mark": mark})
        self.assertEqual(resolve_right(self.clerk, "patent", "no such"), {"right_text": "no such"})


class MediationPageTests(ProtectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_protection()

    def test_who_may_open_the_mediation_form(self):
        from django.urls import reverse

        url = reverse("protection:mediation_new")
        for user, status in [
            (self.police_liaison, 403),
            (self.mediator, 403),
            (self.reviewer, 403),
            (self.ent_manager, 200),
            (self.clerk, 200),
            (self.court_liaison, 200),
        ]:
            self.client.force_login(user)
            self.assertEqual(self.client.get(url).status_code, status, user.username)

    def test_an_enterprise_applies_in_its_own_name(self):
        from django.urls import reverse

        self.client.force_login(self.ent_member)
        self.client.post(
            reverse("protection:mediation_new"),
            {"body": self.mediation.pk, "respondent_name": "Copycat", "right_kind": "trademark", "dispute": "Fees"},
        )
        mediation = self.enterprise.mediations.get()
        self.assertEqual((mediation.applicant_name, mediation.kind), ("Bob Ltd", "peoples"))


class ExportTests(ProtectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_protection()
        self = cls()
        cls.complaint = self.lead(at(2026, 3, 2, 7), complainant=cls.enterprise)
        cls.inspection = self.lead(at(2026, 3, 3))

    def test_an_enterprise_exports_only_its_complaints_with_times_in_shanghai(self):
        from django.urls import reverse

        self.client.force_login(self.ent_manager)
        body = self.client.get(reverse("protection:case_list") + "?export=csv").content.decode("utf-8-sig")
        self.assertIn(self.complaint.number, body)
        self.assertNotIn(self.inspection.number, body)
        self.assertIn("2026-03-02 07:00", body)

    def test_the_overdue_board_exports(self):
        from django.urls import reverse

        self.client.force_login(self.clerk)
        response = self.client.get(reverse("protection:overdue") + "?all=1&export=xlsx")
        self.assertEqual(response["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        self.assertTrue(response.content.startswith(b"PK"))
        body = self.client.get(reverse("protection:overdue") + "?all=1&export=csv").content.decode("utf-8-sig")
        self.assertIn(self.inspection.number, body)
