"""Whether an award item keeps to the national policy on patent subsidies in force on the
programme's dates (国知发保字〔2021〕1号, read from the rule store as
``incentives.patent_subsidy_policy``).

The notice bars subsidising patent applications (from July 2021), limits subsidies to granted
invention patents paid after grant, at most 50 % of the official fees paid for the patent, never
annuities or agency fees, and ends grant-stage subsidies by 2025. An item is checked on the
first and the last day enterprises may apply: both days' policy must allow it."""

from __future__ import annotations

from django.utils.translation import gettext as _

import rules
from incentives.choices import RuleKind
from rules.store import RuleMissing

POLICY = "incentives.patent_subsidy_policy"
# What each kind of award item pays for, as the notice sees it; items not about patent filings
# or grants (well-known marks, geographical indications, loan interest) are outside it.
APPLICATION_STAGE = {RuleKind.PCT_FILED}
GRANT_STAGE = {RuleKind.INVENTION_GRANTED}


def policy_refusals(programme, rule: str) -> list[str]:
    """The reasons an award item of kind ``rule`` in ``programme`` breaks the policy in force on
    the programme's dates; empty when it keeps to it."""
    broken: dict[str, str] = {}  # what is barred -> the first day it is barred
    for day in (programme.opens_on, programme.closes_on):
        try:
            policy = rules.value(POLICY, on=day)
        except RuleMissing:
            continue
        if rule in APPLICATION_STAGE and not policy.get("application_subsidy", True):
            broken.setdefault("application", day.isoformat())
        if rule in GRANT_STAGE and not policy.get("grant_subsidy", True):
            broken.setdefault("grant", day.isoformat())
    reasons = []
    if "application" in broken:
        reasons.append(
            _(
                "No subsidy, award or allowance may be paid for filing a patent application "
                "(国知发保字〔2021〕1号; the programme runs on %(day)s)."
            )
            % {"day": broken["application"]}
        )
    if "grant" in broken:
        reasons.append(
            _("Subsidies for patent grants ended by 2025 (国知发保字〔2021〕1号); the programme runs on %(day)s.")
            % {"day": broken["grant"]}
        )
    return reasons


def grant_share_limit(programme) -> int | None:
    """The highest share of the official fees a grant-stage subsidy may reach on the programme's
    first day (50 % under the 2021 notice), or None when no policy is in force."""
    try:
        return int(rules.value(POLICY, on=programme.opens_on)["grant_max_share_of_official_fees"])
    except (RuleMissing, KeyError):
        return None
