from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.choices import Role
from core.permissions import ALLOW, Decision, deny, is_system, office_only
from portfolio.permissions import can_edit_portfolio


def can_read_inbox(user) -> Decision:
    """Everyone who belongs to an organisation reads its inbox."""
    if user.is_authenticated and user.organisation_id:
        return ALLOW
    return deny(_("Only members of an organisation have an inbox."))


def can_manage_contacts(user, organisation) -> Decision:
    """An organisation's manager chooses who is told and how (for the office: its clerks and
    leader); the county leadership only reads."""
    if is_system(user):
        return ALLOW
    if not user.is_authenticated or user.organisation_id != organisation.pk:
        return deny(_("You manage the contacts of your own organisation only."))
    if user.is_office:
        if user.has_role(Role.CLERK, Role.LEADER):
            return ALLOW
        return deny(_("The office's clerks and its leader manage its contacts."))
    if user.has_role(Role.MANAGER):
        return ALLOW
    return deny(_("Only your organisation's manager changes its contacts and channels."))


def can_mark_annuity_paid(user, patent) -> Decision:
    """Any owner's manager (or the office) records a paid annuity."""
    owners = list(patent.owners.all())
    decisions = [can_edit_portfolio(user, owner) for owner in owners]
    allowed = next((d for d in decisions if d), None)
    if allowed is not None:
        return allowed
    return deny(_("Only the office or an owner's manager records a paid annuity."))


def can_see_lapsed(user) -> Decision:
    return office_only(user, _("Only the IP office sees the rights that lapsed."))
