"""Patent annuity amounts: the CNIPA's annuity for a patent year, less the fee reduction the
owners were granted, and the late fee on an annuity paid in its grace period.

Every figure is a dated rule (page 规则与依据, docs/rules.md "Patent fees"): the schedule by
patent type (``portfolio.annuity_invention`` / ``_utility_model`` / ``_design``, and
``portfolio.annuity_design_extended`` for designs' years 11-15), the reduction
(``portfolio.fee_reduction``: the rate by how many qualifying owners, the years from grant it
covers) and the late fee (``portfolio.annuity_late_fee``). The rule asked is the one in force on
the day the annuity is paid (``on``; its due date for a reminder). Money is Decimal yuan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import rules
from portfolio.choices import FeeReductionShare, PatentType
from portfolio.models import add_months, patent_term_years
from rules.store import RuleMissing, version_id

CENT = Decimal("0.01")
HUNDRED = Decimal(100)

SCHEDULE_KEYS = {
    PatentType.INVENTION: "portfolio.annuity_invention",
    PatentType.UTILITY_MODEL: "portfolio.annuity_utility_model",
    PatentType.DESIGN: "portfolio.annuity_design",
}
DESIGN_EXTENDED = "portfolio.annuity_design_extended"
REDUCTION = "portfolio.fee_reduction"
LATE_FEE = "portfolio.annuity_late_fee"
RESTORATION_FEE = "portfolio.restoration_fee"


class FeeUnknown(LookupError):
    """No amount can be stated: no version of the schedule is in force on the day, or the year is
    outside the patent's term."""


@dataclass(frozen=True)
class AnnuityAmount:
    year: int
    full: Decimal  # the schedule's annuity for the year
    payable: Decimal  # after the fee reduction (the full amount without one)
    reduction_percent: Decimal  # 0 when no reduction applies to this year
    keys: tuple[str, ...]  # the rules it was computed from (their sources are on the rules page)

    @property
    def reduced(self) -> bool:
        return self.payable != self.full


# A version the head of the office adds on the rules page is free JSON: one of the wrong
# shape states no amount rather than failing the page.
MALFORMED = (KeyError, TypeError, ValueError, IndexError, ArithmeticError)


def _band_amount(key: str, year: int, on: dt.date) -> Decimal | None:
    try:
        bands = rules.value(key, on=on)["bands"]
        for first, last, yuan in bands:
            if int(first) <= year <= int(last):
                return Decimal(str(yuan))
    except RuleMissing:
        raise FeeUnknown(key) from None
    except MALFORMED:
        raise FeeUnknown(f"{key}: malformed value") from None
    return None


def full_annuity(patent_type: str, year: int, on: dt.date, filing_date: dt.date) -> tuple[Decimal, str]:
    """The schedule's annuity for patent year ``year`` (counted from filing, the first being 1)
    and the rule it comes from. A design's years 11-15 exist only for a design filed from
    2021-06-01 (15-year term); a year outside the term has no annuity."""
    term = patent_term_years(patent_type, filing_date)
    if not 1 <= year <= term:
        raise FeeUnknown(f"year {year} outside the term of {term} years")
    key = SCHEDULE_KEYS[PatentType(patent_type)]
    if patent_type == PatentType.DESIGN and year > 10:
        key = DESIGN_EXTENDED
    amount = _band_amount(key, year, on)
    if amount is None:
        raise FeeUnknown(f"{key} has no band for year {year}")
    return amount, key


def reduction_percent(share: str | None, year: int, grant_year: int, on: dt.date) -> Decimal:
    """The reduction on the annuity of ``year`` for owners approved as ``share`` (None: no
    reduction): the rule's rate when the year is among the first N from the grant year
    (自授予专利权当年起N年内: the grant year and the N-1 after it), else 0."""
    if not share or grant_year < 1:
        return Decimal(0)
    try:
        rule = rules.value(REDUCTION, on=on)
    except RuleMissing:
        return Decimal(0)
    field = "single_percent" if share == FeeReductionShare.SINGLE else "joint_percent"
    try:
        if not grant_year <= year < grant_year + int(rule["annuity_years_from_grant"]):
            return Decimal(0)
        percent = Decimal(str(rule[field]))
    except MALFORMED:
        raise FeeUnknown(f"{REDUCTION}: malformed value") from None
    if not 0 <= percent <= HUNDRED:
        raise FeeUnknown(f"{REDUCTION}: percentage out of range")
    return percent


def annuity_amount(
    patent_type: str,
    filing_date: dt.date,
    year: int,
    on: dt.date,
    *,
    grant_year: int = 0,
    reduction: str | None = None,
) -> AnnuityAmount:
    """The annuity of ``year`` paid on ``on``: the full amount and what is payable after the
    reduction ``reduction`` (a ``FeeReductionShare`` value, or None)."""
    full, key = full_annuity(patent_type, year, on, filing_date)
    percent = reduction_percent(reduction, year, grant_year, on)
    payable = (full * (HUNDRED - percent) / HUNDRED).quantize(CENT)
    keys = (key, REDUCTION) if percent else (key,)
    return AnnuityAmount(year, full.quantize(CENT), payable, percent, keys)


def annuity_due(patent, year_of_term: int, on: dt.date, reduction: str | None = None) -> Decimal:
    """The amount payable for ``patent``'s annuity of ``year_of_term`` on ``on``, after the
    reduction ``reduction`` (default: the patent's approved reduction, if any)."""
    if reduction is None:
        approved = getattr(patent, "fee_reduction", None)
        reduction = approved.share if approved is not None else None
    return annuity_amount(
        patent.patent_type, patent.filing_date, year_of_term, on, grant_year=patent.grant_year or 0,
        reduction=reduction,
    ).payable  # fmt: skip


def months_late(due: dt.date, paid_on: dt.date) -> int:
    """How many started months after ``due`` the payment falls in: 0 when on time, 1 within the
    first month after it (the corresponding day of the next month included), … 6 in the sixth."""
    if paid_on <= due:
        return 0
    month = 1
    while paid_on > add_months(due, month):
        month += 1
    return month


def late_fee(full: Decimal, due: dt.date, paid_on: dt.date) -> Decimal:
    """The late fee on an annuity of ``full`` yuan due on ``due`` and paid on ``paid_on``: the
    rule's percentage of the full annuity (not the reduced one) for the month it falls in (none
    in the first month; 5 % per further month). A payment after the last month of the grace
    has no late fee: the patent has lapsed (FeeUnknown)."""
    month = months_late(due, paid_on)
    if month == 0:
        return Decimal("0.00")
    percents = _late_percents(paid_on)
    if month > len(percents):
        raise FeeUnknown("past the grace period")
    return (full * percents[month - 1] / HUNDRED).quantize(CENT)


def _late_percents(on: dt.date) -> list[Decimal]:
    try:
        percents = [Decimal(str(p)) for p in rules.value(LATE_FEE, on=on)["percent_by_month_late"]]
    except RuleMissing:
        raise FeeUnknown(LATE_FEE) from None
    except MALFORMED:
        raise FeeUnknown(f"{LATE_FEE}: malformed value") from None
    if not percents:
        raise FeeUnknown(f"{LATE_FEE}: no months")
    return percents


def restoration_fee(on: dt.date) -> Decimal:
    """The fee for a request to restore a lapsed right (恢复权利请求费; never reduced)."""
    try:
        return Decimal(str(rules.value(RESTORATION_FEE, on=on)["yuan"])).quantize(CENT)
    except RuleMissing:
        raise FeeUnknown(RESTORATION_FEE) from None
    except MALFORMED:
        raise FeeUnknown(f"{RESTORATION_FEE}: malformed value") from None


def highest_late_fee(full: Decimal, on: dt.date) -> Decimal:
    """The late fee in the grace's last month (25 % of the full annuity under the rule)."""
    return (full * _late_percents(on)[-1] / HUNDRED).quantize(CENT)


ALL_KEYS = (*SCHEDULE_KEYS.values(), DESIGN_EXTENDED, REDUCTION, LATE_FEE, RESTORATION_FEE)


def yuan(amount: Decimal) -> str:
    """¥900 for a whole amount, ¥67.50 otherwise."""
    return f"¥{amount:.0f}" if amount == amount.to_integral_value() else f"¥{amount:.2f}"


def fee_phrase(fee: AnnuityAmount | None) -> str:
    """ "年费 ¥900（费减后 ¥135）", or "" when the amount is not known."""
    from django.utils.translation import gettext as _

    if fee is None:
        return ""
    if fee.reduced:
        return _("Annuity %(full)s (after fee reduction %(payable)s)") % {
            "full": yuan(fee.full),
            "payable": yuan(fee.payable),
        }
    return _("Annuity %(full)s") % {"full": yuan(fee.full)}


def next_annuity(patent, reduction: str | None = None) -> AnnuityAmount | None:
    """The amount of ``patent``'s next annuity after the reduction ``reduction``, by the rules
    in force on its due date (None when nothing is due or no schedule is in force that day)."""
    due = patent.next_annuity_due()
    if due is None:
        return None
    year = max(patent.annuity_paid_year, patent.grant_year or 0) + 1
    try:
        return annuity_amount(
            patent.patent_type, patent.filing_date, year, due, grant_year=patent.grant_year or 0, reduction=reduction
        )
    except FeeUnknown:
        return None


def citations(on: dt.date) -> dict[str, str]:
    """Each fee rule's citation as in force on ``on`` (one query), "not verified" added where
    its source text was not verified: the text a page shows on hover beside an amount."""
    from django.utils.translation import gettext as _

    from rules.models import Rule

    ids = []
    for key in ALL_KEYS:
        try:
            ids.append(version_id(key, on))
        except RuleMissing:
            continue
    out = {}
    for rule in Rule.objects.filter(pk__in=ids):
        out[rule.key] = rule.citation if rule.verified else f"{rule.citation} ({_('source not verified')})"
    return out
