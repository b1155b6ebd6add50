from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import actions, health, jobs
from core.models import JobRun
from core.permissions import can_see_background_jobs, can_start_background_jobs, require
from core.signals import access_refused
from core.views_helpers import paginate


def background_jobs(request: HttpRequest) -> HttpResponse:
    """The office's view of the background jobs: the daily schedule with each job's last run
    and next run, the worker's heartbeat, and the latest runs."""
    if not can_see_background_jobs(request.user):
        raise Http404
    runs = paginate(request, JobRun.objects.only(
        "name", "key", "status", "attempts", "max_attempts", "message", "enqueued_at", "started_at", "finished_at"
    ), per_page=50)  # fmt: skip
    for run in runs:
        run.label = jobs.kind_label(run.name)  # a label for the page, set on the instance
    return render(
        request,
        "core/background_jobs.html",
        {
            "scheduled": jobs.scheduled_jobs(),
            "runs": runs,
            "worker": jobs.worker_status(),
            "can_start": can_start_background_jobs(request.user),
        },
    )


@require_POST
def run_scheduled_job_now(request: HttpRequest, name: str) -> HttpResponse:
    if not can_see_background_jobs(request.user):
        raise Http404
    require(can_start_background_jobs(request.user))
    try:
        actions.run_scheduled_job_now(actor=request.user, name=name)
    except ValidationError:
        raise Http404 from None
    messages.success(request, _("Queued; the worker runs it shortly."))
    return redirect("core:background_jobs")


@login_not_required
def healthz(request: HttpRequest) -> JsonResponse:
    """For the office's monitoring and load balancer: 200 when every check passes, else 503.
    No log-in, and no data from the records: only each check's state."""
    checks = health.run_checks()
    healthy = all(result["ok"] for result in checks.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "unhealthy", "checks": checks}, status=200 if healthy else 503
    )
    response["Cache-Control"] = "no-store"
    return response


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The product's 403 page, and the refusal in the audit trail (who tried what, and why not).
    Rate-limit refusals have their own 429 answer and are not repeated here."""
    reason = str(exception) if exception else ""
    access_refused.send(sender=permission_denied, request=request, reason=reason)
    return render(request, "403.html", {"exception": reason}, status=403)
