"""Background jobs through the real database queue (django-tasks-db), in this process: keyed
runs, claiming, the reaper, the schedule, the worker's heartbeat and the office's page."""

from __future__ import annotations

import datetime as dt
import itertools
import socket
import subprocess
from typing import Any

import time_machine
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from core import jobs
from core.models import JobRun, WorkerHeartbeat
from core.tasks import worker_status
from core.tests.people import PeopleTestCase
from core.tests.querycount import assert_queries_do_not_grow
from portfolio.jobs import INTERRUPTED_IMPORT
from portfolio.models import ImportJob, Patent
from portfolio.tests.factories import patent_rows, to_csv

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def dead_pid() -> int:
    """The id of a process that has ended (and been waited for)."""
    process = subprocess.Popen(["true"])  # noqa: S607
    process.wait()
    return process.pid


def claimed_by_dead_worker(run: JobRun, attempts: int) -> None:
    """``run`` as a worker leaves it when killed with ``attempts`` made: running, its process gone."""
    heartbeat = WorkerHeartbeat.objects.create(
        worker_id="gone", hostname=socket.gethostname(), pid=dead_pid(), beat_at=timezone.now()
    )
    JobRun.objects.filter(pk=run.pk).update(status=JobRun.Status.RUNNING, worker_id=heartbeat.worker_id,
                                            attempts=attempts)  # fmt: skip
    DBTaskResult.objects.update(status="RUNNING", worker_ids=[heartbeat.worker_id])


def run_queue() -> list[Any]:
    """Do what the database worker does with each ready entry, in this process."""
    from unittest import mock

    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id=jobs.worker_id(), excluded_queue_names=[],
    )  # fmt: skip
    # The worker closes stale connections between entries; here that is the test's transaction.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        worker.run()
    return [r.return_value for r in DBTaskResult.objects.order_by("enqueued_at")]


@override_settings(TASKS=DATABASE_QUEUE)
class QueueTests(PeopleTestCase):
    def import_job(self, rows: int = 3) -> ImportJob:
        data = to_csv(patent_rows(rows, self.enterprise.uscc, seed=5))
        return ImportJob.objects.create(
            kind="patents", file=ContentFile(data, name="p.csv"), file_name="p.csv", created_by=self.clerk
        )

    def submit_import(self, job: ImportJob) -> JobRun:
        with transaction.atomic():
            return jobs.submit("portfolio.import", f"import:{job.pk}", {"import_job": job.pk})

    def test_a_run_is_queued_in_the_database_and_run_once_by_the_worker(self):
        job = self.import_job()
        run = self.submit_import(job)
        self.assertEqual(DBTaskResult.objects.count(), 1)
        self.assertEqual(run.status, JobRun.Status.QUEUED)
        # Asked for again (a double click): the same run, nothing queued twice.
        self.assertEqual(self.submit_import(job).pk, run.pk)
        self.assertEqual(DBTaskResult.objects.count(), 1)
        self.assertEqual(run_queue(), ["done"])
        run.refresh_from_db()
        job.refresh_from_db()
        self.assertEqual((run.status, run.attempts), (JobRun.Status.DONE, 1))
        self.assertEqual((job.status, job.created_count), (ImportJob.Status.DONE, 3))

    def test_a_run_delivered_twice_runs_once(self):
        run = self.submit_import(self.import_job())
        from core.tasks import execute_job

        execute_job.enqueue(run.pk)  # e.g. the reaper sent it again
        self.assertEqual(run_queue(), ["done", "skipped"])
        run.refresh_from_db()
        self.assertEqual(run.attempts, 1)
        self.assertEqual(Patent.objects.count(), 3)

    def claimed_by_dead_worker(self, run: JobRun, attempts: int) -> None:
        claimed_by_dead_worker(run, attempts)

    def test_a_run_whose_worker_died_is_queued_again_and_finishes(self):
        job = self.import_job()
        run = self.submit_import(job)
        self.claimed_by_dead_worker(run, attempts=1)
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
        self.assertEqual(jobs.reap(), {"retried": 1, "failed": 0})
        # The queue's own entry of the dead attempt is closed, not left running.
        self.assertFalse(DBTaskResult.objects.filter(status="RUNNING").exists())
        run_queue()
        run.refresh_from_db()
        job.refresh_from_db()
        self.assertEqual((run.status, run.attempts), (JobRun.Status.DONE, 2))
        self.assertEqual(job.status, ImportJob.Status.DONE)

    def test_a_run_whose_worker_died_on_its_last_attempt_is_failed_with_a_message_for_the_clerk(self):
        job = self.import_job()
        run = self.submit_import(job)
        self.claimed_by_dead_worker(run, attempts=2)
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
        with translation.override("zh-hans"):
            self.assertEqual(jobs.reap(), {"retried": 0, "failed": 1})
        run.refresh_from_db()
        job.refresh_from_db()
        self.assertEqual(run.status, JobRun.Status.FAILED)
        self.assertEqual(job.status, ImportJob.Status.FAILED)
        self.assertEqual(job.file_errors, ["导入中断，未写入任何数据，请重新上传文件。"])
        self.assertEqual(run.message, job.file_errors[0])
        self.assertEqual(Patent.objects.count(), 0)
        with translation.override("en"):
            self.assertEqual(str(INTERRUPTED_IMPORT)[:27], "The import was interrupted;")

    def test_a_run_of_a_live_worker_is_left_alone(self):
        run = self.submit_import(self.import_job())
        JobRun.objects.filter(pk=run.pk).update(status=JobRun.Status.RUNNING, worker_id=jobs.worker_id())
        jobs.beat()
        self.assertEqual(jobs.reap(), {"retried": 0, "failed": 0})
        # A worker on another machine counts as alive while its heartbeat is fresh.
        WorkerHeartbeat.objects.create(worker_id="far", hostname="elsewhere", pid=1, beat_at=timezone.now())
        JobRun.objects.filter(pk=run.pk).update(worker_id="far")
        self.assertEqual(jobs.reap(), {"retried": 0, "failed": 0})
        WorkerHeartbeat.objects.filter(worker_id="far").update(beat_at=timezone.now() - dt.timedelta(minutes=5))
        self.assertEqual(jobs.reap(), {"retried": 1, "failed": 0})

    def test_each_scheduled_job_is_queued_once_a_day_and_a_missed_time_is_caught_up(self):
        at = timezone.make_aware(dt.datetime(2026, 5, 6, 9, 0))  # after 01:30, 03:00 and 04:00
        with time_machine.travel(at, tick=False):
            queued = {r.name for r in jobs.submit_due()}
            self.assertEqual(
                queued,
                {
                    "notifications.nightly",
                    "audit.checkpoint",
                    "similarity.daily_watch",
                    "similarity.prune_change_log",
                    "dashboard.refresh_snapshots",
                },
            )
            self.assertEqual(jobs.submit_due(), [])  # a second worker, or the next round
            rows = {row.kind.name: row for row in jobs.scheduled_jobs()}
        self.assertEqual(timezone.localtime(rows["similarity.daily_watch"].next_run).date(), dt.date(2026, 5, 7))
        self.assertEqual(JobRun.objects.get(name="similarity.daily_watch").key, "similarity.daily_watch:2026-05-06")
        with time_machine.travel(at + dt.timedelta(hours=17, minutes=45), tick=False):  # 02:45 next day
            due = {r.name for r in jobs.submit_due()}
            self.assertEqual(due, {"notifications.nightly", "audit.checkpoint"})  # 01:30 and 02:30

    def test_the_nightly_reminders_and_the_watch_run_on_the_worker(self):
        with time_machine.travel(timezone.make_aware(dt.datetime(2026, 5, 6, 9, 0)), tick=False):
            jobs.submit_due()
            # reminders, audit checkpoint, watch, the change log's pruning, district figures
            self.assertEqual(run_queue(), ["done", "done", "done", "done", "done"])
        runs = {r.name: r for r in JobRun.objects.all()}
        self.assertEqual(runs["notifications.nightly"].status, JobRun.Status.DONE)
        self.assertEqual(runs["dashboard.refresh_snapshots"].status, JobRun.Status.DONE)
        self.assertEqual(runs["similarity.daily_watch"].status, JobRun.Status.DONE)

    def test_worker_status_says_how_old_the_last_heartbeat_is(self):
        self.assertEqual(worker_status(), {"alive": False, "last_heartbeat_age": None, "workers": 0})
        now = timezone.now()
        WorkerHeartbeat.objects.create(worker_id="w", hostname="h", pid=1, beat_at=now - dt.timedelta(seconds=30))
        status = worker_status()
        self.assertTrue(status["alive"])
        self.assertAlmostEqual(status["last_heartbeat_age"], 30, delta=5)
        self.assertFalse(jobs.worker_status(now + dt.timedelta(minutes=5))["alive"])


@override_settings(TASKS=DATABASE_QUEUE)
class BackgroundJobsPageTests(PeopleTestCase):
    def test_the_office_sees_the_schedule_and_the_latest_runs(self):
        self.client.force_login(self.clerk)
        serial = itertools.count(1)

        def add(n: int) -> None:
            for i in itertools.islice(serial, n):
                with transaction.atomic():
                    jobs.submit("core.ping", f"ping:{i}")

        # More runs, not more queries.
        assert_queries_do_not_grow(self, [reverse("core:background_jobs")], add, rows=4)
        page = self.client.get(reverse("core:background_jobs"))
        self.assertContains(page, "每日保护商标监测")
        self.assertContains(page, "每天 03:00")
        self.assertContains(page, "后台服务检查")
        self.assertContains(page, "从未有后台服务运行")

    def test_older_runs_are_on_further_pages(self):
        for i in range(55):
            with transaction.atomic():
                jobs.submit("core.ping", f"ping:{i}")
        self.client.force_login(self.clerk)
        first = self.client.get(reverse("core:background_jobs"))
        self.assertEqual(len(first.context["runs"]), 50)
        second = self.client.get(reverse("core:background_jobs"), {"page": "2"})
        self.assertEqual(len(second.context["runs"]), 5)  # the oldest five were cut off before
        self.assertContains(second, "?page=1")

    def test_the_menu_shows_the_page_to_the_office(self):
        self.client.force_login(self.clerk)
        self.assertContains(self.client.get(reverse("home:home")), reverse("core:background_jobs"))

    def test_others_get_not_found(self):
        for person in (self.ent_manager, self.bank_officer, self.mediator, self.police_liaison):
            self.client.force_login(person)
            self.assertEqual(self.client.get(reverse("core:background_jobs")).status_code, 404, person)

    def test_anonymous_is_sent_to_log_in(self):
        self.assertEqual(self.client.get(reverse("core:background_jobs")).status_code, 302)


@override_settings(TASKS=DATABASE_QUEUE)
class DiedBeforeClaimTests(PeopleTestCase):
    def test_a_worker_that_died_between_taking_the_entry_and_claiming_the_run_loses_nothing(self):
        with transaction.atomic():
            run = jobs.submit("core.ping", "ping:lost")
        heartbeat = WorkerHeartbeat.objects.create(
            worker_id="gone", hostname=socket.gethostname(), pid=dead_pid(), beat_at=timezone.now()
        )
        DBTaskResult.objects.update(status="RUNNING", worker_ids=[heartbeat.worker_id])
        jobs.reap()
        self.assertEqual(DBTaskResult.objects.filter(status="FAILED").count(), 1)
        self.assertEqual(run_queue()[-1], "done")
        run.refresh_from_db()
        self.assertEqual((run.status, run.attempts), (JobRun.Status.DONE, 1))


class RunNowTests(PeopleTestCase):
    def test_a_clerk_runs_a_scheduled_job_out_of_turn_and_it_is_audited(self):
        from audit.models import AuditEvent

        self.client.force_login(self.clerk)
        page = self.client.get(reverse("core:background_jobs"))
        self.assertContains(page, reverse("core:run_scheduled_job_now", args=["similarity.daily_watch"]))
        response = self.client.post(reverse("core:run_scheduled_job_now", args=["similarity.daily_watch"]))
        self.assertRedirects(response, reverse("core:background_jobs"))
        run = JobRun.objects.get(name="similarity.daily_watch")
        self.assertEqual(run.status, JobRun.Status.DONE)  # the tests' queue runs it in line
        self.assertTrue(AuditEvent.objects.filter(action="job.run_now", actor=self.clerk).exists())

    def test_the_leadership_reads_the_page_but_starts_nothing(self):
        self.client.force_login(self.leadership)
        page = self.client.get(reverse("core:background_jobs"))
        self.assertNotContains(page, reverse("core:run_scheduled_job_now", args=["similarity.daily_watch"]))
        response = self.client.post(reverse("core:run_scheduled_job_now", args=["similarity.daily_watch"]))
        self.assertEqual(response.status_code, 403)
        self.assertFalse(JobRun.objects.exists())

    def test_outsiders_and_unknown_jobs_get_not_found(self):
        self.client.force_login(self.ent_manager)
        response = self.client.post(reverse("core:run_scheduled_job_now", args=["similarity.daily_watch"]))
        self.assertEqual(response.status_code, 404)
        self.client.force_login(self.clerk)
        self.assertEqual(self.client.post(reverse("core:run_scheduled_job_now", args=["core.ping"])).status_code, 404)
        self.assertEqual(self.client.get(reverse("core:run_scheduled_job_now", args=["core.ping"])).status_code, 405)
        self.assertFalse(JobRun.objects.exists())


class JobLanguageTests(PeopleTestCase):
    def test_a_job_writes_its_outcome_in_the_districts_language_whatever_is_active(self):
        from django.utils import translation

        with translation.override("en"):
            run = jobs.submit("portfolio.nightly_reminders", "reminders:language", {"due": "2026-05-06T01:30:00+08:00"})
        run.refresh_from_db()
        self.assertIn("提醒", run.message)
