from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from core.exporting import export_response, requested_format
from core.money import ZERO
from core.permissions import office_only, require
from financing import actions
from financing.figures import financing_figures
from financing.forms import PoolBudgetForm
from financing.models import Compensation, PledgeLoan, RiskPool
from financing.permissions import can_manage_pool
from funds import ledger


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


def pool(request: AuthenticatedRequest) -> HttpResponse:
    """The risk-compensation pool: its budget, what it paid and what is left, per year, from the
    funds ledger, and every compensation paid."""
    require(office_only(request.user, _("The risk-compensation pool is the office's.")))
    risk_pool = RiskPool.objects.select_related("source").first()
    positions = [p for p in ledger.positions() if risk_pool and p.source.pk == risk_pool.source_id]
    form = PoolBudgetForm(request.POST or None)
    if request.method == "POST":
        require(can_manage_pool(request.user))
        if form.is_valid():
            try:
                actions.fund_risk_pool(actor=request.user, **form.cleaned_data)
                messages.success(request, _("Budget recorded in the ledger."))
                return redirect("financing:pool")
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
    # The compensations of the office's own district(s) (the pool itself is the installation's).
    compensations = Compensation.objects.filter(loan__in=PledgeLoan.objects.for_user(request.user)).select_related(
        "loan__enterprise", "loan__bank", "paid_by"
    )
    return render(
        request,
        "financing/pool.html",
        {
            "pool": risk_pool,
            "positions": positions,
            "balance": sum((p.available for p in positions), ZERO),
            "compensations": compensations,
            "form": form if can_manage_pool(request.user) else None,
        },
    )
