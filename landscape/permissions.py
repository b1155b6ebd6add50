from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.choices import Role
from core.permissions import ALLOW, Decision, deny, is_system


def can_view_landscape(user) -> Decision:
    """Patent navigation (reports over the whole corpus, full-text search) is the office's tool."""
    if is_system(user) or (user.is_authenticated and user.is_office):
        return ALLOW
    return deny(_("Patent navigation reports are for the IP office."))


def can_manage_quality_data(user) -> Decision:
    """Award records and the strategic-industry concordance are entered by an office clerk or leader."""
    if is_system(user):
        return ALLOW
    if user.is_authenticated and user.is_office and user.has_role(Role.CLERK, Role.LEADER):
        return ALLOW
    return deny(_("Only an office clerk or leader enters patent awards and the industry concordance."))
