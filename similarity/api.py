"""JSON API: similar-mark search for the office and enterprises; the watch for the office."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from core.api_schema import LimitOffsetPagination
from core.permissions import require
from similarity import actions
from similarity.models import WatchHit
from similarity.permissions import can_search_marks, can_see_watch
from similarity.reasons import describe
from similarity.search import clean_query, search, searched_counts

router = Router(tags=["similarity"])


class ReasonOut(Schema):
    code: str
    detail: object = None
    text: str


class SimilarMarkOut(Schema):
    number: str
    mark_text: str
    score: float
    source: str
    classes: list[int]
    groups: list[str]
    status: str
    holder: str
    reasons: list[ReasonOut]


class SearchedOut(Schema):
    """How many marks of each register the query was compared against."""

    district: int
    outside: int


class SimilarMarksOut(Schema):
    query: str
    classes: list[int]
    groups: list[str]
    all_classes: bool
    searched: SearchedOut
    hits: list[SimilarMarkOut]


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]


class SimilarQuery(Schema):
    q: str = ""
    nice: list[int] = []
    group: list[str] = []
    all_classes: bool = False
    limit: int = 20


@router.get("/marks/similar", response={200: SimilarMarksOut, 400: ErrorOut})
def similar_marks(request: HttpRequest, filters: Query[SimilarQuery]):
    """The marks most similar to ``q`` in the portfolio and the outside corpus, best first.
    Hits on other enterprises' marks carry only public register facts (no holder)."""
    require(can_search_marks(request.user))
    try:
        query = clean_query(filters.q, filters.nice, filters.group, filters.all_classes, filters.limit)
    except ValidationError as exc:
        return Status(400, {"detail": "invalid query", "errors": exc.message_dict})
    hits = search(request.user, query)
    return {
        "query": query.text,
        "classes": query.classes,
        "groups": query.groups,
        "all_classes": query.all_classes,
        "searched": asdict(searched_counts()),
        "hits": [
            {
                "number": h.number,
                "mark_text": h.mark_text,
                "score": h.score,
                "source": h.source,
                "classes": h.classes,
                "groups": h.groups,
                "status": h.status,
                "holder": h.holder,
                "reasons": [{"code": r["code"], "detail": r.get("detail"), "text": describe(r)} for r in h.reasons],
            }
            for h in hits
        ],
    }


class WatchHitOut(Schema):
    id: int
    protected_mark_id: int
    protected_mark: str
    source_kind: str
    source_label: str
    mark_text: str
    number: str
    nice_classes: list[int]
    score: Decimal
    reasons: list[dict]
    status: str
    decision_note: str
    decided_at: dt.datetime | None
    created_at: dt.datetime

    @staticmethod
    def resolve_protected_mark(obj: WatchHit) -> str:
        return obj.protected_mark.name


class TransitionIn(Schema):
    status: str
    note: str = ""


def _hits(request: HttpRequest):
    return WatchHit.objects.for_user(request.user).select_related("protected_mark")


@router.get("/watch/hits", response=list[WatchHitOut])
@paginate(LimitOffsetPagination)
def list_watch_hits(request: HttpRequest, status: str = ""):
    if not can_see_watch(request.user):
        raise Http404
    hits = _hits(request)
    return hits.filter(status=status) if status else hits


@router.get("/watch/hits/{hit_id}", response=WatchHitOut)
def get_watch_hit(request: HttpRequest, hit_id: int) -> WatchHit:
    return get_object_or_404(_hits(request), pk=hit_id)


@router.post("/watch/hits/{hit_id}/transition", response=WatchHitOut)
def transition_watch_hit(request: HttpRequest, hit_id: int, payload: TransitionIn) -> WatchHit:
    hit = get_object_or_404(_hits(request), pk=hit_id)
    return actions.transition_watch_hit(actor=request.user, hit=hit, to_status=payload.status, note=payload.note)
