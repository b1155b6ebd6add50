"""The pledge-loan workflow as a visible table: from each state, the states it may go to and
who takes that step — the loan's bank, or the applying enterprise."""

from __future__ import annotations

from accounts.choices import OrganisationKind
from financing.choices import LoanStatus as S

# Who takes a step: the bank the application was sent to, or the applying enterprise.
BANK = OrganisationKind.BANK
ENTERPRISE = OrganisationKind.ENTERPRISE

TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    S.RECEIVED: {
        S.UNDER_REVIEW: frozenset({BANK}),
        S.DECLINED: frozenset({BANK}),
        S.WITHDRAWN: frozenset({ENTERPRISE}),
    },
    S.UNDER_REVIEW: {
        S.APPROVED: frozenset({BANK}),
        S.DECLINED: frozenset({BANK}),
        S.WITHDRAWN: frozenset({ENTERPRISE}),
    },
    # Approval takes the pledged assets; declining after approval gives them back.
    S.APPROVED: {
        S.PLEDGE_REGISTERED: frozenset({BANK}),
        S.DECLINED: frozenset({BANK}),
    },
    S.PLEDGE_REGISTERED: {S.DISBURSED: frozenset({BANK})},
    # Repayments are recorded while disbursed; closing needs the principal repaid in full.
    S.DISBURSED: {
        S.CLOSED: frozenset({BANK}),
        S.DEFAULTED: frozenset({BANK}),
    },
    # A default is compensated from the pool by the office, not by a step.
    S.DEFAULTED: {},
    S.CLOSED: {},
    S.DECLINED: {},
    S.WITHDRAWN: {},
}


def next_steps(status: str) -> dict[str, frozenset[str]]:
    return TRANSITIONS.get(status, {})
