"""The patent exchange as JSON: offers (with the value score, the legal status and the
remaining term), needs and their matches with reasons, deals and their steps. Every object is
fetched through ``for_user``: a university sees its own offers and the deals on them, an
enterprise its own needs and deals (and the listed offers, its market), the office everything;
anyone else gets 404, as for an id that does not exist."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from accounts.http import AuthenticatedRequest
from accounts.models import Organisation
from core.api_schema import LimitOffsetPagination
from core.permissions import require
from exchange import actions
from exchange.matching import value_score
from exchange.models import Deal, Match, Need, Offer
from exchange.permissions import can_change_offer, can_post_need
from registry.models import Enterprise

router = Router(tags=["exchange"])

# Amounts as the models store them (core.money.MONEY: 14 digits, 2 places), a rate in percent
# (5 digits, 2 places); outside them a 422, before any arithmetic.
Amount = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2, allow_inf_nan=False)]
Rate = Annotated[Decimal, Field(ge=0, max_digits=5, decimal_places=2, allow_inf_nan=False)]


class OfferOut(Schema):
    id: int
    organisation_id: int
    organisation: str
    source_kind: str
    application_number: str
    patent_type: str
    title: str
    abstract: str
    claims_summary: str
    ipc_codes: list[str]
    legal_status: str
    legal_status_label: str
    filing_date: dt.date
    grant_date: dt.date | None
    expiry_date: dt.date | None
    remaining_years: float | None
    value_score: float
    claims_count: int | None
    mode: str
    asking_price: Decimal | None
    royalty_rate: Decimal | None
    lump_sum: Decimal | None
    licence_years: int | None
    published_on: dt.date | None
    withdrawn_on: dt.date | None
    contact: str
    status: str
    patent_id: int | None

    @staticmethod
    def resolve_organisation(obj: Offer) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_legal_status_label(obj: Offer) -> str:
        return str(obj.get_legal_status_display())

    @staticmethod
    def resolve_remaining_years(obj: Offer) -> float | None:
        years = obj.remaining_years(timezone.localdate())
        return None if years is None else round(years, 1)

    @staticmethod
    def resolve_value_score(obj: Offer) -> float:
        return float(value_score(obj, timezone.localdate()).score)


class OfferIn(Schema):
    application_number: str
    title: str
    filing_date: dt.date
    mode: str
    organisation_id: int | None = None  # the office lists on an organisation's behalf
    source_kind: str = "university"
    legal_status: str = "granted"
    patent_type: str = ""
    abstract: str = ""
    claims_summary: str = ""
    ipc_codes: list[str] = []
    grant_date: dt.date | None = None
    expiry_date: dt.date | None = None
    claims_count: int | None = Field(None, ge=0, le=32767)
    asking_price: Amount | None = None
    royalty_rate: Rate | None = None
    lump_sum: Amount | None = None
    licence_years: int | None = Field(None, ge=1, le=20)  # as the offer form
    published_on: dt.date | None = None
    contact: str = Field("", max_length=200)


class NeedOut(Schema):
    id: int
    enterprise_id: int
    enterprise: str
    title: str
    description: str
    ipc_codes: list[str]
    status: str
    created_at: dt.datetime

    @staticmethod
    def resolve_enterprise(obj: Need) -> str:
        return obj.enterprise.name


class NeedIn(Schema):
    title: str
    description: str
    ipc_codes: list[str] = []
    enterprise_id: int | None = None  # the office posts on an enterprise's behalf


class ReasonsOut(Schema):
    words: list[str] = []
    same_subclass: str = ""
    same_section: str = ""
    in_field: str = ""
    text_score: float = 0.0


class MatchOut(Schema):
    id: int
    need_id: int
    offer_id: int
    offer_title: str
    offer_application_number: str
    rank: int
    score: float
    reasons: ReasonsOut
    status: str
    meeting_at: dt.datetime | None
    meeting_place: str

    @staticmethod
    def resolve_offer_title(obj: Match) -> str:
        return obj.offer.title

    @staticmethod
    def resolve_offer_application_number(obj: Match) -> str:
        return obj.offer.application_number


class DealOut(Schema):
    id: int
    offer_id: int
    need_id: int | None
    acquirer_id: int
    acquirer: str
    kind: str
    status: str
    amount: Decimal | None
    royalty_rate: Decimal | None
    has_contract: bool
    contract_sha256: str
    signed_on: dt.date | None
    cnipa_number: str
    registered_on: dt.date | None
    paid_amount: Decimal | None
    paid_on: dt.date | None
    created_at: dt.datetime

    @staticmethod
    def resolve_acquirer(obj: Deal) -> str:
        return obj.acquirer.name

    @staticmethod
    def resolve_has_contract(obj: Deal) -> bool:
        return bool(obj.contract)


class DealStepIn(Schema):
    """A step of the deal's table. Signing needs the contract file: it is uploaded on the
    deal's page (the step is refused here with a 422 saying so)."""

    to_status: str
    note: str = ""
    signed_on: dt.date | None = None
    cnipa_number: str = ""
    registered_on: dt.date | None = None
    paid_amount: Amount | None = None
    paid_on: dt.date | None = None


def _offers(request: HttpRequest):
    return Offer.objects.for_user(request.user).select_related("organisation", "patent")


@router.get("/exchange/offers", response=list[OfferOut])
@paginate(LimitOffsetPagination)
def list_offers(request: HttpRequest, status: str = "", mode: str = ""):
    offers = _offers(request)
    if status:
        offers = offers.filter(status=status)
    if mode:
        offers = offers.filter(mode=mode)
    return offers


@router.get("/exchange/offers/{offer_id}", response=OfferOut)
def get_offer(request: HttpRequest, offer_id: int) -> Offer:
    return get_object_or_404(_offers(request), pk=offer_id)


@router.post("/exchange/offers", response={201: OfferOut})
def list_offer(request: AuthenticatedRequest, payload: OfferIn):
    data = payload.dict()
    organisation_id = data.pop("organisation_id")
    organisation: Organisation | None
    if request.user.is_office and organisation_id is not None:
        organisation = get_object_or_404(Organisation, pk=organisation_id)
    else:
        organisation = request.user.organisation
    if organisation is None:
        raise Http404
    return Status(201, actions.list_offer(actor=request.user, organisation=organisation, **data))


@router.post("/exchange/offers/{offer_id}/withdraw", response=OfferOut)
def withdraw_offer(request: HttpRequest, offer_id: int) -> Offer:
    offer = get_object_or_404(_offers(request), pk=offer_id)
    require(can_change_offer(request.user, offer))
    return actions.withdraw_offer(actor=request.user, offer=offer)


def _needs(request: HttpRequest):
    return Need.objects.for_user(request.user).select_related("enterprise")


@router.get("/exchange/needs", response=list[NeedOut])
@paginate(LimitOffsetPagination)
def list_needs(request: HttpRequest, status: str = ""):
    needs = _needs(request)
    return needs.filter(status=status) if status else needs


@router.get("/exchange/needs/{need_id}", response=NeedOut)
def get_need(request: HttpRequest, need_id: int) -> Need:
    return get_object_or_404(_needs(request), pk=need_id)


@router.post("/exchange/needs", response={201: NeedOut})
def post_need(request: AuthenticatedRequest, payload: NeedIn):
    data = payload.dict()
    enterprise_id = data.pop("enterprise_id")
    if request.user.is_office and enterprise_id is not None:
        enterprise = get_object_or_404(Enterprise.objects.for_user(request.user), pk=enterprise_id)
    else:
        enterprise = get_object_or_404(Enterprise, organisation_id=request.user.organisation_id)
    return Status(201, actions.post_need(actor=request.user, enterprise=enterprise, **data))


@router.get("/exchange/needs/{need_id}/matches", response=list[MatchOut])
def need_matches(request: HttpRequest, need_id: int) -> list[Match]:
    """The need's matches, best first, with their reasons (shared words, IPC, field)."""
    need = get_object_or_404(_needs(request), pk=need_id)
    return list(Match.objects.for_user(request.user).filter(need=need).select_related("offer").order_by("rank"))


@router.post("/exchange/needs/{need_id}/matches", response=list[MatchOut])
def rematch_need(request: HttpRequest, need_id: int) -> list[Match]:
    """Match the need again against the listed offers."""
    need = get_object_or_404(_needs(request), pk=need_id)
    require(can_post_need(request.user, need.enterprise))
    actions.refresh_matches(need)
    return list(Match.objects.for_user(request.user).filter(need=need).select_related("offer").order_by("rank"))


def _deals(request: HttpRequest):
    return Deal.objects.for_user(request.user).select_related("acquirer", "offer__organisation")


@router.get("/exchange/deals", response=list[DealOut])
@paginate(LimitOffsetPagination)
def list_deals(request: HttpRequest, status: str = ""):
    deals = _deals(request)
    return deals.filter(status=status) if status else deals


@router.get("/exchange/deals/{deal_id}", response=DealOut)
def get_deal(request: HttpRequest, deal_id: int) -> Deal:
    return get_object_or_404(_deals(request), pk=deal_id)


@router.post("/exchange/deals/{deal_id}/steps", response=DealOut)
def deal_step(request: HttpRequest, deal_id: int, payload: DealStepIn) -> Deal:
    deal = get_object_or_404(_deals(request), pk=deal_id)
    return actions.move_deal(actor=request.user, deal=deal, **payload.dict())
