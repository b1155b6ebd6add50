from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.choices import OrganisationKind, Role
from core.permissions import ALLOW, Decision, deny, is_system
from financing.choices import LoanStatus
from financing.workflow import BANK, ENTERPRISE, next_steps
from registry.permissions import acts_for_enterprise


def is_bank_of(user, loan_or_product) -> bool:
    return bool(
        user.is_authenticated and user.kind == OrganisationKind.BANK and user.organisation_id == loan_or_product.bank_id
    )


def can_manage_product(user, bank) -> Decision:
    """A bank publishes its own products; the office may enter them for it."""
    if is_system(user):
        return ALLOW
    if user.is_authenticated and user.kind == OrganisationKind.BANK and user.organisation_id == bank.pk:
        return ALLOW
    if user.is_authenticated and user.is_office and user.has_role(Role.CLERK, Role.LEADER):
        return ALLOW
    return deny(_("Only the bank itself, or an office clerk for it, manages its loan products."))


def can_apply_for_loan(user, enterprise) -> Decision:
    if acts_for_enterprise(user, enterprise):
        return ALLOW
    return deny(_("Only the enterprise itself, or an office clerk for it, applies for a pledge loan."))


def can_take_loan_step(user, loan, target: str) -> Decision:
    steps = next_steps(loan.status)
    if target not in steps:
        return deny(
            _("A loan that is %(now)s cannot become %(target)s.")
            % {"now": LoanStatus(loan.status).label, "target": LoanStatus(target).label}
        )
    if target == LoanStatus.CLOSED and loan.outstanding_principal() > 0:
        return deny(
            _("¥%(left)s of principal is still to be repaid.") % {"left": f"{loan.outstanding_principal():,.2f}"}
        )
    if target == LoanStatus.DEFAULTED and loan.outstanding_principal() <= 0:
        return deny(_("Nothing is outstanding: close the loan instead."))
    if is_system(user):
        return ALLOW
    if BANK in steps[target] and is_bank_of(user, loan):
        return ALLOW
    if (
        ENTERPRISE in steps[target]
        and user.is_authenticated
        and user.organisation_id == loan.enterprise.organisation_id
    ):
        return ALLOW
    if BANK in steps[target]:
        return deny(_("This step is taken by the bank the application was sent to."))
    return deny(_("This step is taken by the applying enterprise."))


def can_assign_valuer(user, loan) -> Decision:
    if loan.status not in (LoanStatus.RECEIVED, LoanStatus.UNDER_REVIEW):
        return deny(_("A valuation agency is chosen before the bank decides."))
    if hasattr(loan, "valuation"):
        return deny(_("The valuation is already recorded."))
    if is_system(user) or is_bank_of(user, loan):
        return ALLOW
    return deny(_("The bank chooses the valuation agency."))


def can_value(user, loan) -> Decision:
    if loan.status not in (LoanStatus.RECEIVED, LoanStatus.UNDER_REVIEW):
        return deny(_("Valuations are recorded before the bank decides."))
    if hasattr(loan, "valuation"):
        return deny(_("The valuation is already recorded."))
    if is_system(user):
        return ALLOW
    if (
        user.is_authenticated
        and user.kind == OrganisationKind.VALUER
        and loan.valuer_id is not None
        and user.organisation_id == loan.valuer_id
    ):
        return ALLOW
    return deny(_("The valuation is recorded by the agency the bank sent it to."))


def can_record_repayment(user, loan) -> Decision:
    if loan.status != LoanStatus.DISBURSED:
        return deny(_("Repayments are recorded on a disbursed loan."))
    if is_system(user) or is_bank_of(user, loan):
        return ALLOW
    return deny(_("Repayments are recorded by the lending bank."))


def can_compensate(user, loan) -> Decision:
    if loan.status != LoanStatus.DEFAULTED:
        return deny(_("Only a loan in default is compensated from the pool."))
    if hasattr(loan, "compensation"):
        return deny(_("This default was already compensated."))
    if is_system(user) or (user.is_authenticated and user.is_office and user.has_role(Role.CLERK, Role.LEADER)):
        return ALLOW
    return deny(_("Compensation from the pool is paid by an office clerk or leader."))


def can_manage_pool(user) -> Decision:
    if is_system(user) or (user.is_authenticated and user.is_office and user.has_role(Role.CLERK, Role.LEADER)):
        return ALLOW
    return deny(_("The risk-compensation pool is managed by office clerks and leaders."))
