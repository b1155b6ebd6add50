"""A key brand's progress as a visible table: from each stage, the stages it may go to and
the office roles that may record that step."""

from __future__ import annotations

from accounts.choices import Role
from cultivation.choices import BrandStage as S

STAFF = frozenset({Role.CLERK, Role.REVIEWER, Role.LEADER})

TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    S.PLANNED: {S.PREPARING: STAFF, S.DROPPED: frozenset({Role.LEADER})},
    S.PREPARING: {S.FILED: STAFF, S.DROPPED: frozenset({Role.LEADER})},
    # Filed: recognised (goal achieved), or sent back to gather more evidence.
    S.FILED: {S.ACHIEVED: STAFF, S.PREPARING: STAFF, S.DROPPED: frozenset({Role.LEADER})},
    S.ACHIEVED: {},
    S.DROPPED: {S.PLANNED: frozenset({Role.LEADER})},
}


def next_steps(stage: str) -> dict[str, frozenset[str]]:
    return TRANSITIONS.get(stage, {})
