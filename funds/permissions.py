from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.choices import Role
from core.permissions import ALLOW, Decision, deny, is_system


def can_manage_funds(user) -> Decision:
    """The office's clerks, reviewers and leaders open fund sources and record budgets (and
    set up the programmes those funds pay)."""
    if is_system(user) or (
        user.is_authenticated and user.is_office and user.has_role(Role.CLERK, Role.REVIEWER, Role.LEADER)
    ):
        return ALLOW
    return deny(_("Only office clerks, reviewers and leaders set up programmes and funds."))
