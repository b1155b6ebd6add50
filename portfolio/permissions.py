from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.choices import Role
from core.permissions import ALLOW, Decision, deny, is_system
from registry.permissions import can_manage_registry


def can_import(user) -> Decision:
    """The office imports for any enterprise; an enterprise's manager for its own."""
    if is_system(user) or can_manage_registry(user):
        return ALLOW
    if user.is_authenticated and user.kind == "enterprise" and user.has_role(Role.MANAGER):
        return ALLOW
    return deny(_("Only office clerks, reviewers and leaders, or an enterprise's manager, can import."))


def import_scope(user) -> int | None:
    """The organisation whose rights this person may import, or None for any."""
    if is_system(user) or user.is_office:
        return None
    return user.organisation_id


def can_edit_portfolio(user, enterprise) -> Decision:
    """The office edits any portfolio; an enterprise's manager its own."""
    if is_system(user) or can_manage_registry(user):
        return ALLOW
    if user.is_authenticated and user.organisation_id == enterprise.organisation_id and user.has_role(Role.MANAGER):
        return ALLOW
    return deny(_("Only the office or the enterprise's manager can change its portfolio."))


def can_import_official_data(user) -> Decision:
    """Databases' exports and legal-status lists name owners by name and touch every
    enterprise's rights: the office's work."""
    if is_system(user) or can_manage_registry(user):
        return ALLOW
    return deny(_("Only office clerks, reviewers and leaders can import the databases' exports."))


def can_match_owners(user) -> Decision:
    """Matching imported owner names to the registry is the office's work."""
    if is_system(user) or can_manage_registry(user):
        return ALLOW
    return deny(_("Only office clerks, reviewers and leaders can match owner names."))
