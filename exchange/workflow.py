"""A deal's steps as a visible table: from each status, the statuses it may go to and who may
take that step (the office's staff, the acquiring enterprise's manager, the offering
organisation's people)."""

from __future__ import annotations

from exchange.choices import DealStatus as S

OFFICE = "office"
ACQUIRER = "acquirer"
OFFEROR = "offeror"

TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    # The contract is uploaded with the step that records its signing.
    S.NEGOTIATING: {S.SIGNED: frozenset({OFFICE, ACQUIRER, OFFEROR}), S.CANCELLED: frozenset({OFFICE})},
    # Registration (a transfer, 专利法 art. 10) or recordal (a licence) with CNIPA: the office
    # records the number and date CNIPA gave.
    S.SIGNED: {S.REGISTERED: frozenset({OFFICE}), S.CANCELLED: frozenset({OFFICE})},
    S.REGISTERED: {S.PAID: frozenset({OFFICE, ACQUIRER})},
    S.PAID: {},
    S.CANCELLED: {},
}


def next_steps(status: str) -> dict[str, frozenset[str]]:
    return TRANSITIONS.get(status, {})
