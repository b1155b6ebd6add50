"""The three workflows of the protection app as visible tables: from each state, the states it
may go to and who takes that step."""

from __future__ import annotations

from accounts.choices import OrganisationKind, Role
from protection.choices import CaseStatus as C
from protection.choices import MediationParty
from protection.choices import MediationStatus as M
from protection.choices import TransferStatus as T

# Who takes a step.
ENFORCEMENT = Role.ENFORCEMENT  # an enforcement officer (once filed: one of the case's officers)
LEADER = Role.LEADER  # the head of the office
POLICE = OrganisationKind.POLICE  # the liaison of the police station the transfer was sent to
BODY = OrganisationKind.MEDIATION  # a member of the mediation body the dispute was sent to
MEDIATOR = MediationParty.MEDIATOR  # the mediator assigned to the mediation
APPLICANT = MediationParty.APPLICANT  # the applying enterprise (or the referring court)

CASE_TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    C.LEAD: {C.FILED: frozenset({ENFORCEMENT}), C.NOT_FILED: frozenset({ENFORCEMENT})},
    C.FILED: {C.INVESTIGATING: frozenset({ENFORCEMENT}), C.CLOSED: frozenset({LEADER})},
    # The head approves the penalty decision, or closes the case without one (no violation
    # found, or the police took it over).
    C.INVESTIGATING: {C.DECIDED: frozenset({LEADER}), C.CLOSED: frozenset({LEADER})},
    C.DECIDED: {C.CLOSED: frozenset({ENFORCEMENT})},
    C.NOT_FILED: {},
    C.CLOSED: {},
}

TRANSFER_TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    T.PROPOSED: {T.APPROVED: frozenset({LEADER}), T.NOT_APPROVED: frozenset({LEADER})},
    T.APPROVED: {T.SENT: frozenset({ENFORCEMENT})},
    T.SENT: {T.ACCEPTED: frozenset({POLICE}), T.REFUSED: frozenset({POLICE})},
    T.REFUSED: {T.RECONSIDERATION: frozenset({LEADER}), T.PROCURATORATE: frozenset({LEADER})},
    T.RECONSIDERATION: {T.ACCEPTED: frozenset({POLICE}), T.REFUSED_FINAL: frozenset({POLICE})},
    T.NOT_APPROVED: {},
    T.ACCEPTED: {},
    T.REFUSED_FINAL: {},
    T.PROCURATORATE: {},
}

MEDIATION_TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    M.APPLIED: {M.ACCEPTED: frozenset({BODY}), M.DECLINED: frozenset({BODY})},
    M.ACCEPTED: {M.IN_SESSION: frozenset({BODY})},
    M.IN_SESSION: {M.AGREED: frozenset({MEDIATOR}), M.FAILED: frozenset({MEDIATOR})},
    M.AGREED: {M.CONFIRMATION: frozenset({MEDIATOR, APPLICANT})},
    M.DECLINED: {},
    M.FAILED: {},
    # The court's ruling on the confirmation, recorded by the mediator or the applicant.
    M.CONFIRMATION: {
        M.CONFIRMED: frozenset({MEDIATOR, APPLICANT}),
        M.CONFIRMATION_REFUSED: frozenset({MEDIATOR, APPLICANT}),
    },
    M.CONFIRMED: {},
    M.CONFIRMATION_REFUSED: {},
}
