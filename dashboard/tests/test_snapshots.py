"""The districts' figures kept as a snapshot (dashboard.snapshots): the roll-up and the
dashboard read it; an audited change marks the changer's district stale and the page says so
and asks for a refresh; a district never computed is computed live on the page; the refresh
job is retried or failed when its worker dies, like every job. And a case counts in its own
district, whatever the complainant's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core import jobs
from core.models import JobRun
from core.tests.people import PeopleTestCase
from core.tests.test_jobs import DATABASE_QUEUE, claimed_by_dead_worker, run_queue
from dashboard import actions, snapshots
from dashboard.choices import Indicator as I
from dashboard.figures import build_dashboard
from dashboard.models import DistrictIndicatorSnapshot, DistrictSnapshotState
from dashboard.rollup import ROLLUP_INDICATORS, build_rollup
from portfolio.choices import PatentStatus, PatentType
from portfolio.models import Patent
from protection import actions as protection_actions
from protection.figures import protection_figures

THIS_YEAR = timezone.localdate().year
LAST_YEAR = THIS_YEAR - 1


def _invention(number: int, owner) -> Patent:
    patent = Patent.objects.create(
        application_number=f"20191{number:07d}",
        patent_type=PatentType.INVENTION,
        title=f"发明 {number}",
        filing_date=dt.date(2019, 1, 1),
        grant_date=dt.date(2021, 1, 1),
        status=PatentStatus.GRANTED,
        is_pct=number % 2 == 0,
    )
    patent.owners.add(owner)
    return patent


class SnapshotTests(PeopleTestCase):
    bureau_user: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for n in range(3):
            _invention(n, cls.enterprise)
        for n in range(3, 8):
            _invention(n, cls.second_enterprise)
        cls.bureau_user = cls.person(cls.bureau, "yantai", "leadership")

    def setUp(self) -> None:
        super().setUp()
        cache.clear()

    def codes(self) -> set[str]:
        return {self.district.code, self.second_district.code}

    def test_the_snapshot_equals_each_districts_live_dashboard(self):
        snapshots.refresh()
        years = [LAST_YEAR - 2, LAST_YEAR - 1, LAST_YEAR]
        found = snapshots.read(self.codes(), years)
        for district in (self.district, self.second_district):
            live = build_dashboard(LAST_YEAR, district)
            kept = build_dashboard(
                LAST_YEAR, district, found.values[district.code], found.top[district.code][LAST_YEAR]
            )
            for _name, rows in live.sections:
                for row in rows:
                    with self.subTest(district=district.code, indicator=row.code):
                        self.assertEqual(kept.row(row.code).values, row.values)
        self.assertEqual(found.values[self.second_district.code][LAST_YEAR][I.VALID_INVENTION_PATENTS], 5)

    def test_a_change_marks_the_changers_district_stale_and_a_refresh_clears_it(self):
        snapshots.refresh()
        with self.captureOnCommitCallbacks(execute=True):
            actions.set_target(actor=self.second_clerk, year=LAST_YEAR, indicator=I.PCT_APPLICATIONS, value=Decimal(3))
        states = dict(DistrictSnapshotState.objects.values_list("district", "stale_since"))
        self.assertIsNotNone(states[self.second_district.code])
        self.assertIsNone(states[self.district.code])
        self.assertEqual(snapshots.refresh(stale_only=True), [self.second_district.code])
        self.assertFalse(DistrictSnapshotState.objects.filter(stale_since__isnull=False).exists())

    def test_a_change_made_while_the_refresh_ran_keeps_the_district_stale(self):
        snapshots.refresh()
        later = timezone.now() + dt.timedelta(minutes=1)
        DistrictSnapshotState.objects.filter(district=self.district).update(stale_since=later)
        snapshots.refresh()
        self.assertEqual(DistrictSnapshotState.objects.get(district=self.district).stale_since, later)

    def test_a_change_by_the_system_marks_every_district_stale(self):
        snapshots.refresh()
        with self.captureOnCommitCallbacks(execute=True):
            actions.set_target(actor=None, year=LAST_YEAR, indicator=I.PCT_APPLICATIONS, value=Decimal(3))
        self.assertFalse(DistrictSnapshotState.objects.filter(stale_since__isnull=True).exists())

    def test_a_new_patent_shows_only_after_the_refresh_and_the_page_says_the_figures_are_stale(self):
        snapshots.refresh()
        _invention(20, self.second_enterprise)
        with self.captureOnCommitCallbacks(execute=True):
            actions.set_target(actor=self.second_clerk, year=THIS_YEAR, indicator=I.PCT_APPLICATIONS, value=Decimal(1))
        with override_settings(TASKS=DATABASE_QUEUE):
            table = build_rollup(THIS_YEAR, [self.district, self.second_district])
            self.assertTrue(table.stale)
            self.assertTrue(JobRun.objects.filter(name=snapshots.JOB, status=JobRun.Status.QUEUED).exists())
            second = next(r for r in table.rows if r.district.code == self.second_district.code)
            self.assertEqual(second.cell(I.VALID_INVENTION_PATENTS).value, 5)  # as computed, and said so
            self.client.force_login(self.bureau_user)
            page = self.client.get(reverse("dashboard:rollup"), {"year": THIS_YEAR})
            self.assertContains(page, "数据正在重新计算")
            run_queue()
        table = build_rollup(THIS_YEAR, [self.district, self.second_district])
        second = next(r for r in table.rows if r.district.code == self.second_district.code)
        self.assertEqual(second.cell(I.VALID_INVENTION_PATENTS).value, 6)
        self.assertFalse(table.stale)
        self.assertIsNotNone(table.computed_at)

    def test_a_district_never_computed_is_computed_live_and_a_refresh_is_asked_for(self):
        self.assertFalse(DistrictIndicatorSnapshot.objects.exists())
        with override_settings(TASKS=DATABASE_QUEUE):
            table = build_rollup(LAST_YEAR, [self.district, self.second_district])
            self.assertIsNone(table.computed_at)
            self.assertEqual(JobRun.objects.filter(name=snapshots.JOB).count(), 1)
            build_rollup(LAST_YEAR, [self.district, self.second_district])
            self.assertEqual(JobRun.objects.filter(name=snapshots.JOB).count(), 1)  # one waiting run will do
        for row in table.rows:
            live = build_dashboard(LAST_YEAR, row.district)
            for code in ROLLUP_INDICATORS:
                with self.subTest(district=row.district.code, indicator=code):
                    self.assertEqual(row.cell(code).value, live.row(code).actual)
        self.client.force_login(self.leadership)
        page = self.client.get(reverse("dashboard:dashboard"), {"year": LAST_YEAR})
        self.assertContains(page, "本页数据为按当前记录即时计算")

    def test_the_dashboard_says_when_its_figures_were_computed(self):
        snapshots.refresh()
        computed = DistrictSnapshotState.objects.get(district=self.district).computed_at
        self.client.force_login(self.leadership)
        page = self.client.get(reverse("dashboard:dashboard"), {"year": THIS_YEAR})
        self.assertContains(page, timezone.localtime(computed).strftime("%Y-%m-%d %H:%M"))
        self.assertNotContains(page, "数据正在重新计算")

    def test_the_schedule_refreshes_every_district_daily(self):
        self.assertEqual(jobs.KINDS[snapshots.JOB].schedule.at, dt.time(4, 0))
        self.assertEqual(snapshots.refresh(), sorted(self.codes()))


@override_settings(TASKS=DATABASE_QUEUE)
class SnapshotJobTests(PeopleTestCase):
    def test_a_refresh_whose_worker_died_is_queued_again_and_finishes(self):
        snapshots.request_refresh()
        run = JobRun.objects.get(name=snapshots.JOB)
        claimed_by_dead_worker(run, attempts=1)
        self.assertEqual(jobs.reap(), {"retried": 1, "failed": 0})
        run_queue()
        run.refresh_from_db()
        self.assertEqual((run.status, run.attempts), (JobRun.Status.DONE, 2))
        self.assertTrue(DistrictIndicatorSnapshot.objects.filter(district=self.second_district).exists())

    def test_a_refresh_whose_worker_died_on_its_last_attempt_is_failed_with_its_message(self):
        snapshots.request_refresh()
        run = JobRun.objects.get(name=snapshots.JOB)
        claimed_by_dead_worker(run, attempts=2)
        self.assertEqual(jobs.reap(), {"retried": 0, "failed": 1})
        run.refresh_from_db()
        self.assertEqual(run.status, JobRun.Status.FAILED)
        self.assertIn("计算区县数据时中断", run.message)
        self.assertFalse(DistrictIndicatorSnapshot.objects.exists())


class CasesCountInTheirOwnDistrictTests(PeopleTestCase):
    def test_a_case_of_this_district_with_a_complainant_of_another_counts_here(self):
        protection_actions.enter_lead(
            actor=self.enforcer,
            source="complaint",
            summary="假冒商标",
            right_kind="trademark",
            complainant=self.second_enterprise,
            district=self.district,
        )
        self.assertEqual(protection_figures(THIS_YEAR, self.district)["leads"], 1)
        self.assertEqual(protection_figures(THIS_YEAR, self.second_district)["leads"], 0)
        self.assertEqual(build_dashboard(THIS_YEAR, self.second_district).row(I.LEADS).actual, 0)
        snapshots.refresh()
        found = snapshots.read({self.district.code, self.second_district.code}, [THIS_YEAR])
        self.assertEqual(found.values[self.district.code][THIS_YEAR][I.LEADS], 1)
        self.assertEqual(found.values[self.second_district.code][THIS_YEAR][I.LEADS], 0)
