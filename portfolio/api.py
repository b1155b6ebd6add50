from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from core.api_schema import LimitOffsetPagination, RecordId
from portfolio import actions
from portfolio.models import Patent, Trademark
from portfolio.reminders import MAX_HORIZON_DAYS, reminders
from registry.models import Enterprise

router = Router(tags=["portfolio"])


class PatentOut(Schema):
    id: int
    application_number: str
    patent_type: str
    title: str
    abstract: str
    applicants: str
    inventors: str
    filing_date: dt.date
    publication_number: str
    publication_date: dt.date | None
    grant_number: str
    grant_date: dt.date | None
    ipc_codes: list[str]
    status: str
    claims_count: int | None
    is_pct: bool
    has_foreign_family: bool
    foreign_family_granted: bool
    annuity_paid_year: int
    expiry_date: dt.date | None
    owner_ids: list[int]

    @staticmethod
    def resolve_owner_ids(obj: Patent) -> list[int]:
        return [o.pk for o in obj.owners.all()]


class PatentIn(Schema):
    application_number: str
    title: str
    filing_date: dt.date
    status: str
    owner_ids: list[RecordId]
    patent_type: str = ""
    abstract: str = ""
    applicants: str = ""
    inventors: str = ""
    publication_number: str = ""
    publication_date: dt.date | None = None
    grant_number: str = ""
    grant_date: dt.date | None = None
    ipc_codes: list[str] = []
    claims_count: int | None = None
    is_pct: bool = False
    has_foreign_family: bool = False
    foreign_family_granted: bool = False
    annuity_paid_year: int = 0


class PatentPatch(Schema):
    title: str | None = None
    abstract: str | None = None
    status: str | None = None
    grant_number: str | None = None
    grant_date: dt.date | None = None
    ipc_codes: list[str] | None = None
    claims_count: int | None = None
    annuity_paid_year: int | None = None


class TrademarkOut(Schema):
    id: int
    number: str
    mark_text: str
    owner_id: int
    kind: str
    filing_date: dt.date
    registration_date: dt.date | None
    expiry_date: dt.date | None
    status: str
    is_well_known: bool
    nice_classes: list[int]
    groups: list[str]

    @staticmethod
    def resolve_groups(obj: Trademark) -> list[str]:
        return [g.group_code for g in obj.goods.all()]


class TrademarkIn(Schema):
    number: str
    mark_text: str
    owner_id: int
    groups: list[str]
    filing_date: dt.date
    status: str
    items: str = ""
    kind: str = "ordinary"
    registration_date: dt.date | None = None
    is_well_known: bool = False


class ReminderOut(Schema):
    kind: str
    label: str
    due: dt.date
    workdays_left: int
    subject: str
    owners: str


def _owners(request: HttpRequest, ids: list[int]) -> list[Enterprise]:
    return [get_object_or_404(Enterprise.objects.for_user(request.user), pk=pk) for pk in ids]


@router.get("/patents", response=list[PatentOut])
@paginate(LimitOffsetPagination)
def list_patents(request: HttpRequest, status: str = "", patent_type: str = ""):
    patents = Patent.objects.for_user(request.user).prefetch_related("owners")
    if status:
        patents = patents.filter(status=status)
    if patent_type:
        patents = patents.filter(patent_type=patent_type)
    return patents


@router.get("/patents/{patent_id}", response=PatentOut)
def get_patent(request: HttpRequest, patent_id: int) -> Patent:
    return get_object_or_404(Patent.objects.for_user(request.user), pk=patent_id)


@router.post("/patents", response={201: PatentOut})
def create_patent(request: HttpRequest, payload: PatentIn):
    data = payload.dict()
    owners = _owners(request, data.pop("owner_ids"))
    number = data.pop("application_number")
    return Status(201, actions.add_patent(actor=request.user, application_number=number, owners=owners, **data))


@router.patch("/patents/{patent_id}", response=PatentOut)
def update_patent(request: HttpRequest, patent_id: int, payload: PatentPatch) -> Patent:
    patent = get_object_or_404(Patent.objects.for_user(request.user), pk=patent_id)
    return actions.update_patent(actor=request.user, patent=patent, **payload.dict(exclude_unset=True))


@router.get("/trademarks", response=list[TrademarkOut])
@paginate(LimitOffsetPagination)
def list_trademarks(request: HttpRequest, status: str = ""):
    marks = Trademark.objects.for_user(request.user).prefetch_related("goods")
    return marks.filter(status=status) if status else marks


@router.get("/trademarks/{trademark_id}", response=TrademarkOut)
def get_trademark(request: HttpRequest, trademark_id: int) -> Trademark:
    return get_object_or_404(Trademark.objects.for_user(request.user), pk=trademark_id)


@router.post("/trademarks", response={201: TrademarkOut})
def create_trademark(request: HttpRequest, payload: TrademarkIn):
    data = payload.dict()
    owner = _owners(request, [data.pop("owner_id")])[0]
    number = data.pop("number")
    return Status(201, actions.add_trademark(actor=request.user, number=number, owner=owner, **data))


@router.get("/reminders", response=list[ReminderOut])
def list_reminders(request: HttpRequest, days: int = 365) -> list[ReminderOut]:
    if not 0 <= days <= MAX_HORIZON_DAYS:
        raise ValidationError(
            {"days": _("Give a number of days from 0 to %(most)s (20 years).") % {"most": MAX_HORIZON_DAYS}}
        )
    items = reminders(
        Patent.objects.for_user(request.user), Trademark.objects.for_user(request.user), horizon_days=days
    )
    return [
        ReminderOut(
            kind=r.kind,
            label=r.label,
            due=r.due,
            workdays_left=r.workdays_left,
            subject=str(r.subject),
            owners=r.owners,
        )
        for r in items
    ]
