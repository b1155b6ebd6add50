from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.choices import Role
from core.permissions import ALLOW, Decision, deny, is_system


def can_manage_people(actor, organisation=None) -> Decision:
    """The office's clerks and leaders add organisations and people; an outside
    organisation's manager adds people to their own organisation. The command line
    (actor None or a superuser) may do anything."""
    if is_system(actor):
        return ALLOW
    if not actor.is_authenticated:
        return deny(_("Log in first."))
    if actor.is_office and actor.has_role(Role.CLERK, Role.LEADER):
        return ALLOW
    if organisation is not None and actor.organisation_id == organisation.pk and actor.has_role(Role.MANAGER):
        return ALLOW
    return deny(_("Only office clerks and leaders, or your organisation's manager, can add people."))


def can_link_districts(actor) -> Decision:
    """The office's clerks and leaders link the banks, courts, police and mediation bodies that
    serve their own district (the actions refuse another district); the system administrator
    links them to any district. The leadership and a bureau only read."""
    if is_system(actor):
        return ALLOW
    if not actor.is_authenticated:
        return deny(_("Log in first."))
    if actor.is_office and not actor.is_leadership and actor.has_role(Role.CLERK, Role.LEADER):
        return ALLOW
    return deny(_("Only office clerks and leaders, or the system administrator, link organisations to districts."))
