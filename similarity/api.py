"""JSON API: similar-mark search for the office and enterprises; the watch for the office."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from core.api_schema import LimitOffsetPagination
from core.permissions import require
from similarity import actions, logos
from similarity.models import WatchHit
from similarity.opposition import window
from similarity.permissions import can_search_marks, can_see_watch
from similarity.reasons import describe
from similarity.search import clean_query, search, search_logo, searched_counts, searched_images

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


class RegisterOut(Schema):
    """One register searched: its count of marks and when it was last updated (null: never)."""

    key: str
    label: str
    count: int
    updated_at: dt.datetime | None


class SearchedOut(Schema):
    """How many marks of each register the query was compared against, and how fresh each is."""

    district: int
    outside: int
    registers: list[RegisterOut]


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
        "searched": searched_counts().as_dict(),
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


class SimilarLogoOut(Schema):
    number: str
    mark_text: str
    score: float
    distance: int
    source: str
    classes: list[int]
    status: str
    holder: str


class SimilarLogosOut(Schema):
    searched: SearchedOut
    hits: list[SimilarLogoOut]


@router.post("/marks/similar-logo", response={200: SimilarLogosOut, 400: ErrorOut})
def similar_logos(request: HttpRequest, image: File[UploadedFile]):
    """The marks whose image looks most like the uploaded one (PNG, JPEG, GIF, WebP or BMP, at
    most 2 MB), closest first; hits on other enterprises' marks carry no holder."""
    require(can_search_marks(request.user))
    if image.size is not None and image.size > logos.MAX_UPLOAD_BYTES:
        return Status(400, {"detail": "invalid image", "errors": {"image": [_too_large()]}})
    try:
        hashes = logos.hash_image(logos.open_image(image.read()))
    except logos.BadImage as exc:
        return Status(400, {"detail": "invalid image", "errors": {"image": [str(exc)]}})
    hits = search_logo(request.user, hashes)
    return {
        "searched": searched_images().as_dict(),
        "hits": [
            {
                "number": h.number,
                "mark_text": h.mark_text,
                "score": h.score,
                "distance": h.reasons[0]["detail"]["distance"],
                "source": h.source,
                "classes": h.classes,
                "status": h.status,
                "holder": h.holder,
            }
            for h in hits
        ],
    }


def _too_large() -> str:
    return _("The image is larger than %(mb)d MB: send a smaller one.") % {"mb": logos.MAX_UPLOAD_BYTES >> 20}


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
    publication_date: dt.date | None
    opposition_last_day: dt.date | None
    opposition_open: bool | None

    @staticmethod
    def resolve_protected_mark(obj: WatchHit) -> str:
        return obj.protected_mark.name

    @staticmethod
    def resolve_opposition_last_day(obj: WatchHit) -> dt.date | None:
        found = window(obj.publication_date)
        return found.last_day if found else None

    @staticmethod
    def resolve_opposition_open(obj: WatchHit) -> bool | None:
        found = window(obj.publication_date)
        return found.is_open if found else None


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
