"""The enterprise plan page's figures: what it holds, what lapses within a year, which classes
next to its business its marks leave open, and how it compares with its industry's median."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q

from portfolio.choices import LIVE_PATENT_STATUSES, PatentType, TrademarkStatus
from portfolio.models import Patent, Trademark, TrademarkGoods
from portfolio.reminders import Reminder, reminders
from refdata import lookups
from registry.models import Enterprise

LIVE_MARK_STATUSES = (TrademarkStatus.APPLIED, TrademarkStatus.REGISTERED)
PEER_MEASURES = ("invention", "utility_model", "design", "marks")


@dataclass
class Gap:
    nice_class: int
    class_name: str
    via_groups: list[str]  # the related groups in that class, as "3302 title"


@dataclass
class PeerRow:
    measure: str
    mine: int
    median: float
    peers: int


@dataclass
class Plan:
    enterprise: Enterprise
    by_type: list[tuple[str, str, int]]
    by_section: list[tuple[str, str, int]]
    by_class: list[tuple[int, str, int]]
    lapsing: list[Reminder]
    gaps: list[Gap]
    peer_rows: list[PeerRow] = field(default_factory=list)
    industry: str = ""


def _counts(enterprises):
    live = Q(patents__status__in=LIVE_PATENT_STATUSES)
    return enterprises.annotate(
        invention=Count("patents", filter=live & Q(patents__patent_type=PatentType.INVENTION), distinct=True),
        utility_model=Count("patents", filter=live & Q(patents__patent_type=PatentType.UTILITY_MODEL), distinct=True),
        design=Count("patents", filter=live & Q(patents__patent_type=PatentType.DESIGN), distinct=True),
        marks=Count("trademarks", filter=Q(trademarks__status__in=LIVE_MARK_STATUSES), distinct=True),
    )


def build_plan(enterprise: Enterprise, today: dt.date | None = None) -> Plan:
    today = today or dt.date.today()
    patents = Patent.objects.filter(owners=enterprise)
    live_patents = patents.filter(status__in=LIVE_PATENT_STATUSES)
    marks = Trademark.objects.filter(owner=enterprise)
    by_type_counts = dict(
        live_patents.values_list("patent_type").annotate(n=Count("id")).values_list("patent_type", "n")
    )
    by_type = [(value, str(label), by_type_counts.get(value, 0)) for value, label in PatentType.choices]
    sections = Counter(code[0] for code in live_patents.exclude(main_ipc="").values_list("main_ipc", flat=True))
    by_section = [(s, lookups.ipc_title(s), n) for s, n in sorted(sections.items())]
    goods = TrademarkGoods.objects.filter(trademark__owner=enterprise, trademark__status__in=LIVE_MARK_STATUSES)
    class_counts = dict(
        goods.values_list("nice_class").annotate(n=Count("trademark", distinct=True)).values_list("nice_class", "n")
    )
    by_class = [(c, lookups.nice_class_name(c), n) for c, n in sorted(class_counts.items())]
    lapsing = reminders(patents, marks, today=today, horizon_days=365)
    return Plan(
        enterprise=enterprise,
        by_type=by_type,
        by_section=by_section,
        by_class=by_class,
        lapsing=lapsing,
        gaps=_gaps(set(goods.values_list("group_code", flat=True)), set(class_counts)),
        peer_rows=_peers(enterprise),
        industry=enterprise.industry,
    )


def _gaps(own_groups: set[str], own_classes: set[int]) -> list[Gap]:
    """Classes that hold groups the similar-goods table calls similar to the marks' groups,
    and that no mark of the enterprise covers: where a look-alike could register."""
    found: dict[int, list[str]] = {}
    for group in sorted(own_groups):
        for related in sorted(lookups.related_groups(group)):
            nice = lookups.group_class(related)
            if nice in own_classes:
                continue
            label = f"{related} {lookups.group_title(related)}"
            if label not in found.setdefault(nice, []):
                found[nice].append(label)
    return [Gap(n, lookups.nice_class_name(n), groups) for n, groups in sorted(found.items())]


def _peers(enterprise: Enterprise) -> list[PeerRow]:
    if not enterprise.industry:
        return []
    rows = list(_counts(Enterprise.objects.filter(industry=enterprise.industry)).values("pk", *PEER_MEASURES))
    mine = next((r for r in rows if r["pk"] == enterprise.pk), None)
    if mine is None:
        return []
    return [
        PeerRow(measure, mine[measure], statistics.median(r[measure] for r in rows), len(rows))
        for measure in PEER_MEASURES
    ]
