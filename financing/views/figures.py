from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.districts import home_district
from accounts.http import AuthenticatedRequest
from core.exporting import export_response, requested_format
from core.money import ZERO
from core.permissions import office_only, require
from financing import actions
from financing.figures import financing_figures
from financing.forms import PoolBudgetForm, PoolSetUpForm
from financing.models import Compensation, PledgeLoan, RiskPool
from financing.permissions import can_manage_pool
from funds import ledger
from funds.models import FundSource


def figures(request: HttpRequest) -> HttpResponse:
    """Totals from the loans the person may see: the whole district for the office, a bank's
    own lending for a bank, an enterprise's own loans for an enterprise."""
    result = financing_figures(PledgeLoan.objects.for_user(request.user))
    fmt = requested_format(request)
    if fmt:
        rows = [["合计", "", result.loans, result.enterprises, result.total_amount]]
        rows += [["银行", r.label, r.loans, r.enterprises, r.amount] for r in result.by_bank]
        rows += [["年度", r.label, r.loans, r.enterprises, r.amount] for r in result.by_year]
        rows += [["质押物", r.label, r.loans, r.enterprises, r.amount] for r in result.by_pledge]
        return export_response(fmt, "pledge-financing", ["分组", "项目", "贷款笔数", "企业数", "放款金额"], rows)
    return render(request, "financing/figures.html", {"figures": result})


def pool(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    """A district's risk-compensation pool: its budget, what it paid and what is left, per year,
    from the funds ledger, and every compensation paid from it. Without ``pk`` the person's own
    district's; ``pk`` names another pool of the person's districts (a bureau's, an office's
    serving several), and another district's pool is a 404. Without a pool, a clerk or leader
    sets it up here."""
    require(office_only(request.user, _("The risk-compensation pool is the office's.")))
    pools = RiskPool.objects.for_user(request.user).select_related("source", "district").order_by("district")
    risk_pool: RiskPool | None
    if pk is not None:
        found = get_object_or_404(pools, pk=pk)
        risk_pool, district = found, found.district
    else:
        district = home_district(request.user)
        risk_pool = next((p for p in pools if p.district_id == district.code), None)
    manage = can_manage_pool(request.user)
    form: forms.Form = PoolBudgetForm(request.POST or None) if risk_pool else PoolSetUpForm(request.POST or None)
    if request.method == "POST":
        require(manage)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                if risk_pool:
                    actions.fund_risk_pool(actor=request.user, district=district, **data)
                    messages.success(request, _("Budget recorded in the ledger."))
                else:
                    actions.set_up_risk_pool(actor=request.user, district=district, **data)
                    messages.success(request, _("Saved."))
                return redirect(request.path)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
    positions = ledger.positions(sources=FundSource.objects.filter(pk=risk_pool.source_id)) if risk_pool else []
    compensations = (
        Compensation.objects.filter(
            source_id=risk_pool.source_id, loan__in=PledgeLoan.objects.for_user(request.user)
        ).select_related("loan__enterprise", "loan__bank", "paid_by")
        if risk_pool
        else Compensation.objects.none()
    )
    return render(
        request,
        "financing/pool.html",
        {
            "pool": risk_pool,
            "district": district,
            "pools": list(pools),
            "positions": positions,
            "balance": sum((p.available for p in positions), ZERO),
            "compensations": compensations,
            "form": form if risk_pool and manage else None,
            "setup_form": form if not risk_pool and manage else None,
        },
    )
