"""Which assets of an enterprise an award item would pay for, read from the portfolio (and,
for interest subsidies, from its repaid pledge loans)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from incentives.choices import RuleKind
from incentives.ledger import money
from incentives.models import ZERO, ApplicationLine, AwardItem
from portfolio.choices import PatentStatus, PatentType
from portfolio.models import GeographicalIndication, Patent, Trademark
from registry.models import Enterprise

# An interest subsidy pays this share of the interest a repaid pledge loan paid in the
# programme's period; the item's amount is the most it pays per loan and its cap the most per
# enterprise per year. (The district's measures usually say 50%; AwardItem has no field for a
# share yet, so it is fixed here.)
INTEREST_SUBSIDY_PERCENT = Decimal(50)


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


def _loan_interest(item: AwardItem, enterprise: Enterprise) -> list[tuple[str, str, Decimal]]:
    """Repaid (closed) pledge loans with interest paid in the period: key, label and the share
    of that interest, before the caps."""
    from django.db.models import Q, Sum

    from financing.choices import LoanStatus
    from financing.models import PledgeLoan

    period = (item.programme.period_start, item.programme.period_end)
    loans = (
        PledgeLoan.objects.filter(enterprise=enterprise, status=LoanStatus.CLOSED)
        .select_related("bank")
        .annotate(interest_paid=Sum("repayments__interest", filter=Q(repayments__paid_on__range=period)))
        .filter(interest_paid__gt=0)
        .order_by("pk")
    )
    return [
        (
            f"loan:{loan.pk}",
            _("%(bank)s loan #%(loan)s of ¥%(amount)s: interest ¥%(interest)s paid in the period")
            % {
                "bank": loan.bank,
                "loan": loan.pk,
                "amount": f"{loan.disbursed_amount:,.2f}",
                "interest": f"{loan.interest_paid:,.2f}",
            },
            money(loan.interest_paid * INTEREST_SUBSIDY_PERCENT / 100),
        )
        for loan in loans
    ]


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
    if item.rule == RuleKind.LOAN_INTEREST:
        offered = [(key, label, min(share, item.amount)) for key, label, share in _loan_interest(item, enterprise)]
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
