from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.choices import Role
from core.permissions import ALLOW, Decision, deny, is_system


def can_set_district_figures(actor) -> Decision:  # type: ignore[no-untyped-def]
    """Population and targets are entered by the office's clerks and its leader."""
    if is_system(actor):
        return ALLOW
    if getattr(actor, "is_office", False) and actor.role in (Role.CLERK, Role.LEADER):
        return ALLOW
    return deny(_("Only the office's clerks and its leader enter district figures."))
