"""Helpers shared by every app's actions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models

from core.permissions import Decision


def require(decision: Decision) -> None:
    """Stop an action the actor may not take, with the reason the predicate gave."""
    if not decision.allowed:
        raise PermissionDenied(decision.reason)


def apply_changes(obj: models.Model, changes: dict[str, Any], allowed: set[str]) -> None:
    """Set only the named fields; an unknown field is a programming error, not user input."""
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"fields not editable here: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(obj, name, value)


def run_scheduled_job_now(*, actor, name: str):  # type: ignore[no-untyped-def]
    """Queue a scheduled job out of turn (after fixing what made last night's run fail, say).
    Its usual run still comes at its time."""
    from django.core.exceptions import ValidationError
    from django.db import transaction
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from audit.trail import record, snapshot
    from core import jobs
    from core.permissions import can_start_background_jobs

    require(can_start_background_jobs(actor))
    kind = jobs.KINDS.get(name)
    if kind is None or kind.schedule is None:
        raise ValidationError(_("No such scheduled job."))
    now = timezone.now()
    with transaction.atomic():
        run = jobs.submit(name, f"{name}:now:{now:%Y%m%dT%H%M%S%f}", {"due": now.isoformat(), "by_hand": True})
        record(actor=actor, action="job.run_now", obj=run, after=snapshot(run))
    return run
