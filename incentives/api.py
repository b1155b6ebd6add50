from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from accounts.http import AuthenticatedRequest
from core.actions import check_year
from core.api_schema import LimitOffsetPagination
from core.permissions import office_only, require
from funds import ledger
from funds.models import FundSource
from incentives import actions
from incentives.models import Application

router = Router(tags=["incentives"])


class LineOut(Schema):
    item_id: int
    asset_key: str
    asset_label: str
    amount: Decimal


class ApplicationOut(Schema):
    id: int
    programme_id: int
    enterprise_id: int
    status: str
    notice_starts: dt.date | None
    notice_ends: dt.date | None
    approved_amount: Decimal | None
    rejection_reason: str
    lines: list[LineOut]

    @staticmethod
    def resolve_lines(obj: Application) -> list[LineOut]:
        return [
            LineOut(item_id=li.item_id, asset_key=li.asset_key, asset_label=li.asset_label, amount=li.amount)
            for li in obj.lines.all()
        ]


class StepIn(Schema):
    to_status: str
    note: str = ""


class PaymentIn(Schema):
    amount: Decimal
    idempotency_key: str
    reference: str = ""


class PaymentOut(Schema):
    id: int
    application_id: int
    amount: Decimal
    reference: str


class PositionOut(Schema):
    source: str
    year: int
    budget: Decimal
    committed: Decimal
    paid: Decimal
    available: Decimal


@router.get("/award-applications", response=list[ApplicationOut])
@paginate(LimitOffsetPagination)
def list_applications(request: HttpRequest, status: str = ""):
    applications = Application.objects.for_user(request.user).prefetch_related("lines")
    return applications.filter(status=status) if status else applications


@router.get("/award-applications/{application_id}", response=ApplicationOut)
def get_application(request: HttpRequest, application_id: int) -> Application:
    return get_object_or_404(Application.objects.for_user(request.user), pk=application_id)


@router.post("/award-applications/{application_id}/steps", response=ApplicationOut)
def take_step(request: HttpRequest, application_id: int, payload: StepIn) -> Application:
    application = get_object_or_404(Application.objects.for_user(request.user), pk=application_id)
    return actions.transition_application(
        actor=request.user, application=application, to_status=payload.to_status, note=payload.note
    )


@router.post("/award-applications/{application_id}/payments", response={201: PaymentOut})
def pay(request: HttpRequest, application_id: int, payload: PaymentIn):
    application = get_object_or_404(Application.objects.for_user(request.user), pk=application_id)
    payment = actions.record_payment(
        actor=request.user,
        application=application,
        amount=payload.amount,
        idempotency_key=payload.idempotency_key,
        reference=payload.reference,
    )
    return Status(201, payment)


@router.get("/funds/positions", response=list[PositionOut])
def fund_positions(request: AuthenticatedRequest, year: int | None = None) -> list[PositionOut]:

    require(office_only(request.user))
    check_year(year)
    return [
        PositionOut(
            source=p.source.name,
            year=p.year,
            budget=p.budget,
            committed=p.committed,
            paid=p.paid,
            available=p.available,
        )
        for p in ledger.positions(year, FundSource.objects.for_user(request.user))
    ]
