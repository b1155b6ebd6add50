"""The review of a watch hit as a visible table: from each status, the statuses it may go to
and the office roles that may take that step."""

from __future__ import annotations

from accounts.choices import Role
from similarity.choices import WatchStatus

WATCH_TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    WatchStatus.NEW: {
        WatchStatus.CONFIRMED: frozenset({Role.CLERK, Role.REVIEWER, Role.LEADER}),
        WatchStatus.DISMISSED: frozenset({Role.CLERK, Role.REVIEWER, Role.LEADER}),
    },
    # A decided hit is reopened by a reviewer or the leader, not by the clerk who decided it.
    WatchStatus.CONFIRMED: {WatchStatus.NEW: frozenset({Role.REVIEWER, Role.LEADER})},
    WatchStatus.DISMISSED: {WatchStatus.NEW: frozenset({Role.REVIEWER, Role.LEADER})},
}
