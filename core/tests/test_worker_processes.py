"""Real worker processes (`manage.py run_worker`) on the database queue: one killed with
SIGKILL in the middle of an import, and two working one queue at once (PostgreSQL).

The workers share the test database: PostgreSQL's test database directly; on SQLite the
in-memory test database is copied to a file for them and copied back afterwards."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import TransactionTestCase, override_settings
from django_tasks_db.models import DBTaskResult

from core import jobs
from core.models import JobRun
from core.tasks import execute_job
from core.tests.people import PeopleMixin
from portfolio.models import ImportJob, Patent
from portfolio.tests.factories import patent_rows, to_csv
from refdata.loading import ensure_loaded

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
MANAGE = Path(settings.BASE_DIR) / "manage.py"
ROWS = 30_000


class WorkerProcessMixin:
    def _fixture_teardown(self):
        super()._fixture_teardown()
        ensure_loaded()  # the flush after a transactional test empties the reference tables too

    def share_database(self) -> None:
        """Make the test database reachable by other processes (see the module's docstring)."""
        self.sqlite_file: Path | None = None
        if connection.vendor == "sqlite":
            self.sqlite_file = Path(tempfile.mkdtemp(prefix="ipcounty-worker-")) / "db.sqlite3"
            connection.ensure_connection()
            with sqlite3.connect(self.sqlite_file) as target:
                connection.connection.backup(target)

    def take_database_back(self) -> None:
        if self.sqlite_file is not None:
            connection.ensure_connection()
            with sqlite3.connect(self.sqlite_file) as source:
                source.backup(connection.connection)

    def database_url(self) -> str:
        if self.sqlite_file is not None:
            return f"sqlite:///{self.sqlite_file}"
        db = connection.settings_dict
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Read what the workers wrote, while they run."""
        if self.sqlite_file is not None:
            with sqlite3.connect(self.sqlite_file, timeout=30) as db:
                return db.execute(sql.replace("%s", "?"), params).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def worker(self, *options: str) -> subprocess.Popen:
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url(),
            "TASKS_BACKEND": "database",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "SIMILARITY_INDEX_DIR": str(settings.SIMILARITY_INDEX_DIR),
            "LOG_LEVEL": "WARNING",
        }
        return subprocess.Popen(  # noqa: S603
            [sys.executable, str(MANAGE), "run_worker", "--no-schedule", "--interval", "0.2", *options],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def wait_for(self, sql: str, params: tuple, expected: object, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            rows = self.query(sql, params)
            if rows and rows[0][0] == expected:
                return
            time.sleep(0.1)
        self.fail(f"{sql} {params} never gave {expected!r}")  # type: ignore[attr-defined]  # a mixin of TestCase


@override_settings(TASKS=DATABASE_QUEUE)
class KilledWorkerTests(WorkerProcessMixin, PeopleMixin, TransactionTestCase):
    def setUp(self) -> None:
        self.make_people()

    def test_an_import_killed_mid_way_leaves_nothing_and_is_retried_by_the_next_worker(self):
        data = to_csv(patent_rows(ROWS, self.enterprise.uscc, seed=11))
        job = ImportJob.objects.create(
            kind="patents", file=ContentFile(data, name="big.csv"), file_name="big.csv", created_by=self.clerk
        )
        with transaction.atomic():
            run = jobs.submit("portfolio.import", f"import:{job.pk}", {"import_job": job.pk})
        self.share_database()

        first = self.worker()
        try:
            self.wait_for("SELECT status FROM core_jobrun WHERE id = %s", (run.pk,), "running")
            time.sleep(0.5)  # into reading and checking the rows
            self.assertIsNone(first.poll(), "the import finished before it could be killed: raise ROWS")
        finally:
            os.kill(first.pid, signal.SIGKILL)
            first.wait()
        # Killed half way: the run still says running, and not one patent of the file was kept.
        self.assertEqual(self.query("SELECT status FROM core_jobrun WHERE id = %s", (run.pk,)), [("running",)])
        self.assertEqual(self.query("SELECT count(*) FROM portfolio_patent"), [(0,)])

        # The next worker notices the dead one at its start, queues the run again and runs it.
        second = self.worker("--burst")
        output, _ = second.communicate(timeout=300)
        self.assertEqual(second.returncode, 0, output)
        self.take_database_back()

        run.refresh_from_db()
        job.refresh_from_db()
        self.assertEqual((run.status, run.attempts), (JobRun.Status.DONE, 2), run.message)
        self.assertEqual((job.status, job.created_count), (ImportJob.Status.DONE, ROWS))
        self.assertEqual(Patent.objects.count(), ROWS)
        # Nothing is left "running", in the runs or in the queue's own entries.
        self.assertFalse(JobRun.objects.filter(status=JobRun.Status.RUNNING).exists())
        self.assertFalse(DBTaskResult.objects.filter(status="RUNNING").exists())


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two workers at once need PostgreSQL's row locks")
@override_settings(TASKS=DATABASE_QUEUE)
class TwoWorkersTests(WorkerProcessMixin, TransactionTestCase):
    def test_two_workers_never_run_the_same_job_twice(self):
        runs = []
        with transaction.atomic():
            for n in range(40):
                run = jobs.submit("core.ping", f"ping:{n}", {"seconds": 0.2})
                execute_job.enqueue(run.pk)  # every run delivered twice
                runs.append(run)
        self.share_database()
        workers = [self.worker("--burst") for _ in range(2)]
        for process in workers:
            output, _ = process.communicate(timeout=300)
            self.assertEqual(process.returncode, 0, output)

        done = JobRun.objects.filter(pk__in=[r.pk for r in runs])
        self.assertEqual(set(done.values_list("status", flat=True)), {JobRun.Status.DONE})
        self.assertEqual(set(done.values_list("attempts", flat=True)), {1})
        entries = DBTaskResult.objects.all()
        self.assertEqual(entries.count(), 80)
        self.assertEqual(sorted({e.status for e in entries}), ["SUCCESSFUL"])
        outcomes = sorted(e.return_value for e in entries)
        self.assertEqual(outcomes.count("done"), 40)
        self.assertEqual(outcomes.count("skipped"), 40)
        # Both workers took part: the runs name two workers between them.
        self.assertEqual(len({r.message for r in done}), 2)
