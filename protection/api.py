"""The protection API: cases, transfers, mediations and the overdue board, each seen through
``for_user`` so a foreign id gives 404."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from accounts.http import AuthenticatedRequest
from accounts.models import User
from core.actions import check_year
from core.api_schema import LimitOffsetPagination, RecordId
from core.permissions import office_only, require
from protection import actions
from protection.board import open_steps
from protection.figures import protection_figures
from protection.models import Case, EvidenceFile, Mediation, Transfer
from registry.models import Enterprise

router = Router(tags=["protection"])


class CaseOut(Schema):
    id: int
    number: str
    source: str
    status: str
    offence: str
    summary: str
    mark_text: str
    right_kind: str
    complainant_id: int | None
    respondent_name: str
    marks_count: int
    business_volume: Decimal
    illegal_gain: Decimal
    fine: Decimal
    confiscated_value: Decimal
    received_at: dt.datetime
    filed_at: dt.datetime | None
    decided_at: dt.datetime | None
    closed_at: dt.datetime | None


class LeadIn(Schema):
    source: str = "complaint"
    summary: str
    right_kind: str = "other"
    mark_text: str = ""
    respondent_name: str = ""
    complainant_id: int | None = None


class StepIn(Schema):
    to_status: str
    note: str = ""
    officer_ids: list[RecordId] = []
    document_ids: list[RecordId] = []
    police_case_number: str = ""
    mediator_id: int | None = None
    agreement_text: str = ""
    agreed_amount: Decimal | None = None
    signed_by_parties: bool = False
    decision_text: str = ""
    fine: Decimal | None = None


class TransferOut(Schema):
    id: int
    case_id: int
    police_id: int
    status: str
    grounds: str
    proposed_at: dt.datetime
    head_decided_at: dt.datetime | None
    sent_at: dt.datetime | None
    accepted_at: dt.datetime | None
    police_case_number: str
    refusal_reason: str


class MediationOut(Schema):
    id: int
    kind: str
    status: str
    body_id: int
    court_id: int | None
    applicant_name: str
    respondent_name: str
    right_kind: str
    applied_at: dt.datetime
    concluded_at: dt.datetime | None
    term_extended_days: int


class StepRowOut(Schema):
    kind: str
    label: str
    url: str
    step: str
    who: str
    flag: str
    due: dt.datetime | None


@router.get("/protection/cases", response=list[CaseOut])
@paginate(LimitOffsetPagination)
def list_cases(request: HttpRequest, status: str = ""):
    cases = Case.objects.for_user(request.user)
    return cases.filter(status=status) if status else cases


@router.get("/protection/cases/{case_id}", response=CaseOut)
def get_case(request: HttpRequest, case_id: int) -> Case:
    return get_object_or_404(Case.objects.for_user(request.user), pk=case_id)


@router.post("/protection/cases", response={201: CaseOut})
def enter_lead(request: AuthenticatedRequest, payload: LeadIn):
    data = payload.dict()
    complainant_id = data.pop("complainant_id")
    complainant = None
    if request.user.kind == "enterprise":
        complainant = get_object_or_404(Enterprise, organisation_id=request.user.organisation_id)
        data["source"] = "complaint"
    elif complainant_id is not None:
        complainant = get_object_or_404(Enterprise.objects.for_user(request.user), pk=complainant_id)
    return Status(201, actions.enter_lead(actor=request.user, complainant=complainant, **data))


@router.post("/protection/cases/{case_id}/steps", response=CaseOut)
def case_step(request: HttpRequest, case_id: int, payload: StepIn) -> Case:
    case = get_object_or_404(Case.objects.for_user(request.user), pk=case_id)
    officers = list(User.objects.filter(pk__in=payload.officer_ids))
    return actions.transition_case(
        actor=request.user,
        case=case,
        to_status=payload.to_status,
        note=payload.note,
        officers=officers,
        decision_text=payload.decision_text,
        fine=payload.fine,
    )


@router.get("/protection/transfers", response=list[TransferOut])
@paginate(LimitOffsetPagination)
def list_transfers(request: HttpRequest):
    return Transfer.objects.for_user(request.user)


@router.get("/protection/transfers/{transfer_id}", response=TransferOut)
def get_transfer(request: HttpRequest, transfer_id: int) -> Transfer:
    return get_object_or_404(Transfer.objects.for_user(request.user), pk=transfer_id)


@router.post("/protection/transfers/{transfer_id}/steps", response=TransferOut)
def transfer_step(request: HttpRequest, transfer_id: int, payload: StepIn) -> Transfer:
    transfer = get_object_or_404(Transfer.objects.for_user(request.user), pk=transfer_id)
    documents = list(EvidenceFile.objects.for_user(request.user).filter(pk__in=payload.document_ids))
    return actions.transition_transfer(
        actor=request.user,
        transfer=transfer,
        to_status=payload.to_status,
        note=payload.note,
        documents=documents,
        police_case_number=payload.police_case_number,
    )


@router.get("/protection/mediations", response=list[MediationOut])
@paginate(LimitOffsetPagination)
def list_mediations(request: HttpRequest):
    return Mediation.objects.for_user(request.user)


@router.get("/protection/mediations/{mediation_id}", response=MediationOut)
def get_mediation(request: HttpRequest, mediation_id: int) -> Mediation:
    return get_object_or_404(Mediation.objects.for_user(request.user), pk=mediation_id)


@router.post("/protection/mediations/{mediation_id}/steps", response=MediationOut)
def mediation_step(request: HttpRequest, mediation_id: int, payload: StepIn) -> Mediation:
    mediation = get_object_or_404(Mediation.objects.for_user(request.user), pk=mediation_id)
    mediator = None
    if payload.mediator_id is not None:
        mediator = get_object_or_404(User, pk=payload.mediator_id, organisation_id=mediation.body_id)
    return actions.transition_mediation(
        actor=request.user,
        mediation=mediation,
        to_status=payload.to_status,
        note=payload.note,
        mediator=mediator,
        agreement_text=payload.agreement_text,
        agreed_amount=payload.agreed_amount,
        signed_by_parties=payload.signed_by_parties,
    )


@router.get("/protection/overdue", response=list[StepRowOut])
def overdue(request: HttpRequest, everything: bool = False) -> list[StepRowOut]:
    return [
        StepRowOut(
            kind=r.kind, label=r.label, url=r.url, step=r.step.label, who=str(r.who), flag=r.flag, due=r.step.clock.due
        )
        for r in open_steps(request.user, timezone.now(), everything=everything)
    ]


@router.get("/protection/figures", response=dict[str, object])
def figures(request: AuthenticatedRequest, year: int) -> dict[str, object]:
    require(office_only(request.user, "The protection figures are the office's."))
    check_year(year)
    result = protection_figures(year)
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in result.items()}
