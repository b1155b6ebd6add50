"""Which assets of an enterprise an award item would pay for, read from the portfolio (and,
for a rule another app registers, such as financing's interest subsidies, from that app)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from core.money import ZERO
from incentives.choices import RuleKind
from incentives.models import ApplicationLine, AwardItem
from portfolio.choices import PatentStatus, PatentType
from portfolio.models import GeographicalIndication, Patent, Trademark
from registry.models import Enterprise

# What an award item pays for, asset by asset: (key, label, amount before the item's caps).
AssetFinder = Callable[[AwardItem, Enterprise], list[tuple[str, str, Decimal]]]

# Rules whose assets another app keeps register their finder here at start-up, so that this
# module need not know that app: financing registers the loan-interest rule (its repaid
# pledge loans) in FinancingConfig.ready.
_FINDERS: dict[str, AssetFinder] = {}


def register_asset_finder(rule: str, finder: AssetFinder) -> None:
    """Let ``eligible_assets`` find the assets of ``rule`` with ``finder``."""
    _FINDERS[rule] = finder


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
    finder = _FINDERS.get(item.rule)
    if finder is not None:
        # The item's amount is the most it pays per asset.
        offered = [(key, label, min(share, item.amount)) for key, label, share in finder(item, enterprise)]
    else:
        offered = [(key, label, item.amount) for key, label in _assets(item, enterprise)]
    out = []
    for key, label, base in offered:
        already = key in taken
        amount = base
        if item.cap_per_enterprise is not None and not already:
            amount = max(min(amount, item.cap_per_enterprise - claimed), ZERO)
            claimed += amount
        out.append(EligibleAsset(item, key, label, amount, already))
    return out


def open_items_paying_for(rule: str, asset_key: str, enterprise: Enterprise, on: dt.date) -> list[AwardItem]:
    """Items of ``rule`` in programmes open on ``on`` that would still pay for the asset (not
    yet awarded under the item, and something left under the cap): what another app (financing,
    for a repaid loan) offers its users to apply for."""
    items = AwardItem.objects.filter(rule=rule, programme__opens_on__lte=on, programme__closes_on__gte=on)
    return [
        item
        for item in items.select_related("programme")
        if any(
            a.asset_key == asset_key and not a.already_awarded and a.amount > 0
            for a in eligible_assets(item, enterprise)
        )
    ]


def award_item(pk: object) -> AwardItem | None:
    """An award item by its id (as posted), with its programme; None when there is none."""
    try:
        return AwardItem.objects.select_related("programme").filter(pk=int(str(pk))).first()
    except ValueError:
        return None
