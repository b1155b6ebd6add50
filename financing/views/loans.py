from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedRequest
from audit.trail import history
from core.permissions import require
from core.views_helpers import call_action, paginate
from financing import actions
from financing.choices import LoanStatus
from financing.forms import (
    ApproveForm,
    DisbursementForm,
    LoanRequestForm,
    NoteForm,
    RegistrationForm,
    RepaymentForm,
    ValuationForm,
    ValuerForm,
)
from financing.models import LoanProduct, PledgedAsset, PledgeLoan
from financing.permissions import (
    can_apply_for_loan,
    can_assign_valuer,
    can_compensate,
    can_record_repayment,
    can_take_loan_step,
    can_value,
    is_bank_of,
)
from financing.scoring import indicator_rows
from financing.workflow import TRANSITIONS, next_steps
from incentives import rules as award_rules
from incentives.choices import RuleKind
from portfolio.choices import PatentStatus, TrademarkStatus
from portfolio.models import Patent, Trademark
from registry.models import Enterprise

STEP_FORMS: dict[str, type[forms.Form]] = {
    LoanStatus.APPROVED: ApproveForm,
    LoanStatus.PLEDGE_REGISTERED: RegistrationForm,
    LoanStatus.DISBURSED: DisbursementForm,
}

if TYPE_CHECKING:
    from incentives.models import AwardItem


def _loans(request: HttpRequest):
    return PledgeLoan.objects.for_user(request.user)


def loan_list(request: HttpRequest) -> HttpResponse:
    loans = _loans(request).select_related("enterprise", "bank", "product")
    status = request.GET.get("status", "")
    if status in LoanStatus.values:
        loans = loans.filter(status=status)
    workflow = [
        (LoanStatus(source).label, LoanStatus(target).label, "、".join(sorted(who)))
        for source, targets in TRANSITIONS.items()
        for target, who in targets.items()
    ]
    return render(
        request,
        "financing/loan_list.html",
        {"page": paginate(request, loans), "status": status, "statuses": LoanStatus.choices, "workflow": workflow},
    )


def _offers(enterprise: Enterprise, product: LoanProduct, today: dt.date) -> list[dict]:
    """The enterprise's patents in force and registered marks the product takes, each with why
    it cannot be pledged (if so) and the co-owners whose consent a co-owned patent needs."""
    pledged = dict(PledgedAsset.objects.filter(holds_pledge=True).values_list("asset_key", "loan_id"))
    offers: list[dict[str, Any]] = []
    if product.accepts_patents:
        patents = Patent.objects.filter(owners=enterprise, status=PatentStatus.GRANTED).prefetch_related("owners")
        for patent in patents.order_by("application_number"):
            co_owners = [o for o in patent.owners.all() if o != enterprise]
            offers.append({"kind": "patent", "asset": patent, "co_owners": co_owners, "key": f"patent:{patent.pk}"})
    if product.accepts_trademarks:
        for mark in Trademark.objects.filter(owner=enterprise, status=TrademarkStatus.REGISTERED).order_by("number"):
            offers.append({"kind": "trademark", "asset": mark, "co_owners": [], "key": f"trademark:{mark.pk}"})
    for offer in offers:
        why = actions.pledge_problem(offer["asset"], enterprise, today, offer["co_owners"])
        if not why and offer["key"] in pledged:
            why = _("Pledged under loan #%(loan)s.") % {"loan": pledged[offer["key"]]}
        offer["why"] = why
    return offers


def apply(request: AuthenticatedRequest, product_pk: int) -> HttpResponse:
    """The enterprise picks the patents and marks it pledges and sends the application to the
    product's bank."""
    product = get_object_or_404(LoanProduct.objects.for_user(request.user).select_related("bank"), pk=product_pk)
    if request.user.is_office:
        enterprise = get_object_or_404(Enterprise, pk=request.GET.get("enterprise") or 0)
    else:
        enterprise = get_object_or_404(
            Enterprise.objects.for_user(request.user), organisation=request.user.organisation
        )
    require(can_apply_for_loan(request.user, enterprise))
    today = dt.date.today()
    offers = _offers(enterprise, product, today)
    form = LoanRequestForm(request.POST or None, product=product)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        by_key = {o["key"]: o for o in offers}
        chosen = [
            by_key[f"{kind}:{pk}"]
            for kind in ("patent", "trademark")
            for pk in request.POST.getlist(kind)
            if f"{kind}:{pk}" in by_key
        ]
        consents = {
            o["asset"].pk: [e for e in o["co_owners"] if str(e.pk) in request.POST.getlist(f"consent_{o['asset'].pk}")]
            for o in chosen
            if o["kind"] == "patent"
        }
        citations = {}
        for o in chosen:
            raw = request.POST.get(f"citations_{o['asset'].pk}", "").strip()
            if o["kind"] == "patent" and raw.isdigit():
                citations[o["asset"].pk] = int(raw)
        try:
            loan = actions.apply_for_loan(
                actor=request.user,
                product=product,
                enterprise=enterprise,
                patents=[o["asset"] for o in chosen if o["kind"] == "patent"],
                trademarks=[o["asset"] for o in chosen if o["kind"] == "trademark"],
                consents=consents,
                citations=citations,
                today=today,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):  # a field's own limit goes beside that field
                for field, field_errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, field_errors)
            else:
                errors = exc.messages
        else:
            messages.success(request, _("Application sent to %(bank)s.") % {"bank": product.bank})
            return redirect("financing:loan_detail", pk=loan.pk)
    return render(
        request,
        "financing/apply.html",
        {"product": product, "enterprise": enterprise, "offers": offers, "form": form, "errors": errors},
    )


def _subsidy_items(request: AuthenticatedRequest, loan: PledgeLoan) -> list[AwardItem]:
    """Interest-subsidy items of programmes open today under which this repaid loan qualifies."""
    if loan.status != LoanStatus.CLOSED or not (request.user.is_office or request.user.kind == "enterprise"):
        return []
    return award_rules.open_items_paying_for(
        RuleKind.LOAN_INTEREST, f"loan:{loan.pk}", loan.enterprise, dt.date.today()
    )


# The steps that need a reason: their note is asked for as "required".
REASON_STEPS = {LoanStatus.DECLINED, LoanStatus.DEFAULTED}


def _step_form(target: str, loan: PledgeLoan, data: Any = None) -> forms.Form:
    """The form a step asks for (a note, where the step takes nothing else); a form with the
    product's limits shows and checks them."""
    form_class = STEP_FORMS.get(target)
    if form_class is ApproveForm:
        return ApproveForm(data, product=loan.product, auto_id=f"id_{target}_%s")
    if form_class is not None:
        return form_class(data, auto_id=f"id_{target}_%s")
    return NoteForm(data, reason_required=target in REASON_STEPS, auto_id=f"id_{target}_%s")


def loan_detail(request: AuthenticatedRequest, pk: int, bound: dict[str, forms.Form] | None = None) -> HttpResponse:
    """The loan's page. ``bound`` holds a form just sent and refused: shown again with what was
    typed and what is wrong beside the field, in place of its empty twin."""
    bound = bound or {}
    loan = get_object_or_404(_loans(request).select_related("enterprise", "bank", "product", "valuer"), pk=pk)
    assets = list(loan.assets.select_related("patent", "trademark").prefetch_related("co_owner_consents"))
    for asset in assets:
        asset.rows = indicator_rows(asset.value_indicators)
    steps = []
    for target in next_steps(loan.status):
        decision = can_take_loan_step(request.user, loan, target)
        steps.append((target, LoanStatus(target).label, decision, bound.get(target) or _step_form(target, loan)))
    repayments = list(loan.repayments.select_related("recorded_by"))
    compensation = getattr(loan, "compensation", None)
    can_record = can_value(request.user, loan)
    return render(
        request,
        "financing/loan_detail.html",
        {
            "loan": loan,
            "assets": assets,
            # The office and the bank see every next step, with why it is not open yet.
            "steps": steps if request.user.is_office or is_bank_of(request.user, loan) else [s for s in steps if s[2]],
            "valuation": getattr(loan, "valuation", None),
            "valuer_form": (bound.get("valuer") or ValuerForm()) if can_assign_valuer(request.user, loan) else None,
            "can_value": can_record,
            "valuation_form": (bound.get("valuation") or ValuationForm(assets=assets)) if can_record else None,
            "repayments": repayments,
            "repaid": sum((r.principal for r in repayments), Decimal(0)),
            "interest_paid": sum((r.interest for r in repayments), Decimal(0)),
            "outstanding": loan.outstanding_principal(),
            "repayment_form": (bound.get("repayment") or RepaymentForm(initial={"paid_on": dt.date.today()}))
            if can_record_repayment(request.user, loan)
            else None,
            "compensation": compensation,
            "can_compensate": can_compensate(request.user, loan),
            "compensation_due": (loan.outstanding_principal() * loan.product.compensation_percent / 100).quantize(
                Decimal("0.01")
            ),
            "subsidy_items": _subsidy_items(request, loan),
            "changes": loan.changes.select_related("actor"),
            "history": history(loan) if request.user.is_office else None,
        },
    )


def _run(request: HttpRequest, pk: int, work: Callable[[], object], done: str) -> HttpResponse:
    try:
        work()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("financing:loan_detail", pk=pk)


def _send(
    request: AuthenticatedRequest, loan: PledgeLoan, name: str, form: forms.Form, work: Callable[[], object], done: str
) -> HttpResponse:
    """One way for every form on the loan's page: a valid form runs its action and goes back to
    the page with ``done``; a wrong value, or the action's refusal, shows the page again with
    the form as it was typed and the reason beside the field it concerns (or above the form)."""
    if form.is_valid():
        try:
            result = call_action(form, work)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("You may not take this step."))
        else:
            if result is not None:
                messages.success(request, done)
                return redirect("financing:loan_detail", pk=loan.pk)
    return loan_detail(request, loan.pk, bound={name: form})


@require_POST
def take_step(request: AuthenticatedRequest, pk: int, target: str) -> HttpResponse:
    loan = get_object_or_404(_loans(request), pk=pk)
    if target not in LoanStatus.values:
        messages.error(request, _("Unknown step."))
        return redirect("financing:loan_detail", pk=pk)
    form = _step_form(target, loan, request.POST)

    def work() -> object:
        details = dict(form.cleaned_data)
        note = details.pop("note", "")
        return actions.transition_loan(actor=request.user, loan=loan, to_status=target, note=note, **details)

    return _send(request, loan, target, form, work, _("Done: %(status)s.") % {"status": LoanStatus(target).label})


@require_POST
def assign_valuer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    loan = get_object_or_404(_loans(request), pk=pk)
    form = ValuerForm(request.POST)
    return _send(
        request,
        loan,
        "valuer",
        form,
        lambda: actions.assign_valuer(actor=request.user, loan=loan, valuer=form.cleaned_data["valuer"]),
        _("Sent to the valuation agency."),
    )


@require_POST
def value(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    loan = get_object_or_404(_loans(request), pk=pk)
    form = ValuationForm(request.POST, assets=loan.assets.all())
    return _send(
        request,
        loan,
        "valuation",
        form,
        lambda: actions.record_valuation(
            actor=request.user,
            loan=loan,
            report_number=form.cleaned_data["report_number"],
            valued_on=form.cleaned_data["valued_on"],
            values=form.values(),
            method=form.cleaned_data["method"],
        ),
        _("Valuation recorded."),
    )


@require_POST
def repay(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    loan = get_object_or_404(_loans(request), pk=pk)
    form = RepaymentForm(request.POST)
    return _send(
        request,
        loan,
        "repayment",
        form,
        lambda: actions.record_repayment(actor=request.user, loan=loan, **form.cleaned_data),
        _("Repayment recorded."),
    )


@require_POST
def compensate(request: HttpRequest, pk: int) -> HttpResponse:
    loan = get_object_or_404(_loans(request), pk=pk)
    return _run(
        request,
        pk,
        lambda: actions.compensate_default(actor=request.user, loan=loan),
        _("Compensation paid from the risk-compensation pool."),
    )


@require_POST
def claim_subsidy(request: HttpRequest, pk: int) -> HttpResponse:
    loan = get_object_or_404(_loans(request).select_related("enterprise"), pk=pk)
    item = award_rules.award_item(request.POST.get("item"))
    if item is None:
        raise Http404
    try:
        application = actions.apply_for_interest_subsidy(actor=request.user, loan=loan, item=item)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("financing:loan_detail", pk=pk)
    messages.success(request, _("Interest subsidy applied for."))
    return redirect("incentives:application_detail", pk=application.pk)
