"""The award application workflow as a visible table: from each state, the states it may go
to and the office roles that may take that step."""

from __future__ import annotations

from accounts.choices import Role
from incentives.choices import ApplicationStatus as S

TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    S.SUBMITTED: {
        S.CLERK_CHECKED: frozenset({Role.CLERK}),
        S.REJECTED: frozenset({Role.CLERK, Role.REVIEWER, Role.LEADER}),
    },
    S.CLERK_CHECKED: {
        S.REVIEWER_CHECKED: frozenset({Role.REVIEWER}),
        S.REJECTED: frozenset({Role.REVIEWER, Role.LEADER}),
    },
    S.REVIEWER_CHECKED: {
        S.PUBLIC_NOTICE: frozenset({Role.CLERK, Role.REVIEWER}),
        S.REJECTED: frozenset({Role.REVIEWER, Role.LEADER}),
    },
    S.PUBLIC_NOTICE: {
        S.APPROVED: frozenset({Role.LEADER}),
        S.REJECTED: frozenset({Role.LEADER}),
    },
    # An approved application becomes paid through payments, not by hand.
    S.APPROVED: {},
    S.PAID: {},
    S.REJECTED: {},
}


def next_steps(status: str) -> dict[str, frozenset[str]]:
    return TRANSITIONS.get(status, {})
