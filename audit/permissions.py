"""Who may read the audit trail."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from core.permissions import ALLOW, Decision, deny


def can_read_audit_trail(user: Any) -> Decision:
    """The whole trail names people and files of every organisation: the office's only."""
    if not user.is_authenticated or not user.is_office:
        return deny(_("Only the IP office reads the audit trail."))
    return ALLOW
