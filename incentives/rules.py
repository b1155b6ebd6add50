"""Which assets of an enterprise an award item would pay for, read from the portfolio."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from incentives.choices import RuleKind
from incentives.models import ZERO, ApplicationLine, AwardItem
from portfolio.choices import PatentStatus, PatentType
from portfolio.models import GeographicalIndication, Patent, Trademark
from registry.models import Enterprise


@dataclass(frozen=True)
class EligibleAsset:
    item: AwardItem
    asset_key: str
    label: str
    amount: Decimal
    already_awarded: bool


def _assets(item: AwardItem, enterprise: Enterprise) -> list[tuple[str, str]]:
    programme = item.programme
    period = (programme.period_start, programme.period_end)
    if item.rule == RuleKind.INVENTION_GRANTED:
        patents = Patent.objects.filter(
            owners=enterprise, patent_type=PatentType.INVENTION, status=PatentStatus.GRANTED, grant_date__range=period
        )
        return [(f"patent:{p.pk}", f"{p.application_number} {p.title}") for p in patents]
    if item.rule == RuleKind.PCT_FILED:
        patents = Patent.objects.filter(owners=enterprise, is_pct=True, filing_date__range=period)
        return [(f"patent:{p.pk}", f"{p.application_number} {p.title} (PCT)") for p in patents]
    if item.rule == RuleKind.WELL_KNOWN_MARK:
        marks = Trademark.objects.filter(owner=enterprise, is_well_known=True, well_known_since__range=period)
        return [(f"trademark:{m.pk}", f"{m.mark_text} ({m.number})") for m in marks]
    if item.rule == RuleKind.GEOGRAPHICAL_INDICATION:
        gis = GeographicalIndication.objects.filter(holder=enterprise, registered_on__range=period)
        return [(f"gi:{g.pk}", g.name) for g in gis]
    raise ValueError(f"unknown rule {item.rule}")


def eligible_assets(item: AwardItem, enterprise: Enterprise) -> list[EligibleAsset]:
    """The assets the item would pay for, each with its amount after the enterprise's yearly
    cap, and whether it was already claimed under this item."""
    taken = set(ApplicationLine.objects.filter(item=item, is_active=True).values_list("asset_key", flat=True))
    claimed = ZERO
    if item.cap_per_enterprise is not None:
        claimed = sum(
            ApplicationLine.objects.filter(
                item__rule=item.rule,
                item__programme__year=item.programme.year,
                application__enterprise=enterprise,
                is_active=True,
            ).values_list("amount", flat=True),
            ZERO,
        )
    out = []
    for key, label in _assets(item, enterprise):
        already = key in taken
        amount = item.amount
        if item.cap_per_enterprise is not None and not already:
            amount = max(min(amount, item.cap_per_enterprise - claimed), ZERO)
            claimed += amount
        out.append(EligibleAsset(item, key, label, amount, already))
    return out
