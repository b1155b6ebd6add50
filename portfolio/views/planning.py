from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from core.exporting import export_response, requested_format
from core.views_helpers import int_filter, paginate
from portfolio.models import Patent, Trademark
from portfolio.plan import build_plan
from portfolio.reminders import reminders
from registry.models import Enterprise


def reminder_list(request: HttpRequest) -> HttpResponse:
    """What falls due: for the office the whole district, for an enterprise its own rights."""
    # Ten years ahead covers a patent's annuities and two renewals of a mark.
    horizon = int_filter(request, "days", 365, 1, 3650)
    items = reminders(
        Patent.objects.for_user(request.user), Trademark.objects.for_user(request.user), horizon_days=horizon
    )
    fmt = requested_format(request)
    if fmt:
        rows = ([r.label, r.due, r.workdays_left, str(r.subject), r.owners] for r in items)
        return export_response(fmt, "reminders", ["提醒", "到期日", "剩余工作日", "对象", "权利人"], rows)
    page = paginate(request, items, per_page=50)
    return render(
        request,
        "portfolio/reminders.html",
        {"items": page, "page": page, "total": len(items), "days": horizon, "today": dt.date.today()},
    )


def enterprise_plan(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_object_or_404(Enterprise.objects.for_user(request.user), pk=pk)
    return render(request, "portfolio/plan.html", {"plan": build_plan(enterprise), "enterprise": enterprise})
