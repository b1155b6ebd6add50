"""County leadership reads everything the office reads, changes nothing, and never sees a
full ID or phone number."""

import hashlib

from django.apps import apps
from django.urls import reverse

from accounts import actions as account_actions
from audit.models import AuditEvent, AuditHead
from core.tests.people import PeopleTestCase
from core.tests.test_routes import all_paths
from registry import actions as registry_actions

# What a read-only person may still post.
# Asking for the annual report is a POST (it starts work) that only reads.
ALLOWED_WRITES = {"/accounts/logout/", "/i18n/setlang/", "/dashboard/reports/year/1/"}
# Tables that change by logging in, not by what a person does.
SESSION_TABLES = {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}


def database_fingerprint() -> str:
    """A hash over every row of every table except session bookkeeping, and of the audit trail
    all but its security events (a refused write is recorded there by design)."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        if model._meta.db_table in SESSION_TABLES or model._meta.proxy or model is AuditHead:
            continue
        rows = model._default_manager.order_by("pk")
        if model is AuditEvent:
            rows = rows.exclude(action__startswith="security.")
        rows = rows.values_list()
        digest.update(model._meta.db_table.encode())
        digest.update(repr(list(rows)).encode())
    return digest.hexdigest()


class LeadershipTests(PeopleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.talent = registry_actions.add_talent(
            actor=None,
            name="赵芳",
            kind="engineer",
            organisation=cls.enterprise.organisation,
            id_number="370602199001011378",
            phone="13812345678",
        )
        cls.token, cls.raw_token = account_actions.issue_api_token(actor=cls.leadership, name="reader")

    def test_leadership_is_an_office_role_that_reads_the_whole_district(self):
        self.assertTrue(self.leadership.is_office)
        self.assertTrue(self.leadership.is_leadership)
        self.assertFalse(self.leader.is_leadership)
        self.client.force_login(self.leadership)
        self.assertContains(self.client.get(reverse("registry:enterprise_list")), "Charlie Ltd")
        self.assertContains(self.client.get(reverse("registry:talent_detail", args=[self.talent.pk])), "赵芳")

    def test_every_write_to_every_route_is_refused_and_nothing_changes(self):
        self.client.force_login(self.leadership)
        before = database_fingerprint()
        refused = 0
        for path in all_paths():
            if path in ALLOWED_WRITES:
                continue
            for method in ("post", "put", "patch", "delete"):
                with self.subTest(path=path, method=method):
                    response = getattr(self.client, method)(path, data="{}", content_type="application/json")
                    self.assertEqual(response.status_code, 403, f"{method.upper()} {path}")
                    refused += 1
        self.assertGreater(refused, 200)
        self.assertEqual(database_fingerprint(), before)

    def test_every_page_reads_without_a_server_error(self):
        self.client.force_login(self.leadership)
        self.client.raise_request_exception = False
        for path in all_paths():
            if path in ALLOWED_WRITES or path == "/healthz":  # healthz answers 503 while no mark index exists
                continue
            with self.subTest(path=path):
                self.assertLess(self.client.get(path).status_code, 500, path)

    def test_writes_with_an_api_token_are_refused_too(self):
        self.client.logout()
        auth = {"HTTP_AUTHORIZATION": f"Bearer {self.raw_token}"}
        read = self.client.get(f"/api/talent/{self.talent.pk}", **auth)
        self.assertEqual(read.status_code, 200)
        for method, path in [
            ("post", "/api/talent"),
            ("patch", f"/api/talent/{self.talent.pk}"),
            ("post", "/api/trainings"),
            ("delete", f"/api/enterprises/{self.enterprise.pk}"),
        ]:
            with self.subTest(method=method, path=path):
                response = getattr(self.client, method)(
                    path, data={"name": "x"}, content_type="application/json", **auth
                )
                self.assertEqual(response.status_code, 403)
        self.talent.refresh_from_db()
        self.assertEqual(self.talent.name, "赵芳")

    def test_other_office_people_still_write(self):
        self.client.force_login(self.clerk)
        response = self.client.post(
            reverse("registry:talent_edit", args=[self.talent.pk]),
            {"name": "赵芳芳", "kind": "engineer", "organisation": self.enterprise.organisation.pk},
        )
        self.assertEqual(response.status_code, 302)

    def test_leadership_may_log_out_and_switch_the_language(self):
        self.client.force_login(self.leadership)
        self.assertEqual(self.client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code, 302)
        self.assertEqual(self.client.post(reverse("accounts:logout")).status_code, 302)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_leadership_never_sees_a_full_id_or_phone_number(self):
        self.client.force_login(self.leadership)
        page = self.client.get(reverse("registry:talent_detail", args=[self.talent.pk]))
        self.assertContains(page, "370602********1378")
        self.assertContains(page, "138****5678")
        self.assertNotContains(page, "370602199001011378")
        self.assertNotContains(page, "13812345678")
        api = self.client.get(f"/api/talent/{self.talent.pk}").json()
        self.assertEqual((api["id_number"], api["phone"]), ("370602********1378", "138****5678"))
        listing = self.client.get("/api/talent").content.decode()
        self.assertNotIn("370602199001011378", listing)
        self.client.force_login(self.clerk)
        self.assertContains(
            self.client.get(reverse("registry:talent_detail", args=[self.talent.pk])), "370602199001011378"
        )

    def test_leadership_lands_on_the_dashboard_with_a_reading_menu(self):
        self.client.force_login(self.leadership)
        self.assertRedirects(self.client.get(reverse("home:home")), reverse("dashboard:dashboard"))
        page = self.client.get(reverse("dashboard:dashboard"))
        menu = [str(label) for label, _url in page.context["nav"]]
        self.assertIn(reverse("dashboard:report_list"), [url for _label, url in page.context["nav"]])
        # The reading pages: registers, funds and loan figures, brands, the landscape, the exchange
        # (offers, needs, deals, figures), rights lapsed, the dashboard, the districts compared and
        # the reports.
        self.assertEqual(len(menu), 18)
        self.assertIn(reverse("dashboard:rollup"), [url for _label, url in page.context["nav"]])
        self.assertIn(reverse("exchange:figures"), [url for _label, url in page.context["nav"]])
        self.assertIn(reverse("landscape:report"), [url for _label, url in page.context["nav"]])
        self.assertNotIn(reverse("audit:audit_log"), [url for _label, url in page.context["nav"]])
        # Forms that would change something are hidden from leadership, not only refused.
        self.assertContains(page, '<body class="read-only">')
        self.client.force_login(self.clerk)
        self.assertNotContains(self.client.get(reverse("dashboard:dashboard")), 'class="read-only"')


class MaskingTextTests(PeopleTestCase):
    def test_id_and_mobile_numbers_are_masked_and_other_codes_are_left_alone(self):
        from core.masking import mask_personal_numbers_in_text

        text = (
            "ID 370602199001011378, phone 13812345678; USCC 91370602MA3C4K7X2L, "
            "application 202310123456.7, mark 40000001, amount 427200000, reg Y2024370602123456, "
            'svg d="M0.13912345678 L5.370602199001011378 L13812345678.5"'
        )
        masked = mask_personal_numbers_in_text(text)
        self.assertIn("ID 370602********1378, phone 138****5678;", masked)
        kept = (
            "91370602MA3C4K7X2L",
            "202310123456.7",
            "40000001",
            "427200000",
            "Y2024370602123456",
            'd="M0.13912345678 L5.370602199001011378 L13812345678.5"',
        )
        for untouched in kept:
            self.assertIn(untouched, masked)
