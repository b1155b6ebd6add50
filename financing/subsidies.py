"""The interest subsidy on a repaid pledge loan, as an award item's rule: which of an
enterprise's loans an item of rule ``loan_interest`` pays for. Registered with incentives'
rules at start-up (FinancingConfig.ready), so incentives never imports financing."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from core.money import money
from financing.choices import LoanStatus
from financing.models import PledgeLoan

if TYPE_CHECKING:
    from incentives.models import AwardItem
    from registry.models import Enterprise

# An interest subsidy pays this share of the interest a repaid pledge loan paid in the
# programme's period; the item's amount is the most it pays per loan and its cap the most per
# enterprise per year. (The district's measures usually say 50%; AwardItem has no field for a
# share yet, so it is fixed here.)
INTEREST_SUBSIDY_PERCENT = Decimal(50)


def repaid_loan_interest(item: AwardItem, enterprise: Enterprise) -> list[tuple[str, str, Decimal]]:
    """Repaid (closed) pledge loans with interest paid in the period: key, label and the share
    of that interest, before the caps."""
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
