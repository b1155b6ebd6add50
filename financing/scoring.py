"""Facts for the value score read from the portfolio (the Django side of valuescore)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from patentstore.valuescore import PatentFacts, Score, TrademarkFacts, score_patent, score_trademark
from portfolio.choices import PatentStatus, TrademarkStatus
from portfolio.models import Patent, Trademark


def patent_facts(patent: Patent, citations: int | None = None) -> PatentFacts:
    return PatentFacts(
        status=patent.status,
        expiry_date=patent.expiry_date or patent.compute_expiry(),
        grant_date=patent.grant_date,
        claims_count=patent.claims_count,
        ipc_codes=tuple(patent.ipc_codes or ()),
        is_pct=patent.is_pct,
        has_foreign_family=patent.has_foreign_family,
        citations=citations,
    )


def trademark_facts(mark: Trademark) -> TrademarkFacts:
    goods = list(mark.goods.all())
    return TrademarkFacts(
        status=mark.status,
        expiry_date=mark.expiry_date,
        registration_date=mark.registration_date,
        nice_classes=len({g.nice_class for g in goods}),
        goods_groups=len({g.group_code for g in goods}),
        is_well_known=mark.is_well_known,
    )


def score_asset(asset: Patent | Trademark, as_of: dt.date, citations: int | None = None) -> Score:
    if isinstance(asset, Patent):
        return score_patent(patent_facts(asset, citations), as_of)
    return score_trademark(trademark_facts(asset), as_of)


INDICATOR_LABELS = {
    "status": _("legal status"),
    "remaining_term": _("years of term left"),
    "claims": _("claims"),
    "ipc_breadth": _("IPC subclasses"),
    "family": _("PCT / foreign family"),
    "use_age": _("years in force for the owner"),
    "citations": _("citations received"),
    "goods_breadth": _("similar-goods groups"),
    "class_breadth": _("Nice classes"),
    "recognition": _("well-known mark"),
}
GROUP_LABELS = {"legal": _("legal"), "technical": _("technical"), "economic": _("economic")}


def indicator_rows(indicators: list[dict]) -> list[dict]:
    """The stored indicators with translated names, for the page."""
    statuses = {**dict(PatentStatus.choices), **dict(TrademarkStatus.choices)}
    rows = []
    for i in indicators:
        value = i["value"]
        if i["code"] == "status":
            value = statuses.get(value, value)
        elif i["points"] is None:
            value = _("not known")
        rows.append(
            {
                **i,
                "label": INDICATOR_LABELS.get(i["code"], i["code"]),
                "group_label": GROUP_LABELS.get(i["group"], i["group"]),
                "shown": value,
            }
        )
    return rows
