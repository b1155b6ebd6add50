"""Permission predicates answer ``(allowed, reason)`` so a page can say why a button is
missing and a test can assert the reason."""

from __future__ import annotations

from typing import NamedTuple

from django.core.exceptions import PermissionDenied


class Decision(NamedTuple):
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOW = Decision(True, "")


def deny(reason: str) -> Decision:
    return Decision(False, str(reason))


def require(decision: Decision) -> None:
    """The one guard of views, the API and actions: stop what the user may not do with the
    reason the predicate gave, so the 403 page (or the API's answer) says why."""
    if not decision.allowed:
        raise PermissionDenied(decision.reason)


def is_system(actor) -> bool:
    """Management commands act as the system (actor None) or as a superuser."""
    return actor is None or bool(getattr(actor, "is_superuser", False))


def office_only(user, reason: str = "") -> Decision:
    """A page or answer that is the office's alone (the funds ledger, the risk pool, the
    thresholds, the figures); ``reason`` is what the refused person is told."""
    if user.is_authenticated and user.is_office:
        return ALLOW
    return deny(reason)


def can_see_background_jobs(user) -> Decision:
    """The background-jobs page is the office's: it names files and people of every enterprise."""
    from django.utils.translation import gettext as _

    if not user.is_authenticated or not user.is_office:
        return deny(_("Only the IP office sees the background jobs."))
    return ALLOW


def can_start_background_jobs(user) -> Decision:
    """Office staff may start a scheduled job out of turn; the county leadership only reads."""
    from django.utils.translation import gettext as _

    if is_system(user):
        return ALLOW
    if not user.is_authenticated or not user.is_office or user.is_leadership:
        return deny(_("Only office staff start background jobs."))
    return ALLOW
