from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from audit.trail import record_security_event
from core.api_schema import LimitOffsetPagination
from core.masking import sees_personal_numbers
from registry import actions
from registry.models import Enterprise, Park, Talent

router = Router(tags=["registry"])


class EnterpriseOut(Schema):
    id: int
    uscc: str
    owner_kind: str
    name: str
    street_code: str
    street_name: str
    address: str
    park_id: int | None
    industry: str
    size: str
    is_high_tech: bool
    is_tech_sme: bool
    is_specialised: bool
    legal_representative: str
    founded_on: dt.date | None
    is_demo: bool


class EnterpriseIn(Schema):
    uscc: str = ""
    owner_kind: str = "enterprise"
    id_number: str = ""
    name: str
    street_code: str = ""
    address: str = ""
    park_id: int | None = None
    industry: str = ""
    size: str = ""
    is_high_tech: bool = False
    is_tech_sme: bool = False
    is_specialised: bool = False
    legal_representative: str = ""
    contact_phone: str = ""
    founded_on: dt.date | None = None


class EnterprisePatch(Schema):
    name: str | None = None
    street_code: str | None = None
    address: str | None = None
    park_id: int | None = None
    industry: str | None = None
    size: str | None = None
    is_high_tech: bool | None = None
    is_tech_sme: bool | None = None
    is_specialised: bool | None = None
    legal_representative: str | None = None
    contact_phone: str | None = None
    founded_on: dt.date | None = None


class ParkOut(Schema):
    id: int
    name: str
    street_code: str
    address: str
    focus: str


class ParkIn(Schema):
    name: str
    street_code: str = ""
    address: str = ""
    focus: str = ""


class ParkPatch(Schema):
    name: str | None = None
    street_code: str | None = None
    address: str | None = None
    focus: str | None = None


class TalentOut(Schema):
    id: int
    name: str
    organisation_id: int | None
    kind: str
    field: str
    title: str
    id_number: str
    phone: str


class TalentPatch(Schema):
    name: str | None = None
    kind: str | None = None
    field: str | None = None
    title: str | None = None
    id_number: str | None = None
    phone: str | None = None


class TalentIn(Schema):
    name: str
    kind: str
    organisation_id: int | None = None
    field: str = ""
    title: str = ""
    id_number: str = ""
    phone: str = ""


def _park_field(request: HttpRequest, data: dict) -> dict:
    """Turn park_id into a park the caller may see (a foreign id is a 404)."""
    if "park_id" in data:
        park_id = data.pop("park_id")
        data["park"] = get_object_or_404(Park.objects.for_user(request.user), pk=park_id) if park_id else None
    return data


@router.get("/enterprises", response=list[EnterpriseOut])
@paginate(LimitOffsetPagination)
def list_enterprises(request: HttpRequest, q: str = ""):
    enterprises = Enterprise.objects.for_user(request.user)
    if q:
        enterprises = enterprises.filter(name__icontains=q)
    return enterprises


@router.get("/enterprises/{enterprise_id}", response=EnterpriseOut)
def get_enterprise(request: HttpRequest, enterprise_id: int) -> Enterprise:
    return get_object_or_404(Enterprise.objects.for_user(request.user), pk=enterprise_id)


@router.post("/enterprises", response={201: EnterpriseOut})
def create_enterprise(request: HttpRequest, payload: EnterpriseIn):
    data = _park_field(request, payload.dict())
    return Status(201, actions.register_enterprise(actor=request.user, **data))


@router.patch("/enterprises/{enterprise_id}", response=EnterpriseOut)
def update_enterprise(request: HttpRequest, enterprise_id: int, payload: EnterprisePatch) -> Enterprise:
    enterprise = get_object_or_404(Enterprise.objects.for_user(request.user), pk=enterprise_id)
    data = _park_field(request, payload.dict(exclude_unset=True))
    return actions.update_enterprise(actor=request.user, enterprise=enterprise, **data)


@router.get("/parks", response=list[ParkOut])
@paginate(LimitOffsetPagination)
def list_parks(request: HttpRequest):
    return Park.objects.for_user(request.user)


@router.get("/parks/{park_id}", response=ParkOut)
def get_park(request: HttpRequest, park_id: int) -> Park:
    return get_object_or_404(Park.objects.for_user(request.user), pk=park_id)


@router.post("/parks", response={201: ParkOut})
def create_park(request: HttpRequest, payload: ParkIn):
    return Status(201, actions.create_park(actor=request.user, **payload.dict()))


@router.patch("/parks/{park_id}", response=ParkOut)
def update_park(request: HttpRequest, park_id: int, payload: ParkPatch) -> Park:
    park = get_object_or_404(Park.objects.for_user(request.user), pk=park_id)
    return actions.update_park(actor=request.user, park=park, **payload.dict(exclude_unset=True))


def _talent_out(request: HttpRequest, talent: Talent) -> TalentOut:
    return TalentOut(
        id=talent.pk,
        name=talent.name,
        organisation_id=talent.organisation_id,
        kind=talent.kind,
        field=talent.field,
        title=talent.title,
        id_number=talent.id_number_for(request.user),
        phone=talent.phone_for(request.user),
    )


@router.get("/talent", response=list[TalentOut])
@paginate(LimitOffsetPagination)
def list_talent(request: HttpRequest):
    if sees_personal_numbers(request.user):
        record_security_event(actor=request.user, action="security.personal_number_view", request=request)
    return [_talent_out(request, t) for t in Talent.objects.for_user(request.user)]


@router.get("/talent/{talent_id}", response=TalentOut)
def get_talent(request: HttpRequest, talent_id: int) -> TalentOut:
    talent = get_object_or_404(Talent.objects.for_user(request.user), pk=talent_id)
    if talent.id_number and sees_personal_numbers(request.user):
        record_security_event(actor=request.user, action="security.personal_number_view", request=request, obj=talent)
    return _talent_out(request, talent)


@router.post("/talent", response={201: TalentOut})
def create_talent(request: HttpRequest, payload: TalentIn):
    from accounts.models import Organisation

    data = payload.dict()
    organisation_id = data.pop("organisation_id")
    if organisation_id:
        data["organisation"] = get_object_or_404(Organisation.objects.for_user(request.user), pk=organisation_id)
    return Status(201, _talent_out(request, actions.add_talent(actor=request.user, **data)))


@router.patch("/talent/{talent_id}", response=TalentOut)
def update_talent(request: HttpRequest, talent_id: int, payload: TalentPatch) -> TalentOut:
    talent = get_object_or_404(Talent.objects.for_user(request.user), pk=talent_id)
    updated = actions.update_talent(actor=request.user, talent=talent, **payload.dict(exclude_unset=True))
    return _talent_out(request, updated)
