"""The audit trail's records of what the kernel (core) signals: core sits below audit and
cannot call it (core/signals.py says why)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from audit.trail import record, record_refusal, record_security_event, snapshot
from core.signals import access_refused, export_requested, scheduled_job_queued_by_hand


@receiver(export_requested, dispatch_uid="audit.export")
def audit_export(sender: Any, request: Any, fmt: str, **kwargs: Any) -> None:
    """Every export, with its format (a download of a list is a security event)."""
    record_security_event(actor=request.user, action="security.export", request=request, detail={"format": fmt})


@receiver(scheduled_job_queued_by_hand, dispatch_uid="audit.job_run_now")
def audit_job_run_now(sender: Any, actor: Any, run: Any, **kwargs: Any) -> None:
    record(actor=actor, action="job.run_now", obj=run, after=snapshot(run))


@receiver(access_refused, dispatch_uid="audit.refusal")
def audit_refusal(sender: Any, request: Any, reason: str, **kwargs: Any) -> None:
    """A page refused (who tried what, and why not); the API's refusals call the same recorder."""
    record_refusal(request, reason)
