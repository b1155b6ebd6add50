from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from accounts.choices import Role
from core.permissions import ALLOW, Decision, deny, is_system
from funds.permissions import can_manage_funds
from incentives.choices import ApplicationStatus, ObjectionStatus
from incentives.workflow import next_steps
from registry.permissions import acts_for_enterprise

OFFICE_FUNDS_ROLES = (Role.CLERK, Role.LEADER)


def can_manage_programmes(user) -> Decision:
    """Whoever manages the funds sets up the programmes they pay."""
    return can_manage_funds(user)


def can_apply(user, enterprise) -> Decision:
    """An enterprise applies for itself; an office clerk may file for it."""
    if acts_for_enterprise(user, enterprise):
        return ALLOW
    return deny(_("Only the enterprise itself, or an office clerk for it, can apply."))


def can_take_step(user, application, target: str, today: dt.date | None = None) -> Decision:
    steps = next_steps(application.status)
    if target not in steps:
        return deny(
            _("An application that is %(now)s cannot become %(target)s.")
            % {"now": ApplicationStatus(application.status).label, "target": ApplicationStatus(target).label}
        )
    if not is_system(user) and not (user.is_authenticated and user.is_office and user.role in steps[target]):
        roles = "、".join(str(Role(r).label) for r in sorted(steps[target]))
        return deny(_("This step is taken by: %(roles)s.") % {"roles": roles})
    if target == ApplicationStatus.APPROVED:
        today = today or dt.date.today()
        if application.notice_ends and today <= application.notice_ends:
            return deny(
                _("The public notice runs until %(day)s; approve after it ends.") % {"day": application.notice_ends}
            )
        if application.objections.filter(status=ObjectionStatus.OPEN).exists():
            return deny(_("An objection is open: resolve it first."))
    return ALLOW


def can_object(user, application, today: dt.date | None = None) -> Decision:
    today = today or dt.date.today()
    if not user.is_authenticated:
        return deny(_("Log in first."))
    if application.status != ApplicationStatus.PUBLIC_NOTICE or not application.notice_ends:
        return deny(_("Objections are taken only during the public notice."))
    if not (application.notice_starts <= today <= application.notice_ends):
        return deny(
            _("The public notice runs from %(start)s to %(end)s.")
            % {"start": application.notice_starts, "end": application.notice_ends}
        )
    return ALLOW


def can_resolve_objection(user) -> Decision:
    if is_system(user) or (user.is_authenticated and user.is_office and user.has_role(Role.REVIEWER, Role.LEADER)):
        return ALLOW
    return deny(_("Objections are resolved by an office reviewer or leader."))


def can_pay(user) -> Decision:
    if is_system(user) or (user.is_authenticated and user.is_office and user.has_role(*OFFICE_FUNDS_ROLES)):
        return ALLOW
    return deny(_("Payments are recorded by an office clerk or leader."))
