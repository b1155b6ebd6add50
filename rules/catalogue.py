"""What each rule governs: its stable key, the domain it belongs to, a label, and the shape of
its value. The values themselves and their sources are rows (``Rule``); this catalogue only
says which keys exist, so a new version can only be added to a rule the code reads."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rules.choices import Domain

# Value shapes: a limit is {"amount": n, "unit": "workdays" | "days" | "hours"}; a number is
# {"amount": n}; a policy is a dict of named fields (see the rule's note).
LIMIT, NUMBER, POLICY = "limit", "number", "policy"


@dataclass(frozen=True)
class Entry:
    key: str
    domain: str
    label: Promise
    shape: str


ENTRIES = [
    Entry("protection.filing_decision", Domain.PROTECTION, _("Decide whether to file a lead"), LIMIT),
    Entry("protection.filing_extension", Domain.PROTECTION, _("Extension of the filing decision"), LIMIT),
    Entry("protection.case_decision", Domain.PROTECTION, _("Decide a filed case"), LIMIT),
    Entry("protection.case_decision_extension", Domain.PROTECTION, _("Extension of the case decision"), LIMIT),
    Entry("protection.transfer_head_decision", Domain.PROTECTION, _("The head decides on a transfer"), LIMIT),
    Entry("protection.transfer_sending", Domain.PROTECTION, _("Send an approved transfer to the police"), LIMIT),
    Entry("protection.police_answer", Domain.PROTECTION, _("The police accept or refuse a transfer"), LIMIT),
    Entry(
        "protection.police_answer_latest",
        Domain.PROTECTION,
        _("The latest day the police decide on an ordinary transferred case"),
        LIMIT,
    ),
    Entry(
        "protection.police_answer_complex",
        Domain.PROTECTION,
        _("The police decide on a major or complex transferred case (approved by a head)"),
        LIMIT,
    ),
    Entry(
        "protection.police_answer_special",
        Domain.PROTECTION,
        _("Further extension of the police's decision in special circumstances"),
        LIMIT,
    ),
    Entry("protection.reconsideration_request", Domain.PROTECTION, _("Ask the police to reconsider"), LIMIT),
    Entry("protection.reconsideration_answer", Domain.PROTECTION, _("The police answer a reconsideration"), LIMIT),
    Entry(
        "protection.seized_items_handover",
        Domain.PROTECTION,
        _("Hand the seized items over after the police's filing notice"),
        LIMIT,
    ),
    Entry("protection.transfer_goal", Domain.PROTECTION, _("District goal: a transfer done in working time"), LIMIT),
    Entry("protection.mediation_answer", Domain.PROTECTION, _("The mediation body accepts or declines"), LIMIT),
    Entry("protection.mediation_term", Domain.PROTECTION, _("Conclude a mediation"), LIMIT),
    Entry(
        "protection.confirmation_window",
        Domain.PROTECTION,
        _("Both parties apply for judicial confirmation after the agreement takes effect"),
        LIMIT,
    ),
    Entry("protection.confirmation_acceptance", Domain.PROTECTION, _("The court accepts a confirmation"), LIMIT),
    Entry("protection.confirmation_decision", Domain.PROTECTION, _("The court decides a confirmation"), LIMIT),
    Entry("protection.confirmation_extension", Domain.PROTECTION, _("Extension of the court's confirmation"), LIMIT),
    Entry("incentives.notice_workdays", Domain.INCENTIVES, _("Public notice of awards"), LIMIT),
    Entry("incentives.patent_subsidy_policy", Domain.INCENTIVES, _("Patent subsidy policy"), POLICY),
    Entry(
        "landscape.high_value_pledge_amount",
        Domain.LANDSCAPE,
        _("High-value invention patent: pledge financing above this amount"),
        NUMBER,
    ),
    Entry("portfolio.annuity_grace", Domain.PORTFOLIO, _("Grace period for a late annuity"), NUMBER),
    Entry("portfolio.annuity_lookahead", Domain.PORTFOLIO, _("Remind of an annuity this many days ahead"), LIMIT),
    Entry("portfolio.trademark_renewal_window", Domain.PORTFOLIO, _("Trademark renewal window before expiry"), NUMBER),
    Entry("portfolio.trademark_renewal_grace", Domain.PORTFOLIO, _("Trademark renewal grace after expiry"), NUMBER),
    Entry(
        "portfolio.trademark_opposition_period",
        Domain.PORTFOLIO,
        _("Opposition to a preliminarily approved trademark, from its publication"),
        LIMIT,
    ),
    Entry(
        "portfolio.trademark_invalidation_relative",
        Domain.PORTFOLIO,
        _("Invalidation of a registered trademark on relative grounds, from its registration"),
        NUMBER,
    ),
    Entry(
        "portfolio.restoration_request",
        Domain.PORTFOLIO,
        _("Request restoration of a lapsed patent after the CNIPA's notice"),
        NUMBER,
    ),
    Entry("portfolio.annuity_invention", Domain.PORTFOLIO, _("Annuity of an invention patent, by patent year"), POLICY),
    Entry(
        "portfolio.annuity_utility_model",
        Domain.PORTFOLIO,
        _("Annuity of a utility model patent, by patent year"),
        POLICY,
    ),
    Entry("portfolio.annuity_design", Domain.PORTFOLIO, _("Annuity of a design patent, years 1 to 10"), POLICY),
    Entry(
        "portfolio.annuity_design_extended",
        Domain.PORTFOLIO,
        _("Annuity of a design patent, years 11 to 15 (15-year term)"),
        POLICY,
    ),
    Entry("portfolio.fee_reduction", Domain.PORTFOLIO, _("Patent fee reduction (annuities)"), POLICY),
    Entry("portfolio.restoration_fee", Domain.PORTFOLIO, _("Fee for a request to restore a lapsed right"), POLICY),
    Entry("portfolio.annuity_late_fee", Domain.PORTFOLIO, _("Late fee on an annuity paid in the grace period"), POLICY),
    Entry(
        "portfolio.office_lapse_alert",
        Domain.PORTFOLIO,
        _("Alert the office this many days before a key right lapses"),
        LIMIT,
    ),
]

BY_KEY = {e.key: e for e in ENTRIES}
