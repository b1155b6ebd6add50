from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.choices import Role
from core.permissions import ALLOW, Decision, deny, is_system


def can_set_district_figures(actor) -> Decision:
    """Population and targets are entered by the office's clerks and its leader."""
    if is_system(actor):
        return ALLOW
    if getattr(actor, "is_office", False) and actor.role in (Role.CLERK, Role.LEADER):
        return ALLOW
    return deny(_("Only the office's clerks and its leader enter district figures."))


def can_read_dashboard(actor) -> Decision:
    """The dashboard and the annual reports are for the office and the county leadership."""
    if is_system(actor):
        return ALLOW
    if getattr(actor, "is_authenticated", False) and actor.is_office:
        return ALLOW
    return deny(_("The county dashboard is for the IP office and the county leadership."))
