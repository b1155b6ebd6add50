"""The task the queue carries (django-tasks; database queue by default, Redis/RQ as an option):
one task that runs a registered job by its run id (see core.jobs)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from core import jobs


@task()
def execute_job(run_id: int) -> str:
    """Run one ``JobRun``; safe to deliver twice."""
    return jobs.execute(run_id)


def worker_status() -> dict[str, Any]:
    """Whether a worker is alive (for /healthz): ``alive``, ``last_heartbeat_age`` in seconds
    (None when no worker ever ran) and the number of ``workers`` seen lately."""
    return jobs.worker_status()
