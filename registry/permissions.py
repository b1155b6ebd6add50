from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.choices import Role
from core.permissions import ALLOW, Decision, deny, is_system

REGISTRY_EDITORS = (Role.CLERK, Role.REVIEWER, Role.LEADER)


def can_manage_registry(user) -> Decision:
    """Adding enterprises, parks and talent is the office's work."""
    if is_system(user):
        return ALLOW
    if not user.is_authenticated or not user.is_office:
        return deny(_("Only the IP office keeps the registry."))
    if not user.has_role(*REGISTRY_EDITORS):
        return deny(_("Your role does not edit the registry; ask a clerk."))
    return ALLOW


def can_edit_enterprise(user, enterprise) -> Decision:
    """The office edits any enterprise; an enterprise's manager edits its own details."""
    if can_manage_registry(user):
        return ALLOW
    if user.is_authenticated and user.organisation_id == enterprise.organisation_id:
        if user.has_role(Role.MANAGER):
            return ALLOW
        return deny(_("Only your enterprise's manager can change its details."))
    return deny(_("Only the IP office keeps the registry."))


def can_see_full_personal_numbers(user) -> Decision:
    if user is not None and user.is_authenticated and user.is_office:
        return ALLOW
    return deny(_("ID and phone numbers are shown in full to the IP office only."))


def acts_for_enterprise(user, enterprise) -> bool:
    """The enterprise's own people, an office clerk filing on its behalf, or the system: who may
    apply in an enterprise's name (for awards, for pledge loans)."""
    if is_system(user):
        return True
    if not user.is_authenticated:
        return False
    return user.organisation_id == enterprise.organisation_id or (user.is_office and user.has_role(Role.CLERK))


def can_enter_district_figures(actor) -> Decision:
    """The district's own figures (its population; the dashboard's targets) are entered by the
    office's clerks and its leader."""
    if is_system(actor):
        return ALLOW
    if getattr(actor, "is_office", False) and actor.role in (Role.CLERK, Role.LEADER):
        return ALLOW
    return deny(_("Only the office's clerks and its leader enter district figures."))
