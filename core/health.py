"""Health checks for `/healthz`: whether this installation can serve its people.

The kernel checks the database; apps register their own checks (the task worker's heartbeat,
the trademark index) in their ``AppConfig.ready``, so the kernel imports no app. A check is a
function returning ``(healthy, detail)``; ``detail`` is a short English phrase for the operator
and never holds data from the records.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import connection

Check = Callable[[], tuple[bool, str]]
_checks: dict[str, Check] = {}


def register_check(name: str, check: Check) -> None:
    _checks[name] = check


def database() -> tuple[bool, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return True, connection.vendor


def task_worker() -> tuple[bool, str]:
    """Is a background-job worker alive (a heartbeat within the last two minutes)?"""
    from core.jobs import worker_status

    status = worker_status()
    if status["alive"]:
        return True, f"{status['workers']} worker(s), last heartbeat {status['last_heartbeat_age']:.0f} s ago"
    if status["last_heartbeat_age"] is None:
        return False, "no worker has run yet (python manage.py run_worker)"
    return False, f"no heartbeat for {status['last_heartbeat_age']:.0f} s (is run_worker running?)"


register_check("database", database)
register_check("task_worker", task_worker)


def run_checks() -> dict[str, dict[str, object]]:
    """Every registered check, each timed; a check that raises is unhealthy, never a 500."""
    results: dict[str, dict[str, object]] = {}
    for name, check in _checks.items():
        started = time.perf_counter()
        try:
            healthy, detail = check()
        except Exception as exc:  # a failing dependency is what this page reports
            healthy, detail = False, type(exc).__name__
        results[name] = {"ok": healthy, "detail": detail, "ms": round((time.perf_counter() - started) * 1000, 1)}
    return results
