"""Trainings, competitions and the key-brand list over the API (the same actions as the pages)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from accounts.http import AuthenticatedRequest
from core.actions import check_year
from core.api_schema import LimitOffsetPagination
from cultivation import actions
from cultivation.models import KeyBrand, Training
from registry.models import Talent

router = Router(tags=["cultivation"])


class ParticipantOut(Schema):
    talent_id: int
    name: str
    result: str
    certificate_number: str


class TrainingOut(Schema):
    id: int
    kind: str
    title: str
    organiser: str
    level: str
    held_on: dt.date
    place: str
    participants: list[ParticipantOut]


class TrainingIn(Schema):
    kind: str
    title: str
    organiser: str
    level: str
    held_on: dt.date
    place: str = ""
    description: str = ""


class ParticipantIn(Schema):
    talent_id: int
    result: str = ""
    certificate_number: str = ""


class KeyBrandOut(Schema):
    id: int
    name: str
    owner_id: int
    owner: str
    goal: str
    stage: str
    target_year: int | None
    trademarks: list[str]


def _training_out(request: AuthenticatedRequest, training: Training) -> TrainingOut:
    rows = training.participations.all()
    if not request.user.is_office:
        rows = [p for p in rows if p.talent.organisation_id == request.user.organisation_id]  # type: ignore[assignment]  # the queryset narrowed to a list of the same rows
    return TrainingOut(
        id=training.pk,
        kind=training.kind,
        title=training.title,
        organiser=training.organiser,
        level=training.level,
        held_on=training.held_on,
        place=training.place,
        participants=[
            ParticipantOut(
                talent_id=p.talent_id, name=p.talent.name, result=p.result, certificate_number=p.certificate_number
            )
            for p in rows
        ],
    )


def _trainings(request: HttpRequest):
    return Training.objects.for_user(request.user).prefetch_related("participations__talent")


@router.get("/trainings", response=list[TrainingOut])
@paginate(LimitOffsetPagination)
def list_trainings(request: AuthenticatedRequest, year: int | None = None):
    check_year(year)
    trainings = _trainings(request)
    if year:
        trainings = trainings.filter(held_on__year=year)
    return [_training_out(request, t) for t in trainings]


@router.get("/trainings/{training_id}", response=TrainingOut)
def get_training(request: AuthenticatedRequest, training_id: int) -> TrainingOut:
    return _training_out(request, get_object_or_404(_trainings(request), pk=training_id))


@router.post("/trainings", response={201: TrainingOut})
def create_training(request: AuthenticatedRequest, payload: TrainingIn):
    training = actions.create_training(actor=request.user, **payload.dict())
    return Status(201, _training_out(request, training))


@router.post("/trainings/{training_id}/participants", response=TrainingOut)
def add_participant(request: AuthenticatedRequest, training_id: int, payload: ParticipantIn) -> TrainingOut:
    training = get_object_or_404(Training.objects.for_user(request.user), pk=training_id)
    talent = get_object_or_404(Talent.objects.for_user(request.user), pk=payload.talent_id)
    actions.record_participation(
        actor=request.user,
        training=training,
        talent=talent,
        result=payload.result,
        certificate_number=payload.certificate_number,
    )
    return _training_out(request, get_object_or_404(_trainings(request), pk=training_id))


def _brand_out(brand: KeyBrand) -> KeyBrandOut:
    return KeyBrandOut(
        id=brand.pk,
        name=brand.name,
        owner_id=brand.owner_id,
        owner=brand.owner.name,
        goal=brand.goal,
        stage=brand.stage,
        target_year=brand.target_year,
        trademarks=[m.number for m in brand.trademarks.all()],
    )


def _brands(request: HttpRequest):
    return KeyBrand.objects.for_user(request.user).select_related("owner").prefetch_related("trademarks")


@router.get("/key-brands", response=list[KeyBrandOut])
@paginate(LimitOffsetPagination)
def list_key_brands(request: HttpRequest):
    return [_brand_out(b) for b in _brands(request)]


@router.get("/key-brands/{brand_id}", response=KeyBrandOut)
def get_key_brand(request: HttpRequest, brand_id: int) -> KeyBrandOut:
    return _brand_out(get_object_or_404(_brands(request), pk=brand_id))
