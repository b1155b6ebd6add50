from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.http import AuthenticatedRequest
from accounts.models import District, Organisation
from audit.models import AuditEvent
from core.ratelimits import limit, per_person
from home.gather import MIN_QUERY, clean_query, search_for, worklist_for
from home.waiting import remember
from protection.board import office_counts
from refdata import divisions
from registry.models import Enterprise, Park, Talent


def home(request: AuthenticatedRequest) -> HttpResponse:
    """Each person's home is their worklist: what waits for them, the nearest limit first, each
    item linking to where it is done. The office sees the district at a glance below it."""
    user = request.user
    if user.is_bureau:
        # A city or provincial bureau supervises several districts: its home is their comparison.
        return redirect("dashboard:rollup")
    if user.is_leadership:
        return redirect("dashboard:dashboard")
    items = worklist_for(user)
    remember(user, len(items))
    context = {"items": items, "now": timezone.now(), "organisation": user.organisation}
    if user.is_office:
        context.update(_district_at_a_glance(request))
        return render(request, "home/home_office.html", context)
    if user.kind == "enterprise":
        context["enterprise"] = Enterprise.objects.for_user(user).select_related("park").first()
        return render(request, "home/home_enterprise.html", context)
    return render(request, "home/home_partner.html", context)


def _district_at_a_glance(request: AuthenticatedRequest) -> dict[str, object]:
    """The office's own district(s) at a glance: every figure through ``for_user``."""
    user = request.user
    enterprises = Enterprise.objects.for_user(user)
    totals = enterprises.aggregate(
        total=Count("id"),
        high_tech=Count("id", filter=Q(is_high_tech=True)),
        tech_sme=Count("id", filter=Q(is_tech_sme=True)),
        specialised=Count("id", filter=Q(is_specialised=True)),
    )
    by_street = [
        {"code": row["street_code"], "name": division.name, "count": row["n"]}
        for row in enterprises.exclude(street_code="").values("street_code").annotate(n=Count("id")).order_by("-n")
        if (division := divisions.lookup(row["street_code"]))
    ]
    # What the people of the office's district(s) did (the system's own steps have no district).
    # The list shows who, what and on which record: not the snapshots (an import block's is large).
    recent = (
        AuditEvent.objects.filter(actor__organisation__in=Organisation.objects.for_user(user).values("pk"))
        .select_related("actor")
        .defer("before", "after")
    )
    return {
        "totals": totals,
        "by_street": by_street,
        "parks": Park.objects.for_user(user).annotate(n=Count("enterprises")).order_by("-n")[:10],
        "talent_count": Talent.objects.for_user(user).count(),
        "due": office_counts(user),
        "recent": recent.order_by("-seq")[:10],
        "district": "、".join(d.full_name for d in District.objects.filter(code__in=user.district_codes)),
    }


def search(request: HttpRequest) -> HttpResponse:
    """One box for every kind of record: an enterprise, patent, mark, case, transfer, mediation,
    award application or loan by its number or name, among what the person may see."""
    query = clean_query(request.GET.get("find", ""))
    hits = []
    if len(query) >= MIN_QUERY:
        limit(request, "search", per_person)
        hits = search_for(request.user, query)
    return render(
        request, "home/search.html", {"query": query, "search_query": query, "hits": hits, "min_query": MIN_QUERY}
    )
