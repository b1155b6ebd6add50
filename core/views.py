from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.models import AuditEvent
from audit.trail import record_refusal
from core import actions, health, jobs
from core.models import JobRun
from core.permissions import can_see_background_jobs, can_start_background_jobs, require
from protection.board import office_counts
from registry import regions
from registry.models import Enterprise, Park, Talent


def home(request: HttpRequest) -> HttpResponse:
    """A home page per kind of organisation."""
    user = request.user
    if user.is_leadership:
        return redirect("dashboard:dashboard")
    if user.is_office:
        return _office_home(request)
    if user.kind == "enterprise":
        enterprise = Enterprise.objects.for_user(user).select_related("park").first()
        return render(request, "core/home_enterprise.html", {"enterprise": enterprise})
    return render(request, "core/home_partner.html", {"organisation": user.organisation})


def _office_home(request: HttpRequest) -> HttpResponse:
    enterprises = Enterprise.objects.all()
    totals = enterprises.aggregate(
        total=Count("id"),
        high_tech=Count("id", filter=Q(is_high_tech=True)),
        tech_sme=Count("id", filter=Q(is_tech_sme=True)),
        specialised=Count("id", filter=Q(is_specialised=True)),
    )
    by_street = [
        {"code": row["street_code"], "name": regions.lookup(row["street_code"]).name, "count": row["n"]}
        for row in enterprises.exclude(street_code="").values("street_code").annotate(n=Count("id")).order_by("-n")
        if regions.lookup(row["street_code"])
    ]
    parks = Park.objects.annotate(n=Count("enterprises")).order_by("-n")[:10]
    return render(
        request,
        "core/home_office.html",
        {
            "totals": totals,
            "by_street": by_street,
            "parks": parks,
            "talent_count": Talent.objects.count(),
            "due": office_counts(request.user),
            "recent": AuditEvent.objects.select_related("actor").order_by("-seq")[:10],
            "district": regions.full_name(settings.DISTRICT_CODE),
        },
    )


def background_jobs(request: HttpRequest) -> HttpResponse:
    """The office's view of the background jobs: the daily schedule with each job's last run
    and next run, the worker's heartbeat, and the latest runs."""
    if not can_see_background_jobs(request.user):
        raise Http404
    runs = list(JobRun.objects.only(
        "name", "key", "status", "attempts", "max_attempts", "message", "enqueued_at", "started_at", "finished_at"
    )[:50])  # fmt: skip
    for run in runs:
        run.label = jobs.kind_label(run.name)  # type: ignore[attr-defined]
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
    record_refusal(request, reason)
    return render(request, "403.html", {"exception": reason}, status=403)
