from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.choices import OrganisationKind, Role
from core.permissions import ALLOW, Decision, deny, is_system
from similarity.choices import WatchStatus
from similarity.workflow import WATCH_TRANSITIONS

WATCH_KEEPERS = (Role.CLERK, Role.REVIEWER, Role.LEADER)


def can_search_marks(user) -> Decision:
    """The office searches for its watch and enforcement work; enterprises before filing."""
    if is_system(user):
        return ALLOW
    if user.is_authenticated and (user.is_office or user.kind == OrganisationKind.ENTERPRISE):
        return ALLOW
    return deny(_("The trademark search is open to the IP office and to enterprises."))


def can_see_watch(user) -> Decision:
    if is_system(user) or (user.is_authenticated and user.is_office):
        return ALLOW
    return deny(_("The protected-mark watch is kept by the IP office."))


def can_keep_protected_list(user) -> Decision:
    """Clerks, reviewers and leaders keep the protected list and import outside marks."""
    if is_system(user):
        return ALLOW
    if not can_see_watch(user):
        return deny(_("The protected-mark watch is kept by the IP office."))
    if not user.has_role(*WATCH_KEEPERS):
        return deny(_("Only an office clerk, reviewer or leader keeps the protected list."))
    return ALLOW


def can_transition_hit(user, hit, target: str) -> Decision:
    """Whether this person may move the hit to ``target`` now, and why not."""
    allowed = WATCH_TRANSITIONS.get(hit.status, {})
    if target not in WatchStatus.values:
        return deny(_("%(target)s is not a status of a watch hit.") % {"target": target})
    if target not in allowed:
        return deny(
            _("A hit that is %(now)s cannot become %(target)s.")
            % {"now": WatchStatus(hit.status).label, "target": WatchStatus(target).label}
        )
    if is_system(user):
        return ALLOW
    if not can_see_watch(user):
        return deny(_("The protected-mark watch is kept by the IP office."))
    if user.role not in allowed[target]:
        if target == WatchStatus.NEW:
            return deny(_("Only a reviewer or leader can reopen a decided hit."))
        return deny(_("Only an office clerk, reviewer or leader decides on watch hits."))
    return ALLOW
