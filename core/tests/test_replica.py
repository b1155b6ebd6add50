"""The reports' reads from a streaming replica (core/routers.py).

The "replica" alias of the tests is the test database itself (Django's test MIRROR, conftest.py),
so a read sent there finds the rows; which connection ran a query says where it was routed. The
tests are transactional: a mirror is a second connection, which sees only committed rows."""

from __future__ import annotations

from django.db import connections, transaction
from django.test import TransactionTestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.routers import ReplicaRouter, reading_reports, reports_database
from core.tests.people import PeopleMixin
from dashboard.actions import request_report
from dashboard.models import AnnualReport
from registry.models import Enterprise

REPORT_PAGES = [
    reverse("dashboard:dashboard"),
    reverse("dashboard:rollup"),
    reverse("incentives:fund_report"),
    reverse("incentives:fund_report") + "?export=xlsx",
    reverse("incentives:enterprise_report"),
    reverse("financing:figures"),
]
ON_REPLICA = override_settings(REPORTS_DATABASE="replica")


class ReplicaReadsTests(PeopleMixin, TransactionTestCase):
    databases = {"default", "replica"}

    def setUp(self) -> None:
        self.make_people()
        self.client.force_login(self.leader)

    def get(self, url: str) -> tuple[int, list[str], list[str]]:
        """Status, and the SQL run on the primary and on the replica."""
        with (
            CaptureQueriesContext(connections["default"]) as primary,
            CaptureQueriesContext(connections["replica"]) as replica,
        ):
            response = self.client.get(url)
        return response.status_code, [q["sql"] for q in primary], [q["sql"] for q in replica]

    def test_without_a_replica_every_report_reads_the_primary(self):
        self.assertEqual(reports_database(), "default")
        for url in REPORT_PAGES:
            status, primary, replica = self.get(url)
            self.assertEqual(status, 200, url)
            self.assertTrue(primary, url)
            self.assertEqual(replica, [], url)

    @ON_REPLICA
    def test_with_a_replica_the_report_pages_and_exports_read_through_it(self):
        for url in REPORT_PAGES:
            status, _primary, replica = self.get(url)
            self.assertEqual(status, 200, url)
            self.assertTrue(replica, f"{url} read nothing from the replica")

    @ON_REPLICA
    def test_the_person_and_the_session_are_read_from_the_primary(self):
        _status, primary, replica = self.get(reverse("dashboard:dashboard"))
        self.assertFalse([q for q in replica if "django_session" in q or '"accounts_user"' in q.split("WHERE")[0]])
        self.assertTrue([q for q in primary if "django_session" in q])

    @ON_REPLICA
    def test_other_pages_and_posts_never_read_the_replica(self):
        for url in (reverse("registry:enterprise_list"), reverse("dashboard:report_list"), reverse("landscape:report")):
            status, _primary, replica = self.get(url)
            self.assertEqual((status, replica), (200, []), url)
        with CaptureQueriesContext(connections["replica"]) as replica:
            self.client.post(reverse("dashboard:rollup"), {})
        self.assertEqual(len(replica), 0)

    @ON_REPLICA
    def test_the_annual_report_job_reads_its_figures_from_the_replica_and_writes_to_the_primary(self):
        from dashboard.report import run_report

        report = request_report(actor=self.leader, year=2025)
        with CaptureQueriesContext(connections["replica"]) as replica:
            run_report(report.pk)
        self.assertTrue(replica)
        self.assertFalse([q for q in replica if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))])
        self.assertEqual(AnnualReport.objects.get(pk=report.pk).progress, 100)

    @ON_REPLICA
    def test_inside_a_transaction_a_report_reads_the_primary(self):
        with CaptureQueriesContext(connections["replica"]) as replica, reading_reports():
            Enterprise.objects.count()
            with transaction.atomic():
                Enterprise.objects.count()
        self.assertEqual(len(replica), 1)

    def test_writes_and_migrations_never_go_to_the_replica(self):
        router = ReplicaRouter()
        with ON_REPLICA, reading_reports():
            self.assertEqual(router.db_for_read(Enterprise), "replica")
            self.assertEqual(router.db_for_write(Enterprise), "default")
        self.assertIsNone(router.db_for_read(Enterprise))
        self.assertFalse(router.allow_migrate("replica", "registry"))
        self.assertIsNone(router.allow_migrate("default", "registry"))
