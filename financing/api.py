from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from accounts.http import AuthenticatedRequest
from core.api_schema import LimitOffsetPagination, RecordId
from financing import actions
from financing.figures import financing_figures
from financing.models import LoanProduct, PledgeLoan
from portfolio.models import Patent, Trademark
from registry.models import Enterprise

router = Router(tags=["financing"])


class ProductOut(Schema):
    id: int
    bank_id: int
    bank: str
    name: str
    min_amount: Decimal
    max_amount: Decimal
    max_term_months: int
    rate_from: Decimal
    rate_to: Decimal
    accepts_patents: bool
    accepts_trademarks: bool
    compensation_percent: Decimal
    is_published: bool

    @staticmethod
    def resolve_bank(obj: LoanProduct) -> str:
        return obj.bank.name


class ValueIndicatorOut(Schema):
    code: str
    group: str
    value: str
    points: str | None
    maximum: str


class PledgedAssetOut(Schema):
    id: int
    kind: str
    asset_key: str
    label: str
    holds_pledge: bool
    value_score: Decimal
    value_indicators: list[ValueIndicatorOut]
    scored_on: dt.date
    appraised_value: Decimal | None
    citations: int | None


class LoanOut(Schema):
    id: int
    product_id: int
    bank_id: int
    enterprise_id: int
    valuer_id: int | None
    status: str
    requested_amount: Decimal
    requested_term_months: int
    approved_amount: Decimal | None
    rate: Decimal | None
    term_months: int | None
    decline_reason: str
    registration_number: str
    registered_on: dt.date | None
    disbursed_amount: Decimal | None
    disbursed_on: dt.date | None
    closed_on: dt.date | None
    defaulted_on: dt.date | None
    assets: list[PledgedAssetOut]

    @staticmethod
    def resolve_assets(obj: PledgeLoan) -> list:
        return list(obj.assets.all())


class LoanIn(Schema):
    product_id: int
    requested_amount: Decimal
    requested_term_months: int
    patent_ids: list[RecordId] = []
    trademark_ids: list[RecordId] = []
    consents: dict[RecordId, list[RecordId]] = {}
    citations: dict[RecordId, int] = {}
    purpose: str = ""
    enterprise_id: int | None = None


class StepIn(Schema):
    to_status: str
    note: str = ""
    amount: Decimal | None = None
    rate: Decimal | None = None
    term_months: int | None = None
    registration_number: str = ""
    registered_on: dt.date | None = None
    disbursed_on: dt.date | None = None


class ValuationIn(Schema):
    report_number: str
    valued_on: dt.date
    values: dict[int, Decimal]
    method: str = ""


class RepaymentIn(Schema):
    paid_on: dt.date
    principal: Decimal = Decimal(0)
    interest: Decimal = Decimal(0)
    reference: str = ""


class RepaymentOut(Schema):
    id: int
    loan_id: int
    paid_on: dt.date
    principal: Decimal
    interest: Decimal


class CompensationOut(Schema):
    id: int
    loan_id: int
    year: int
    outstanding_principal: Decimal
    percent: Decimal
    amount: Decimal


class FigureRow(Schema):
    label: str
    loans: int
    enterprises: int
    amount: Decimal


class FiguresOut(Schema):
    total_amount: Decimal
    loans: int
    enterprises: int
    outstanding: Decimal
    by_bank: list[FigureRow]
    by_year: list[FigureRow]
    by_pledge: list[FigureRow]


def _loan(request: HttpRequest, loan_id: int) -> PledgeLoan:
    return get_object_or_404(PledgeLoan.objects.for_user(request.user), pk=loan_id)


@router.get("/loan-products", response=list[ProductOut])
@paginate(LimitOffsetPagination)
def list_products(request: HttpRequest):
    return LoanProduct.objects.for_user(request.user).select_related("bank")


@router.get("/loan-products/{product_id}", response=ProductOut)
def get_product(request: HttpRequest, product_id: int) -> LoanProduct:
    return get_object_or_404(LoanProduct.objects.for_user(request.user).select_related("bank"), pk=product_id)


@router.get("/pledge-loans", response=list[LoanOut])
@paginate(LimitOffsetPagination)
def list_loans(request: HttpRequest, status: str = ""):
    loans = PledgeLoan.objects.for_user(request.user).prefetch_related("assets")
    return loans.filter(status=status) if status else loans


@router.get("/pledge-loans/{loan_id}", response=LoanOut)
def get_loan(request: HttpRequest, loan_id: int) -> PledgeLoan:
    return _loan(request, loan_id)


@router.post("/pledge-loans", response={201: LoanOut})
def apply(request: AuthenticatedRequest, payload: LoanIn):
    product = get_object_or_404(LoanProduct.objects.for_user(request.user), pk=payload.product_id)
    enterprises = Enterprise.objects.for_user(request.user)
    if payload.enterprise_id is not None:
        enterprise = get_object_or_404(enterprises, pk=payload.enterprise_id)
    else:
        enterprise = get_object_or_404(enterprises, organisation_id=request.user.organisation_id)
    patents = [get_object_or_404(Patent.objects.for_user(request.user), pk=pk) for pk in payload.patent_ids]
    marks = [get_object_or_404(Trademark.objects.for_user(request.user), pk=pk) for pk in payload.trademark_ids]
    consents = {pk: list(Enterprise.objects.filter(pk__in=ids)) for pk, ids in payload.consents.items()}
    loan = actions.apply_for_loan(
        actor=request.user,
        product=product,
        enterprise=enterprise,
        requested_amount=payload.requested_amount,
        requested_term_months=payload.requested_term_months,
        patents=patents,
        trademarks=marks,
        consents=consents,
        citations=payload.citations,
        purpose=payload.purpose,
    )
    return Status(201, loan)


@router.post("/pledge-loans/{loan_id}/steps", response=LoanOut)
def take_step(request: HttpRequest, loan_id: int, payload: StepIn) -> PledgeLoan:
    loan = _loan(request, loan_id)
    return actions.transition_loan(actor=request.user, loan=loan, **payload.dict())


@router.post("/pledge-loans/{loan_id}/valuation", response={201: LoanOut})
def value(request: HttpRequest, loan_id: int, payload: ValuationIn):
    loan = _loan(request, loan_id)
    actions.record_valuation(actor=request.user, loan=loan, **payload.dict())
    return Status(201, _loan(request, loan_id))


@router.post("/pledge-loans/{loan_id}/repayments", response={201: RepaymentOut})
def repay(request: HttpRequest, loan_id: int, payload: RepaymentIn):
    loan = _loan(request, loan_id)
    return Status(201, actions.record_repayment(actor=request.user, loan=loan, **payload.dict()))


@router.post("/pledge-loans/{loan_id}/compensation", response={201: CompensationOut})
def compensate(request: HttpRequest, loan_id: int):
    loan = _loan(request, loan_id)
    return Status(201, actions.compensate_default(actor=request.user, loan=loan))


@router.get("/financing/figures", response=FiguresOut)
def figures(request: HttpRequest) -> FiguresOut:
    result = financing_figures(PledgeLoan.objects.for_user(request.user))
    rows = {
        name: [
            FigureRow(label=r.label, loans=r.loans, enterprises=r.enterprises, amount=r.amount)
            for r in getattr(result, name)
        ]
        for name in ("by_bank", "by_year", "by_pledge")
    }
    return FiguresOut(
        total_amount=result.total_amount,
        loans=result.loans,
        enterprises=result.enterprises,
        outstanding=result.outstanding,
        **rows,
    )
