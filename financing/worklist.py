"""What waits in pledge financing for each person, and what its search finds: a bank's
applications at its step, a valuer's valuations to record, an enterprise's open loans, the
office's defaults to compensate."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.choices import OrganisationKind
from core.worklists import SearchHit, WorkItem, search, worklist
from financing.choices import LoanStatus
from financing.models import PledgeLoan
from financing.permissions import can_compensate
from financing.workflow import BANK, TRANSITIONS

# A disbursed loan is the bank's to follow, not a step waiting on it; an enterprise follows
# its loan until it is closed or ends without one.
BANK_STEPS = [
    status
    for status, targets in TRANSITIONS.items()
    if status != LoanStatus.DISBURSED and any(BANK in who for who in targets.values())
]
LOAN_ENDED = (LoanStatus.CLOSED, LoanStatus.DECLINED, LoanStatus.WITHDRAWN)
# What the bank does at each of its steps.
BANK_ACTIONS = {
    LoanStatus.RECEIVED: gettext_lazy("Start the review"),
    LoanStatus.UNDER_REVIEW: gettext_lazy("Approve or decline"),
    LoanStatus.APPROVED: gettext_lazy("Record the pledge registration"),
    LoanStatus.PLEDGE_REGISTERED: gettext_lazy("Record the disbursement"),
}


def _item(loan: PledgeLoan, action: str, party: str = "") -> WorkItem:
    """``party`` is who the loan is with: the enterprise for a bank, the bank for the enterprise."""
    url = reverse("financing:loan_detail", args=[loan.pk])
    label = _("%(enterprise)s, ¥%(amount)s") % {
        "enterprise": party or loan.enterprise.name,
        "amount": f"{loan.requested_amount:,.2f}",
    }
    return WorkItem(_("Pledge loan"), label, action, url, since=loan.submitted_at)


def _status(loan: PledgeLoan) -> str:
    return _("Status: %(status)s") % {"status": loan.get_status_display()}


@worklist
def loans_waiting(user) -> list[WorkItem]:
    if not user.is_authenticated:
        return []
    loans = PledgeLoan.objects.for_user(user).select_related("enterprise", "bank")
    if user.kind == OrganisationKind.BANK:
        waiting = loans.filter(status__in=BANK_STEPS)
        return [_item(loan, str(BANK_ACTIONS.get(loan.status, _status(loan)))) for loan in waiting]
    if user.kind == OrganisationKind.VALUER:
        to_value = loans.filter(status__in=(LoanStatus.RECEIVED, LoanStatus.UNDER_REVIEW), valuation__isnull=True)
        return [_item(loan, _("Record the valuation")) for loan in to_value]
    if user.kind == OrganisationKind.ENTERPRISE:
        return [_item(loan, _status(loan), loan.bank.name) for loan in loans.exclude(status__in=LOAN_ENDED)]
    if user.is_office and can_compensate_any(user):
        defaults = loans.filter(status=LoanStatus.DEFAULTED, compensation__isnull=True)
        return [_item(loan, _("Compensate from the risk pool")) for loan in defaults]
    return []


def can_compensate_any(user) -> bool:
    """The compensation permission asked of a loan in default not yet compensated."""
    return bool(can_compensate(user, PledgeLoan(status=LoanStatus.DEFAULTED)))


@search
def find_loans(user, query: str, limit: int) -> list[SearchHit]:
    found = (
        PledgeLoan.objects.for_user(user)
        .filter(
            Q(enterprise__name__icontains=query)
            | Q(registration_number__icontains=query)
            | Q(pk=int(query) if query.isdigit() and len(query) < 12 else 0)
        )
        .select_related("enterprise", "bank")
        .order_by("-submitted_at")[:limit]
    )
    return [
        SearchHit(
            _("Pledge loan"),
            loan.registration_number or str(loan.pk),
            f"{loan.enterprise.name} · {loan.bank.name}",
            reverse("financing:loan_detail", args=[loan.pk]),
        )
        for loan in found
    ]
