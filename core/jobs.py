"""Background jobs on the task queue (django-tasks): imports, annual reports, landscape syncs,
index rebuilds, and the daily schedule (nightly reminders, the watch run).

The kernel knows no domain app: each app registers its kinds of job here (in its ``jobs``
module, found at start-up) and submits runs of them. Every run is a ``JobRun`` row, which is
what makes a job safe whatever happens to the process running it:

- a run has a key: the same piece of work asked for twice is one run;
- a worker claims a run with one conditional UPDATE (queued -> running), so two workers never
  run it both, and a run already finished is never run again;
- a worker that died with a run (``kill -9``, out of memory, a power cut) is noticed by the
  reaper, which every worker runs at start and every half minute: the run is queued again while
  it has attempts left, else marked failed with a message the clerk can act on.

The queue itself only carries run ids; ``JobRun`` is the truth."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import JobRun, WorkerHeartbeat

log = logging.getLogger(__name__)
job_log = logging.getLogger("ipcounty.jobs")

# A worker on another machine whose heartbeat is older than this is taken for dead.
STALE_AFTER = dt.timedelta(minutes=2)
# How often a worker beats, reaps and looks at the schedule.
HOUSEKEEPING_SECONDS = 10
# On a queue outside the database (Redis), a run still queued after this long is sent again
# (the web process may have died between its commit and the enqueue); a duplicate is harmless.
RESEND_QUEUED_AFTER = dt.timedelta(minutes=10)
DEFAULT_INTERRUPTED = gettext_lazy("The job was interrupted (its worker stopped) and did not finish. Start it again.")


@dataclass(frozen=True)
class Schedule:
    """Once a day at a local time of day."""

    at: dt.time

    def occurrence(self, now: dt.datetime) -> dt.datetime:
        """The latest time the job was due at or before ``now`` (aware, local)."""
        local = timezone.localtime(now)
        today = timezone.make_aware(dt.datetime.combine(local.date(), self.at))
        return today if local >= today else today - dt.timedelta(days=1)

    def describe(self) -> str:
        return _("Every day at %(time)s") % {"time": self.at.strftime("%H:%M")}


@dataclass(frozen=True)
class JobKind:
    """A kind of job an app registers: how to run one (payload -> outcome in words), how many
    attempts a run gets when its worker dies, and what to tell the app's own record (an import,
    a report) when the run is given up."""

    name: str
    label: Any
    run: Callable[[dict[str, Any]], str]
    max_attempts: int = 1
    interrupted_message: Any = DEFAULT_INTERRUPTED
    on_give_up: Callable[[dict[str, Any], str], None] | None = None
    schedule: Schedule | None = None


KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    KINDS[kind.name] = kind
    return kind


def kind_label(name: str) -> str:
    kind = KINDS.get(name)
    return str(kind.label) if kind else name


# --- the worker's identity and heartbeat ------------------------------------------------------

_identity: dict[int, str] = {}


def worker_id() -> str:
    """This process's worker id (one per process: a forked child is a worker of its own)."""
    pid = os.getpid()
    if pid not in _identity:
        _identity[pid] = f"{socket.gethostname()[:40]}:{pid}:{uuid.uuid4().hex[:8]}"
    return _identity[pid]


def beat() -> None:
    """Say this process is alive."""
    wid = worker_id()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=wid,
        defaults={"hostname": socket.gethostname(), "pid": os.getpid(), "beat_at": timezone.now()},
    )


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed child its parent has not waited for yet is a zombie: dead all the same
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def worker_alive(wid: str, now: dt.datetime | None = None) -> bool:
    """On this machine the process is asked directly (a busy worker on SQLite may not get to
    write its heartbeat during a long import); on another machine its heartbeat must be fresh."""
    heartbeat = WorkerHeartbeat.objects.filter(worker_id=wid).first()
    if heartbeat is None:
        return False
    if heartbeat.hostname == socket.gethostname():
        if heartbeat.pid == os.getpid():
            return wid == _identity.get(os.getpid())  # same pid, other id: a restarted worker
        return _pid_alive(heartbeat.pid)
    return heartbeat.beat_at >= (now or timezone.now()) - STALE_AFTER


def worker_status(now: dt.datetime | None = None) -> dict[str, Any]:
    """Whether a worker is alive, for a health check: the age in seconds of the freshest
    heartbeat (None when no worker ever ran) and the number of workers seen lately."""
    now = now or timezone.now()
    latest = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    age = None if latest is None else max(0.0, (now - latest).total_seconds())
    recent = WorkerHeartbeat.objects.filter(beat_at__gte=now - STALE_AFTER).count()
    return {
        "alive": age is not None and age <= STALE_AFTER.total_seconds(),
        "last_heartbeat_age": age,
        "workers": recent,
    }


# --- submitting and running --------------------------------------------------------------------


def queue_backend() -> Any:
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

    return task_backends[DEFAULT_TASK_BACKEND_ALIAS]


def _queue_outside_database() -> bool:
    from django_tasks.backends.immediate import ImmediateBackend
    from django_tasks_db import DatabaseBackend

    return not isinstance(queue_backend(), DatabaseBackend | ImmediateBackend)


def _send(run_id: int) -> None:
    """Put the run on the queue. The database queue takes it in the caller's transaction (the
    run and its queue entry exist together or not at all); Redis only after the commit, or a
    worker could look for a run not yet committed."""
    from core.tasks import execute_job

    if _queue_outside_database():
        transaction.on_commit(lambda: execute_job.enqueue(run_id))
    else:
        execute_job.enqueue(run_id)


def submit(name: str, key: str, payload: dict[str, Any] | None = None) -> JobRun:
    """Queue a run of a registered job; a run with this key already there is returned as it is."""
    kind = KINDS[name]
    run, created = JobRun.objects.get_or_create(
        key=key, defaults={"name": name, "payload": payload or {}, "max_attempts": kind.max_attempts}
    )
    if created:
        _send(run.pk)
    return run


def submit_coalesced(name: str, payload: dict[str, Any] | None = None) -> JobRun:
    """Queue a run of a job whose runs are interchangeable (a sync): a run still waiting in the
    queue will do, one already running may have started before the latest change."""
    waiting = JobRun.objects.filter(name=name, status=JobRun.Status.QUEUED).first()
    if waiting is not None:
        return waiting
    return submit(name, f"{name}:{uuid.uuid4().hex}", payload)


def execute(run_id: int) -> str:
    """Claim the run and do it; what the queue's task calls. A run that is not waiting (already
    claimed by another worker, or finished) is left alone. A job's outcome is written in the
    district's language (settings.LANGUAGE_CODE), whatever language the process had active."""
    with translation.override(settings.LANGUAGE_CODE):
        return _execute(run_id)


def _execute(run_id: int) -> str:
    wid = worker_id()
    beat()
    claimed = JobRun.objects.filter(pk=run_id, status=JobRun.Status.QUEUED).update(
        status=JobRun.Status.RUNNING,
        attempts=F("attempts") + 1,
        worker_id=wid,
        started_at=timezone.now(),
        finished_at=None,
    )
    if not claimed:
        return "skipped"
    run = JobRun.objects.get(pk=run_id)
    kind = KINDS.get(run.name)
    if kind is None:
        _finish(run, JobRun.Status.FAILED, _("Unknown job: %(name)s") % {"name": run.name})
        return "failed"
    try:
        message = kind.run(run.payload) or ""
    except Exception as exc:
        log.exception("job %s failed", run.key)
        message = _("The job failed: %(error)s") % {"error": str(exc)[:500] or type(exc).__name__}
        _finish(run, JobRun.Status.FAILED, message)  # the job's own record says why, if it has one
        return "failed"
    _finish(run, JobRun.Status.DONE, message)
    return "done"


def _finish(run: JobRun, status: str, message: str) -> None:
    finished = timezone.now()
    JobRun.objects.filter(pk=run.pk, worker_id=run.worker_id).update(
        status=status, message=str(message)[:4000], finished_at=finished
    )
    # One structured line per job (core/jsonlog.py): which job, how it ended, how long it took.
    job_log.info(
        "job %s %s",
        run.key,
        status,
        extra={
            "job": run.name,
            "job_key": run.key,
            "job_id": run.pk,
            "status": status,
            "attempt": run.attempts,
            "worker": run.worker_id,
            "ms": round((finished - run.started_at).total_seconds() * 1000, 1) if run.started_at else None,
            "user_id": (run.payload or {}).get("user_id"),
        },
    )


# --- the reaper ---------------------------------------------------------------------------------


def reap(now: dt.datetime | None = None) -> dict[str, int]:
    """Runs whose worker died: queued again while they have attempts left, else failed with the
    job's own message (and its app told), in the district's language. Returns how many of each."""
    with translation.override(settings.LANGUAGE_CODE):
        return _reap(now)


def _reap(now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    retried = failed = 0
    for run in JobRun.objects.filter(status=JobRun.Status.RUNNING).order_by("pk"):
        if worker_alive(run.worker_id, now):
            continue
        kind = KINDS.get(run.name)
        still_claimed = JobRun.objects.filter(pk=run.pk, status=JobRun.Status.RUNNING, worker_id=run.worker_id)
        if run.attempts < run.max_attempts:
            with transaction.atomic():
                if still_claimed.update(
                    status=JobRun.Status.QUEUED,
                    worker_id="",
                    enqueued_at=now,
                    message=_("Its worker stopped during attempt %(n)d; queued again.") % {"n": run.attempts},
                ):
                    _send(run.pk)
                    retried += 1
            continue
        message = str(kind.interrupted_message if kind else DEFAULT_INTERRUPTED)
        if still_claimed.update(status=JobRun.Status.FAILED, message=message, finished_at=now):
            failed += 1
            log.warning("job %s: its worker %s died; marked failed", run.key, run.worker_id)
            if kind and kind.on_give_up:
                kind.on_give_up(run.payload, message)
    if _queue_outside_database():
        for run in JobRun.objects.filter(status=JobRun.Status.QUEUED, enqueued_at__lt=now - RESEND_QUEUED_AFTER):
            if JobRun.objects.filter(pk=run.pk, status=JobRun.Status.QUEUED).update(enqueued_at=now):
                _send(run.pk)
    _fail_dead_queue_entries(now)
    return {"retried": retried, "failed": failed}


def _fail_dead_queue_entries(now: dt.datetime) -> None:
    """The database queue's own entry of a run whose worker died stays "running" for ever: it
    is closed here. A worker that died after taking the entry but before claiming the run left
    the run waiting with nothing in the queue: it is sent again."""
    from django.apps import apps

    if not apps.is_installed("django_tasks_db"):
        return
    from django_tasks_db.models import DBTaskResult

    for entry in DBTaskResult.objects.running().only("pk", "status", "worker_ids", "task_path", "args_kwargs"):
        ids = entry.worker_ids or []
        if not ids or worker_alive(ids[-1], now):
            continue
        closed = DBTaskResult.objects.filter(pk=entry.pk, status=entry.status).update(
            status="FAILED",
            finished_at=now,
            exception_class_path="core.jobs.WorkerDied",
            traceback=f"worker {ids[-1]} died",
        )
        args = (entry.args_kwargs or {}).get("args") or []
        if closed and entry.task_path == "core.tasks.execute_job" and args:
            with transaction.atomic():
                if JobRun.objects.filter(pk=args[0], status=JobRun.Status.QUEUED).update(enqueued_at=now):
                    _send(int(args[0]))


# --- the schedule -------------------------------------------------------------------------------


def scheduled_key(kind: JobKind, occurrence: dt.datetime) -> str:
    return f"{kind.name}:{timezone.localtime(occurrence).date().isoformat()}"


def submit_due(now: dt.datetime | None = None) -> list[JobRun]:
    """Queue each scheduled job whose latest time has come and has no run yet (one run a day,
    whatever number of workers look: the key is the day). A worker started after a missed time
    catches it up."""
    now = now or timezone.now()
    queued = []
    for kind in KINDS.values():
        if kind.schedule is None:
            continue
        occurrence = kind.schedule.occurrence(now)
        key = scheduled_key(kind, occurrence)
        if not JobRun.objects.filter(key=key).exists():
            with transaction.atomic():
                queued.append(submit(kind.name, key, {"due": occurrence.isoformat()}))
    return queued


@dataclass
class ScheduledJobRow:
    kind: JobKind
    last: JobRun | None
    next_run: dt.datetime


def scheduled_jobs(now: dt.datetime | None = None) -> list[ScheduledJobRow]:
    """Each scheduled job with its last run and when it runs next."""
    now = now or timezone.now()
    rows = []
    for kind in sorted((k for k in KINDS.values() if k.schedule), key=lambda k: k.schedule.at):  # type: ignore[union-attr]  # the generator keeps the kinds with a schedule
        schedule = kind.schedule
        assert schedule is not None
        occurrence = schedule.occurrence(now)
        last = JobRun.objects.filter(name=kind.name).order_by("-enqueued_at", "-pk").first()
        has_run = JobRun.objects.filter(key=scheduled_key(kind, occurrence)).exists()
        rows.append(ScheduledJobRow(kind, last, occurrence + dt.timedelta(days=1) if has_run else occurrence))
    return rows


def housekeeping(*, schedule: bool = True) -> None:
    """What a worker does at start and every few seconds beside running jobs."""
    beat()
    reap()
    if schedule:
        submit_due()


def _ping(payload: dict[str, Any]) -> str:
    """Wait the given seconds (at most a minute), then answer with the worker's id."""
    import time

    time.sleep(min(float(payload.get("seconds", 0)), 60.0))
    return worker_id()


# The kernel's own job: queued by hand (or a monitor) to see that a worker picks jobs up.
register(JobKind(name="core.ping", label=gettext_lazy("Worker check"), run=_ping, max_attempts=2))
