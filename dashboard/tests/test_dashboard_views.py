"""The dashboard pages: who reads them, targets, reports, and what a foreigner gets."""

from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from core.tests.people import PeopleTestCase
from dashboard import actions
from dashboard.choices import Indicator
from dashboard.figures import build_dashboard, per_10k
from dashboard.models import AnnualReport, DistrictTarget
from registry import actions as registry_actions
from registry.tests.test_access import page_body

THIS_YEAR = timezone.localdate().year
MISSING = 987654


class DashboardViewTests(PeopleTestCase):
    def setUp(self) -> None:
        super().setUp()
        cache.clear()  # the dashboard is cached for a minute; each test computes its own

    def test_per_10k_needs_a_population_and_rounds_to_the_hundredth(self):
        self.assertIsNone(per_10k(5, None))
        self.assertEqual(per_10k(1, 30_000), Decimal("0.33"))
        self.assertEqual(per_10k(2, 30_000), Decimal("0.67"))

    def test_a_clerk_sets_a_target_and_the_dashboard_measures_against_it(self):
        registry_actions.set_population(actor=self.clerk, year=THIS_YEAR, population=10_000)
        self.client.force_login(self.clerk)
        self.client.get(reverse("dashboard:dashboard"))  # cached before the target
        response = self.client.post(
            reverse("dashboard:targets"), {"t-year": THIS_YEAR, "t-indicator": "trainings", "t-value": "2"}
        )
        self.assertRedirects(response, reverse("dashboard:targets"))
        self.assertEqual(DistrictTarget.objects.get().value, Decimal("2"))
        row = build_dashboard(THIS_YEAR).row(Indicator.TRAININGS)
        self.assertEqual((row.target, row.reached), (Decimal("2"), False))
        page = self.client.get(reverse("dashboard:dashboard")).content.decode()
        cells = page.split('data-indicator="trainings"')[1].split("</tr>")[0]
        self.assertIn(">2<", cells)

    def test_only_clerks_and_the_leader_set_targets(self):
        for person in (self.reviewer, self.enforcer, self.leadership, self.ent_manager):
            with self.subTest(person=person.username), self.assertRaises(PermissionDenied):
                actions.set_target(actor=person, year=THIS_YEAR, indicator="trainings", value=Decimal(1))
        with self.assertRaises(ValidationError):
            actions.set_target(actor=self.clerk, year=THIS_YEAR, indicator="trainings", value=Decimal(-1))
        actions.set_target(actor=self.leader, year=THIS_YEAR, indicator="trainings", value=Decimal(3))
        actions.set_target(actor=self.leader, year=THIS_YEAR, indicator="trainings", value=Decimal(4))
        self.assertEqual(DistrictTarget.objects.get().value, Decimal(4))

    def test_a_lower_transfer_time_meets_its_ceiling(self):
        from dashboard.figures import IndicatorRow

        row = IndicatorRow("transfer_median_hours", "x", [None, None, Decimal("6")], Decimal("8"), False)
        self.assertTrue(row.reached)

    def test_outside_organisations_may_not_read_the_dashboard_or_reports(self):
        report = actions.request_report(actor=self.clerk, year=THIS_YEAR)
        for person in (self.ent_manager, self.bank_officer, self.mediator, self.police_liaison):
            self.client.force_login(person)
            with self.subTest(person=person.username):
                self.assertEqual(self.client.get(reverse("dashboard:dashboard")).status_code, 403)
                self.assertEqual(self.client.get(reverse("dashboard:report_list")).status_code, 403)
                for name in ("dashboard:report_detail", "dashboard:report_status"):
                    path, missing = reverse(name, args=[report.pk]), reverse(name, args=[MISSING])
                    foreign, absent = self.client.get(path), self.client.get(missing)
                    self.assertEqual((foreign.status_code, absent.status_code), (404, 404))
                    self.assertEqual(page_body(foreign, path), page_body(absent, missing))
                download = self.client.get(reverse("dashboard:report_download", args=[report.pk, "pdf"]))
                self.assertEqual(download.status_code, 404)

    def test_a_report_is_generated_with_progress_and_offered_for_download(self):
        self.client.force_login(self.clerk)
        response = self.client.post(reverse("dashboard:report_for_year", args=[THIS_YEAR]))
        report = AnnualReport.objects.get()
        self.assertRedirects(response, reverse("dashboard:report_detail", args=[report.pk]))
        status = self.client.get(reverse("dashboard:report_status", args=[report.pk])).json()
        self.assertEqual(status, {"status": "done", "percent": 100, "step": "", "finished": True})
        page = self.client.get(reverse("dashboard:report_detail", args=[report.pk]))
        self.assertContains(page, reverse("dashboard:report_download", args=[report.pk, "xlsx"]))
        again = self.client.post(reverse("dashboard:report_regenerate", args=[THIS_YEAR]))
        self.assertEqual(AnnualReport.objects.count(), 2)
        self.assertEqual(again.status_code, 302)

    def test_a_report_year_out_of_range_is_refused(self):
        with translation.override("en"), self.assertRaises(ValidationError):
            actions.request_report(actor=self.clerk, year=THIS_YEAR + 1)
        self.client.force_login(self.leadership)
        for year in (1, THIS_YEAR + 1):
            self.assertEqual(self.client.post(reverse("dashboard:report_for_year", args=[year])).status_code, 404)
        self.assertFalse(AnnualReport.objects.exists())

    def test_the_report_list_costs_a_fixed_number_of_queries(self):
        for _ in range(3):
            actions.request_report(actor=self.clerk, year=THIS_YEAR)
        actions.request_report(actor=None, year=THIS_YEAR)  # made by the system: no requester
        self.client.force_login(self.leadership)
        self.client.get(reverse("dashboard:report_list"))
        # the list comes in pages: one query counts the reports; one finds the reader's district
        with self.assertNumQueries(10):
            self.client.get(reverse("dashboard:report_list"))

    def test_the_cached_dashboard_costs_few_queries(self):
        self.client.force_login(self.leadership)
        self.client.get(reverse("dashboard:dashboard"))
        # two of them find the reader's district (its code, then the row)
        with self.assertNumQueries(9):
            self.client.get(reverse("dashboard:dashboard"))


class DashboardApiTests(PeopleTestCase):
    def test_the_office_and_leadership_read_the_figures_and_others_are_refused(self):
        from cultivation import actions as cultivation_actions

        cultivation_actions.create_training(
            actor=None, kind="training", title="t", organiser="o", level="district", held_on=timezone.localdate()
        )
        for person in (self.clerk, self.leadership):
            self.client.force_login(person)
            body = self.client.get(f"/api/dashboard/{THIS_YEAR}").json()
            trainings = next(i for i in body["indicators"] if i["code"] == "trainings")
            self.assertEqual((trainings["years"][-1], trainings["values"][-1]), (THIS_YEAR, 1))
        for person in (self.ent_manager, self.bank_officer):
            self.client.force_login(person)
            self.assertEqual(self.client.get(f"/api/dashboard/{THIS_YEAR}").status_code, 403)


class AnnualReportMethodTests(PeopleTestCase):
    """Issue 14: the annual report was generated by a GET, so any page elsewhere could make
    a logged-in reader's browser start one."""

    def setUp(self) -> None:
        super().setUp()
        cache.clear()
        self.addCleanup(cache.clear)  # the dashboard page is cached; leave none for later tests

    def test_a_get_of_the_report_url_starts_nothing(self):
        self.client.force_login(self.clerk)
        response = self.client.get(reverse("dashboard:report_for_year", args=[THIS_YEAR]))
        self.assertEqual(response.status_code, 405)
        self.assertFalse(AnnualReport.objects.exists())

    def test_a_post_without_the_csrf_token_is_refused(self):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(self.clerk)
        self.assertEqual(client.post(reverse("dashboard:report_for_year", args=[THIS_YEAR])).status_code, 403)
        self.assertFalse(AnnualReport.objects.exists())

    def test_the_county_leadership_still_asks_for_the_report_by_the_pages_form(self):
        self.client.force_login(self.leadership)
        page = self.client.get(reverse("dashboard:dashboard"))
        self.assertContains(page, f'action="{reverse("dashboard:report_for_year", args=[THIS_YEAR])}"')
        response = self.client.post(reverse("dashboard:report_for_year", args=[THIS_YEAR]))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(AnnualReport.objects.count(), 1)
