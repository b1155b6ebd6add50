"""`manage.py run_worker`: run background jobs beside the web server (`make run` starts one)."""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, close_old_connections, connection

from core import jobs

log = logging.getLogger(__name__)


def _housekeeping_once(schedule: bool) -> None:
    try:
        jobs.housekeeping(schedule=schedule)
    except OperationalError as exc:  # SQLite busy with a long import: next round
        log.info("housekeeping postponed: %s", exc)


def _housekeeping_loop(stop: threading.Event, interval: float, schedule: bool) -> None:
    """Heartbeat, reaper and schedule, in a thread of their own so that they go on while the
    worker's main thread is busy with a long job."""
    while not stop.wait(interval):
        try:
            _housekeeping_once(schedule)
        except Exception:
            log.exception("housekeeping failed")
        finally:
            close_old_connections()  # this thread's own connection, if it broke
    connection.close()


class Command(BaseCommand):
    help = (
        "Run background jobs (imports, annual reports, landscape syncs, index rebuilds, nightly reminders, the "
        "daily watch) from the task queue: the database queue by default, Redis with TASKS_BACKEND=rq."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--burst", action="store_true", help="Run what is queued, then exit.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between looks at an empty queue.")
        parser.add_argument(
            "--no-schedule",
            action="store_false",
            dest="schedule",
            help="Do not queue the daily jobs (another worker does).",
        )

    def handle(self, *args: Any, burst: bool, interval: float, schedule: bool, **options: Any) -> None:
        from django_tasks_db import DatabaseBackend

        default_task_backend = jobs.queue_backend()

        logging.getLogger("core.jobs").setLevel(logging.INFO)
        wid = jobs.worker_id()
        _housekeeping_once(schedule)  # at start: say we are here, reap what died with a former worker
        stop = threading.Event()
        keeper = threading.Thread(
            target=_housekeeping_loop,
            args=(stop, jobs.HOUSEKEEPING_SECONDS, schedule),
            name="housekeeping",
            daemon=True,
        )
        keeper.start()
        self.stdout.write(f"worker {wid} ({type(default_task_backend).__name__})")
        try:
            if isinstance(default_task_backend, DatabaseBackend):
                self._run_database_worker(wid, burst, interval)
            elif type(default_task_backend).__name__ == "RQBackend":
                self._run_rq_worker(wid, burst)
            else:
                raise CommandError("The task backend runs jobs by itself; no worker is needed.")
        finally:
            stop.set()

    def _run_database_worker(self, wid: str, burst: bool, interval: float) -> None:
        from django_tasks_db.management.commands.db_worker import Worker

        worker = Worker(
            queue_names=["*"],
            interval=interval,
            batch=burst,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=wid,  # the queue's own entries name the same worker the heartbeat does
            excluded_queue_names=[],
        )
        worker.configure_signals()
        worker.run()

    def _run_rq_worker(self, wid: str, burst: bool) -> None:
        import django_rq
        from django_tasks_rq import Job

        queue = django_rq.get_queue("default", job_class=Job)
        worker = rq_worker_class()([queue], connection=queue.connection, job_class=Job, name=wid.replace(":", "-"))
        worker.work(burst=burst, with_scheduler=False)


#: how long the RQ worker's command listener waits for a message before it looks whether it
#: should stop (see :func:`rq_worker_class`)
RQ_LISTEN_SECONDS = 1.0


def rq_worker_class() -> type:
    """The RQ worker ``run_worker`` runs: RQ's ``SimpleWorker`` (each job in this process, so the
    heartbeat and the run's claim name one process; RQ's default forks a child per job) whose
    command listener wakes every :data:`RQ_LISTEN_SECONDS`.

    RQ (3.0) listens for its commands (shutdown, stop a job) in a thread that waits up to 60 s
    for a message, and at the end of a burst or at a shutdown it unsubscribes, then waits for
    that thread (redis-py's ``PubSubWorkerThread.stop``). When the thread has already read the
    unsubscribe's reply, it waits out a whole minute for a subscription that will not come:
    a worker then took 60 s more to stop (seen in CI: ``test_jobs_rq`` took 60 s)."""
    from rq.worker import SimpleWorker

    class Worker(SimpleWorker):
        def subscribe(self) -> None:
            self.pubsub = self.connection.pubsub()
            self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
            self.pubsub_thread = self.pubsub.run_in_thread(  # type: ignore[assignment]  # RQ declares it None
                sleep_time=RQ_LISTEN_SECONDS, daemon=True, exception_handler=self._pubsub_exception_handler
            )

    return Worker
