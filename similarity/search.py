"""Similar-mark search for a person: checks the query, asks the engine, and dresses the hits
with the register facts that person may see."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from portfolio.choices import TrademarkStatus
from portfolio.models import Trademark
from refdata import lookups
from similarity import index as mark_index
from similarity.choices import NewMarkSource
from similarity.models import CorpusMark
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
class Searched:
    """What a search compared the query against: the district's own marks and the outside
    register's, so that "no similar marks" is never read as reassurance over an empty register."""

    district: int
    outside: int


def searched_counts() -> Searched:
    """The marks the live index holds, split into the district's (its trademarks with a text:
    a small table) and the outside register's (the rest), so that a search over hundreds of
    thousands of outside marks never counts their table."""
    held = len(mark_index.get_index())
    district = Trademark.objects.exclude(mark_text="").count()
    return Searched(district=min(district, held), outside=max(held - district, 0))


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
    trademark_pks, corpus_pks = mark_index.split_ids(h.id for h in raw)
    trademarks = Trademark.objects.select_related("owner").in_bulk(trademark_pks)
    if user is None:  # the system (management commands) sees everything
        visible = set(trademark_pks)
    else:
        visible = set(Trademark.objects.for_user(user).filter(pk__in=trademark_pks).values_list("pk", flat=True))
    corpus = CorpusMark.objects.in_bulk(corpus_pks)
    statuses = dict(TrademarkStatus.choices)
    hits = []
    for hit in raw:
        common: dict[str, Any] = {
            "index_id": hit.id,
            "score": round(hit.score, 1),
            "classes": list(hit.classes),
            "groups": list(hit.groups),
            "reasons": hit.reasons,
            "phrases": [describe(r) for r in hit.reasons],
        }
        if hit.id >= mark_index.CORPUS_ID_OFFSET:
            mark = corpus.get(hit.id - mark_index.CORPUS_ID_OFFSET)
            if mark is None:
                continue
            hits.append(
                SearchHit(
                    source=NewMarkSource.CORPUS,
                    number=mark.number,
                    mark_text=mark.mark_text,
                    status=mark.status,
                    status_label=str(statuses.get(mark.status, "")),
                    holder=mark.holder_name,
                    source_label=mark.source,
                    is_demo=mark.is_demo,
                    **common,
                )
            )
            continue
        trademark = trademarks.get(hit.id)
        if trademark is None:
            continue
        own = trademark.pk in visible
        hits.append(
            SearchHit(
                source=NewMarkSource.PORTFOLIO,
                number=trademark.number,
                mark_text=trademark.mark_text,
                status=trademark.status,
                status_label=trademark.get_status_display(),
                holder=trademark.owner.name if own else "",
                url=reverse("portfolio:trademark_detail", args=[trademark.pk]) if own else "",
                is_demo=trademark.is_demo,
                **common,
            )
        )
    return hits
