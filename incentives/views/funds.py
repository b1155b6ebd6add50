from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from core.exporting import export_response, requested_format
from core.money import ZERO
from core.permissions import office_only, require
from core.views_helpers import int_filter
from funds import actions as fund_actions
from funds import ledger
from funds.models import FundSource
from incentives.choices import ApplicationStatus
from incentives.forms import BudgetForm, FundSourceForm
from incentives.models import Application, Payment
from incentives.permissions import can_manage_programmes

LIVE = [ApplicationStatus.APPROVED, ApplicationStatus.PAID]


def _office_only(request: AuthenticatedRequest) -> None:
    require(office_only(request.user, _("The funds ledger is the office's.")))


def fund_report(request: AuthenticatedRequest) -> HttpResponse:
    """Per source and year: budget, committed, paid, remaining — all from the ledger."""
    _office_only(request)
    year = int_filter(request, "year", None, 1900, 2100)
    sources = FundSource.objects.for_user(request.user)
    rows = ledger.positions(year, sources)
    fmt = requested_format(request)
    if fmt:
        return export_response(
            fmt,
            "funds",
            ["资金来源", "年度", "预算", "已承诺未支付", "已支付", "可用余额"],
            ([p.source.name, p.year, p.budget, p.committed, p.paid, p.available] for p in rows),
        )
    return render(
        request,
        "incentives/fund_report.html",
        {
            "rows": rows,
            "year": year,
            "budget_form": BudgetForm(user=request.user),
            "source_form": FundSourceForm(),
            "can_manage": can_manage_programmes(request.user),
            "problems": ledger.verify_ledger(sources),
        },
    )


def enterprise_report(request: HttpRequest) -> HttpResponse:
    """Per enterprise: applications, approved and paid amounts (the office sees all; an
    enterprise its own)."""
    paid = (
        Payment.objects.filter(application=OuterRef("pk"))
        .values("application")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    applications = (
        Application.objects.for_user(request.user)
        .annotate(paid_total=Subquery(paid))
        .values("enterprise__name", "programme__year", "status", "approved_amount", "paid_total")
    )
    grouped: dict[tuple[str, int], dict] = {}
    for a in applications:
        row = grouped.setdefault(
            (a["enterprise__name"], a["programme__year"]),
            {
                "enterprise__name": a["enterprise__name"],
                "programme__year": a["programme__year"],
                "applications": 0,
                "approved": 0,
                "approved_amount": ZERO,
                "paid": ZERO,
            },
        )
        row["applications"] += 1
        if a["status"] in LIVE:
            row["approved"] += 1
            row["approved_amount"] += a["approved_amount"] or ZERO
        row["paid"] += a["paid_total"] or ZERO
    rows = sorted(grouped.values(), key=lambda r: (-r["programme__year"], r["enterprise__name"]))
    fmt = requested_format(request)
    if fmt:
        return export_response(
            fmt,
            "awards-by-enterprise",
            ["企业", "年度", "申请数", "批准数", "批准金额", "已支付"],
            (
                [
                    r["enterprise__name"],
                    r["programme__year"],
                    r["applications"],
                    r["approved"],
                    r["approved_amount"] or 0,
                    r["paid"] or 0,
                ]
                for r in rows
            ),
        )
    return render(request, "incentives/enterprise_report.html", {"rows": rows})


def add_source(request: AuthenticatedRequest) -> HttpResponse:
    _office_only(request)
    form = FundSourceForm(request.POST)
    if form.is_valid():
        try:
            fund_actions.create_fund_source(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Fund source added."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("incentives:fund_report")


def add_budget(request: AuthenticatedRequest) -> HttpResponse:
    _office_only(request)
    form = BudgetForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            fund_actions.allocate_budget(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Budget recorded in the ledger."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Choose the source and give the year and the amount."))
    return redirect("incentives:fund_report")
