from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.choices import Role
from core.permissions import ALLOW, Decision, deny, is_system
from cultivation.workflow import next_steps

CULTIVATION_STAFF = (Role.CLERK, Role.REVIEWER, Role.LEADER)


def can_manage_cultivation(user) -> Decision:
    """Trainings, competitions and the key-brand list are kept by the office's clerks,
    reviewers and leader."""
    if is_system(user):
        return ALLOW
    if not user.is_authenticated or not user.is_office:
        return deny(_("Only the IP office keeps trainings and the key-brand list."))
    if not user.has_role(*CULTIVATION_STAFF):
        return deny(_("Your role does not keep trainings or key brands; ask a clerk."))
    return ALLOW


def can_move_brand(user, brand, target: str) -> Decision:
    """Whether ``user`` may move ``brand`` to ``target`` by the transition table."""
    steps = next_steps(brand.stage)
    if target not in steps:
        return deny(_("A key brand cannot go from this stage to that one."))
    if is_system(user):
        return ALLOW
    if not (user.is_authenticated and user.is_office and user.role in steps[target]):
        return deny(_("Your role cannot record this step."))
    return ALLOW
