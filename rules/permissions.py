"""Who may read and change the rules."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.choices import Role
from core.permissions import ALLOW, Decision, deny, is_system


def can_see_rules(user) -> Decision:
    if is_system(user) or (user.is_authenticated and user.is_office):
        return ALLOW
    return deny(_("The rules page is the office's."))


def can_change_rules(user) -> Decision:
    if is_system(user) or (user.is_authenticated and user.is_office and user.has_role(Role.LEADER)):
        return ALLOW
    return deny(_("A rule is changed by the head of the office."))
