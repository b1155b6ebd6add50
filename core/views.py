from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from audit.models import AuditEvent
from audit.trail import record_security_event
from core import health
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
    user = getattr(request, "user", None)
    record_security_event(
        actor=user if user is not None and user.is_authenticated else "anonymous",
        action="security.denied",
        request=request,
        detail={"method": request.method, "reason": reason[:300]},
    )
    return render(request, "403.html", {"exception": reason}, status=403)
