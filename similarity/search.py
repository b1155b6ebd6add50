"""Similar-mark search for a person: checks the query, asks the engine, and dresses the hits
with the register facts that person may see."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from portfolio.choices import TrademarkStatus
from portfolio.models import Trademark
from refdata import lookups
from similarity import index as mark_index
from similarity import logos
from similarity.choices import NewMarkSource
from similarity.models import CorpusImport, CorpusMark, MarkImageHash
from similarity.reasons import describe

MAX_QUERY_LENGTH = 100
MAX_LIMIT = 100


@dataclass
class Query:
    text: str
    classes: list[int] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    all_classes: bool = False
    limit: int = 20


@dataclass
class SearchHit:
    """One hit as a page or the API shows it; ``holder`` and ``url`` are empty when the person
    may only see the public register facts."""

    index_id: int
    source: str
    number: str
    mark_text: str
    score: float
    classes: list[int]
    groups: list[str]
    status: str
    status_label: str
    reasons: list[dict]
    phrases: list[str]
    holder: str = ""
    url: str = ""
    source_label: str = ""
    is_demo: bool = False
    image_url: str = ""


def clean_query(
    text: str,
    classes: Sequence[int | str] | None = None,
    groups: list[str] | None = None,
    all_classes: bool = False,
    limit: int = 20,
) -> Query:
    """A query the engine can take, or a ValidationError saying what to fix."""
    errors: dict[str, list[str]] = {}
    text = unicodedata.normalize("NFC", text or "").strip()
    if not text:
        errors["q"] = [_("Type the mark to search for.")]
    elif len(text) > MAX_QUERY_LENGTH:
        errors["q"] = [_("A mark is at most %(n)d characters long.") % {"n": MAX_QUERY_LENGTH}]
    elif any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") for ch in text):
        errors["q"] = [_("The mark contains control characters: type it again as plain text.")]
    cleaned_classes: list[int] = []
    for value in classes or []:
        try:
            cleaned_classes.append(lookups.validate_nice_class(value))
        except ValidationError as exc:
            errors.setdefault("nice", []).extend(exc.messages)
    cleaned_groups: list[str] = []
    for value in groups or []:
        try:
            cleaned_groups.append(lookups.validate_group(value))
        except ValidationError as exc:
            errors.setdefault("group", []).extend(exc.messages)
    if not 1 <= limit <= MAX_LIMIT:
        errors["limit"] = [_("Ask for 1 to %(n)d hits.") % {"n": MAX_LIMIT}]
    if errors:
        raise ValidationError(errors)
    return Query(text, sorted(set(cleaned_classes)), sorted(set(cleaned_groups)), all_classes, limit)


@dataclass
class Register:
    """One register a search went through: how many marks it held and when it last changed."""

    key: str  # "district" or "outside"
    label: str
    count: int
    updated_at: dt.datetime | None

    @property
    def count_text(self) -> str:
        """The count with thousands separated, as the office writes it: 3,000."""
        return f"{self.count:,}"


@dataclass
class Searched:
    """What a search compared the query against: the district's own marks and the outside
    register's, so that "no similar marks" is never read as reassurance over an empty or stale
    register."""

    district: int
    outside: int
    district_updated_at: dt.datetime | None = None
    outside_updated_at: dt.datetime | None = None

    @property
    def registers(self) -> list[Register]:
        return [
            Register("district", _("District marks"), self.district, self.district_updated_at),
            Register("outside", _("Outside trademark register"), self.outside, self.outside_updated_at),
        ]

    def as_dict(self) -> dict[str, Any]:
        """For the API: the two counts and every register with its label and date."""
        return {
            "district": self.district,
            "outside": self.outside,
            "registers": [
                {"key": r.key, "label": str(r.label), "count": r.count, "updated_at": r.updated_at}
                for r in self.registers
            ],
        }


def _last_updates() -> tuple[dt.datetime | None, dt.datetime | None]:
    """When the district's trademarks last changed and when the outside register was last loaded."""
    district = Trademark.objects.aggregate(at=Max("updated_at"))["at"]
    outside = CorpusImport.objects.aggregate(at=Max("created_at"))["at"]
    return district, outside


def searched_counts() -> Searched:
    """The marks the live index holds, split into the district's (its trademarks with a text:
    a small table) and the outside register's (the rest), so that a search over hundreds of
    thousands of outside marks never counts their table; with each register's last update."""
    held = len(mark_index.get_index())
    district = Trademark.objects.exclude(mark_text="").count()
    return Searched(min(district, held), max(held - district, 0), *_last_updates())


def searched_images() -> Searched:
    """What a logo search compared the image against: the marks with an image in each register."""
    rows = MarkImageHash.objects.aggregate(
        district=Count("pk", filter=Q(index_id__lt=mark_index.CORPUS_ID_OFFSET)),
        outside=Count("pk", filter=Q(index_id__gte=mark_index.CORPUS_ID_OFFSET)),
    )
    return Searched(rows["district"], rows["outside"], *_last_updates())


def search(user, query: Query) -> list[SearchHit]:
    """The marks most similar to the query, best first, as ``user`` may see them. Hits whose
    row is gone from the database (the index lags a deletion) are left out."""
    engine = mark_index.get_index()
    raw = engine.search(
        query.text,
        classes=query.classes or None,
        groups=query.groups or None,
        related_groups=mark_index.related_groups_for(query.groups),
        limit=query.limit,
        all_classes=query.all_classes,
    )
    return _dress(
        user,
        [
            (
                hit.id,
                {
                    "score": round(hit.score, 1),
                    "classes": list(hit.classes),
                    "groups": list(hit.groups),
                    "reasons": hit.reasons,
                    "phrases": [describe(r) for r in hit.reasons],
                },
            )
            for hit in raw
        ],
    )


def search_logo(user, hashes: logos.LogoHashes, limit: int = 20) -> list[SearchHit]:
    """The marks whose image looks most like the uploaded one, closest first."""
    found = logos.table().search(hashes, limit=limit)
    return _dress(
        user,
        [
            (
                hit.index_id,
                {
                    "score": hit.score,
                    "classes": [],
                    "groups": [],
                    "reasons": [{"code": "image", "detail": {"distance": hit.distance, "dhash": hit.dhash_distance}}],
                    "phrases": [
                        _("The images differ in %(d)d of 64 bits of their perceptual hash.") % {"d": hit.distance}
                    ],
                },
            )
            for hit in found
        ],
        with_goods=True,
    )


def _dress(user, found: list[tuple[int, dict[str, Any]]], with_goods: bool = False) -> list[SearchHit]:
    """Index hits (id, their score and reasons) as ``user`` may see them; hits whose row is gone
    from the database (the index lags a deletion) are left out."""
    trademark_pks, corpus_pks = mark_index.split_ids(i for i, _c in found)
    rows = Trademark.objects.select_related("owner")
    trademarks = (rows.prefetch_related("goods") if with_goods else rows).in_bulk(trademark_pks)
    if user is None:  # the system (management commands) sees everything
        visible = set(trademark_pks)
    else:
        visible = set(Trademark.objects.for_user(user).filter(pk__in=trademark_pks).values_list("pk", flat=True))
    corpus = CorpusMark.objects.in_bulk(corpus_pks)
    statuses = dict(TrademarkStatus.choices)
    hits = []
    for index_id, common in found:
        if index_id >= mark_index.CORPUS_ID_OFFSET:
            mark = corpus.get(index_id - mark_index.CORPUS_ID_OFFSET)
            if mark is None:
                continue
            if with_goods:
                common = {**common, "classes": list(mark.nice_classes), "groups": list(mark.groups)}
            hits.append(
                SearchHit(
                    index_id=index_id,
                    source=NewMarkSource.CORPUS,
                    number=mark.number,
                    mark_text=mark.mark_text,
                    status=mark.status,
                    status_label=str(statuses.get(mark.status, "")),
                    holder=mark.holder_name,
                    source_label=mark.source,
                    is_demo=mark.is_demo,
                    image_url=reverse("similarity:mark_image", args=[index_id]) if mark.image else "",
                    **common,
                )
            )
            continue
        trademark = trademarks.get(index_id)
        if trademark is None:
            continue
        if with_goods:
            goods = list(trademark.goods.all())
            common = {
                **common,
                "classes": sorted({g.nice_class for g in goods}),
                "groups": sorted({g.group_code for g in goods}),
            }
        own = trademark.pk in visible
        hits.append(
            SearchHit(
                index_id=index_id,
                source=NewMarkSource.PORTFOLIO,
                number=trademark.number,
                mark_text=trademark.mark_text,
                status=trademark.status,
                status_label=trademark.get_status_display(),
                holder=trademark.owner.name if own else "",
                url=reverse("portfolio:trademark_detail", args=[trademark.pk]) if own else "",
                is_demo=trademark.is_demo,
                image_url=reverse("similarity:mark_image", args=[index_id]) if own and trademark.image else "",
                **common,
            )
        )
    return hits
