"""The county dashboard's figures, each computed live from the records that make it: the
portfolio, the pledge loans, the funds ledger, trainings, and — through their own contract
functions, called here and nowhere else — the protection cases and the landscape app's
high-value patents.

A "stock" figure (valid patents, valid marks, GIs) is counted on the last day of the year; a
"flow" figure (PCT filings, loans, payments, trainings, cases) over the calendar year.

Every figure is of ONE district: a patent counts in its owners' districts, a mark in its
owner's, a loan or a deal in its enterprise's (``accounts.districts``), a case or a mediation in
its own district (the office that keeps it), a training or a competition in the district of the
office that held it, money paid in its fund source's district (the funds ledger, the risk pool's
included). A patent with no owner matched yet counts in the default district.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from accounts.districts import is_default, through_enterprise
from accounts.models import District
from cultivation.choices import EventKind
from cultivation.models import Participation, Training
from dashboard.choices import Indicator as I
from dashboard.models import DistrictTarget
from exchange.figures import exchange_figures
from financing.choices import LENT_STATUSES
from financing.models import PledgeLoan
from funds import ledger
from funds.choices import FundLevel
from funds.models import FundSource
from landscape.quality import high_value_summary
from portfolio.choices import PatentType, TrademarkStatus
from portfolio.history import granted_on
from portfolio.models import GeographicalIndication, Patent, Trademark
from protection.choices import RightKind
from protection.figures import protection_figures
from registry.models import DistrictPopulation, Enterprise

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
TREND_YEARS = 3

# The dashboard's sections, in order, with the indicators each shows.
SECTIONS: list[tuple[str, list[str]]] = [
    (
        "creation",
        [
            I.VALID_INVENTION_PATENTS,
            I.INVENTION_PER_10K,
            I.HIGH_VALUE_PATENTS,
            I.HIGH_VALUE_PER_10K,
            I.PCT_APPLICATIONS,
        ],
    ),
    ("brands", [I.VALID_TRADEMARKS, I.WELL_KNOWN_MARKS, I.GEOGRAPHICAL_INDICATIONS]),
    ("financing", [I.PLEDGE_AMOUNT, I.PLEDGE_LOANS, I.PLEDGE_ENTERPRISES]),
    ("funds", [I.FUNDS_PAID, I.FUNDS_PROVINCIAL, I.FUNDS_MUNICIPAL, I.FUNDS_DISTRICT]),
    (
        "protection",
        [
            I.LEADS,
            I.CASES_FILED,
            I.CASES_CLOSED,
            I.CLOSURE_RATE,
            I.TRANSFERS,
            I.TRANSFERS_WITHIN_ONE_WORKDAY,
            I.TRANSFER_MEDIAN_HOURS,
            I.MEDIATIONS,
            I.MEDIATION_SUCCESS_RATE,
        ],
    ),
    ("cultivation", [I.TRAININGS, I.COMPETITIONS, I.PARTICIPANTS]),
    ("exchange", [I.PATENT_TRANSFERS, I.PATENT_LICENCES, I.OPEN_LICENCES_TAKEN, I.LICENSEE_SHARE]),
]
MONEY_INDICATORS = frozenset({I.PLEDGE_AMOUNT, I.FUNDS_PAID, I.FUNDS_PROVINCIAL, I.FUNDS_MUNICIPAL, I.FUNDS_DISTRICT})
# A lower figure is better for these (the target is a ceiling).
LOWER_IS_BETTER = frozenset({I.TRANSFER_MEDIAN_HOURS})
LEVEL_INDICATOR = {
    FundLevel.PROVINCIAL: I.FUNDS_PROVINCIAL,
    FundLevel.MUNICIPAL: I.FUNDS_MUNICIPAL,
    FundLevel.DISTRICT: I.FUNDS_DISTRICT,
}


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def per_10k(count: int, population: int | None) -> Decimal | None:
    """Count per 10,000 people, to the hundredth; None when no population is entered."""
    if not population:
        return None
    return (Decimal(count) * 10000 / Decimal(population)).quantize(CENT, rounding=ROUND_HALF_UP)


def patents_of(district: District) -> QuerySet[Patent]:
    """The patents one of whose owners belongs to ``district`` (a co-owned patent counts in each
    owner's district, once); a patent with no owner matched yet counts in the default district."""
    owners = Patent.owners.through.objects.filter(patent_id=OuterRef("pk"))
    ours = Q(Exists(owners.filter(enterprise__organisation__districts=district)))
    if is_default(district):
        ours |= Q(~Exists(owners))
    return Patent.objects.filter(ours)


def valid_invention_patents(on: dt.date, district: District | None = None) -> QuerySet[Patent]:
    """Invention patents granted by ``on`` and in force on that day (not lapsed, expired or
    invalidated then): a past year's figure takes each patent's status on the year's last day
    from its legal-status history, not its status today (``portfolio.history``)."""
    patents = patents_of(district) if district is not None else Patent.objects.all()
    return granted_on(patents.filter(patent_type=PatentType.INVENTION), on)


def _patents(year: int, population: int | None, district: District) -> dict[str, Any]:
    inventions = valid_invention_patents(year_end(year), district).count()
    return {
        I.VALID_INVENTION_PATENTS: inventions,
        I.INVENTION_PER_10K: per_10k(inventions, population),
        I.PCT_APPLICATIONS: patents_of(district).filter(is_pct=True, filing_date__year=year).count(),
    }


def _marks(year: int, district: District) -> dict[str, Any]:
    end = year_end(year)
    marks = Trademark.objects.filter(owner__organisation__districts=district)
    registered = marks.filter(status=TrademarkStatus.REGISTERED, registration_date__lte=end)
    return {
        I.VALID_TRADEMARKS: registered.filter(Q(expiry_date__isnull=True) | Q(expiry_date__gte=end)).count(),
        # A well-known mark without a recognition date counts from its registration.
        I.WELL_KNOWN_MARKS: marks.filter(is_well_known=True)
        .exclude(status__in=[TrademarkStatus.CANCELLED, TrademarkStatus.INVALIDATED])
        .annotate(since=Coalesce("well_known_since", "registration_date"))
        .filter(since__lte=end)
        .count(),
        # A GI without a registration date is counted in every year.
        I.GEOGRAPHICAL_INDICATIONS: GeographicalIndication.objects.filter(through_enterprise("holder", district))
        .filter(Q(registered_on__isnull=True) | Q(registered_on__lte=end))
        .count(),
    }


def _landscape(year: int, district: District) -> dict[str, Any]:
    """High-value invention patents by the landscape app's official definition (its contract)."""
    summary = high_value_summary(year_end(year), patents_of(district), district)
    return {I.HIGH_VALUE_PATENTS: summary["total"], I.HIGH_VALUE_PER_10K: summary["per_10k"]}


def percent(ratio: Decimal | None) -> Decimal | None:
    """A ratio (0–1) as a percentage to the hundredth."""
    return None if ratio is None else (ratio * 100).quantize(CENT, rounding=ROUND_HALF_UP)


def _protection(year: int, district: District) -> dict[str, Any]:
    """Enforcement, transfers and mediation from the protection app's contract; the cases by
    right infringed ride along under ``cases_by_right`` (a breakdown, not an indicator)."""
    found = protection_figures(year, district)
    return {
        I.LEADS: found["leads"],
        I.CASES_FILED: found["cases_filed"],
        I.CASES_CLOSED: found["cases_closed"],
        I.CLOSURE_RATE: percent(found["closure_rate"]),  # type: ignore[arg-type]  # the protection contract gives a Decimal or None
        I.TRANSFERS: found["transfers"],
        I.TRANSFERS_WITHIN_ONE_WORKDAY: found["transfers_within_one_workday"],
        I.TRANSFER_MEDIAN_HOURS: found["transfer_median_hours"],
        I.MEDIATIONS: found["mediations"],
        I.MEDIATION_SUCCESS_RATE: percent(found["mediation_success_rate"]),  # type: ignore[arg-type]  # the protection contract gives a Decimal or None
        "cases_by_right": found["cases_by_right"],
    }


def _financing(year: int, district: District) -> dict[str, Any]:
    lent = PledgeLoan.objects.filter(
        enterprise__organisation__districts=district, status__in=LENT_STATUSES, disbursed_on__year=year
    ).aggregate(amount=Sum("disbursed_amount"), loans=Count("pk"), firms=Count("enterprise", distinct=True))
    return {
        I.PLEDGE_AMOUNT: lent["amount"] or ZERO,
        I.PLEDGE_LOANS: lent["loans"],
        I.PLEDGE_ENTERPRISES: lent["firms"],
    }


@dataclass
class FundRow:
    source: str
    level: str
    level_label: str
    year: int
    budget: Decimal
    paid: Decimal
    committed: Decimal


def fund_rows(years: list[int], district: District) -> list[FundRow]:
    """Budget, committed and paid per fund source of ``district`` and year, from the funds
    ledger (one query for all the years)."""
    by_year: dict[int, list[ledger.FundPosition]] = defaultdict(list)
    for p in ledger.positions(sources=FundSource.objects.filter(district=district)):
        by_year[p.year].append(p)
    return [
        FundRow(p.source.name, p.source.level, p.source.get_level_display(), year, p.budget, p.paid, p.committed)
        for year in years
        for p in by_year[year]
    ]


def _funds(rows: list[FundRow], year: int) -> dict[str, Any]:
    paid: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        if row.year == year:
            paid[row.level] += row.paid
    out: dict[str, Any] = {I.FUNDS_PAID: sum(paid.values(), ZERO)}
    for level, code in LEVEL_INDICATOR.items():
        out[code] = paid[level]
    return out


def _cultivation(year: int, district: District) -> dict[str, Any]:
    """Trainings and competitions held in the year by the district's own office."""
    events = Training.objects.filter(held_on__year=year, district=district).aggregate(
        trainings=Count("pk", filter=Q(kind=EventKind.TRAINING)),
        competitions=Count("pk", filter=Q(kind=EventKind.COMPETITION)),
    )
    return {
        I.TRAININGS: events["trainings"],
        I.COMPETITIONS: events["competitions"],
        I.PARTICIPANTS: Participation.objects.filter(training__held_on__year=year, training__district=district).count(),
    }


def _exchange(year: int, district: District) -> dict[str, Any]:
    """Transfers and licences from the exchange app's contract."""
    found = exchange_figures(year, district)
    return {
        I.PATENT_TRANSFERS: found["transfers"],
        I.PATENT_LICENCES: found["licences"],
        I.OPEN_LICENCES_TAKEN: found["open_licences_taken"],
        I.LICENSEE_SHARE: found["licensee_share"],
    }


def other_figures(year: int, district: District, funds: list[FundRow] | None = None) -> dict[str, Any]:
    """Every indicator of one district for one year but the patent ones (which the snapshot
    groups over all districts at once): marks, loans, funds, protection, cultivation, exchange."""
    funds = fund_rows([year], district) if funds is None else funds
    values: dict[str, Any] = {}
    values.update(_marks(year, district))
    values.update(_financing(year, district))
    values.update(_funds(funds, year))
    values.update(_protection(year, district))
    values.update(_cultivation(year, district))
    values.update(_exchange(year, district))
    return values


def year_figures(year: int, district: District | None = None, funds: list[FundRow] | None = None) -> dict[str, Any]:
    """Every indicator of one district (the default one if None) for one year."""
    district = district or District.default()
    population = DistrictPopulation.of_year(year, district)
    values: dict[str, Any] = {}
    values.update(_patents(year, population, district))
    values.update(_landscape(year, district))
    values.update(other_figures(year, district, funds))
    return values


@dataclass
class IndicatorRow:
    code: str
    label: str
    values: list[Any]  # one per trend year, oldest first
    target: Decimal | None
    is_money: bool

    @property
    def actual(self) -> Any:
        return self.values[-1]

    @property
    def reached(self) -> bool | None:
        """Whether the selected year's figure meets its target (None without a target or figure)."""
        if self.target is None or self.actual is None:
            return None
        if self.code in LOWER_IS_BETTER:
            return Decimal(self.actual) <= self.target
        return Decimal(self.actual) >= self.target


def _plain(value: Decimal | None) -> Decimal | None:
    """A whole-number target without its ".00" (a count), money and rates as entered."""
    if value is not None and value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value


@dataclass
class Dashboard:
    district: District
    year: int
    years: list[int]
    population: int | None
    sections: list[tuple[str, list[IndicatorRow]]]
    funds: list[FundRow]
    funds_by_level: list[tuple[str, Decimal, Decimal]]
    extra: dict[str, Any] = field(default_factory=dict)

    def row(self, code: str) -> IndicatorRow:
        for _name, rows in self.sections:
            for row in rows:
                if row.code == code:
                    return row
        raise KeyError(code)


def trend_years(year: int) -> list[int]:
    return list(range(year - TREND_YEARS + 1, year + 1))


def build_dashboard(
    year: int,
    district: District | None = None,
    per_year: dict[int, dict[str, Any]] | None = None,
    top: list[tuple[str, int]] | None = None,
) -> Dashboard:
    """One district's dashboard (the default district's if None) for ``year``: each indicator
    over the three years ending with it, against the targets the office set for ``year``.
    ``per_year`` (each trend year's figures) and ``top`` (the enterprises with the most
    high-value patents) come from the snapshot (``dashboard.snapshots``); computed live if None."""
    district = district or District.default()
    years = trend_years(year)
    funds = fund_rows(years, district)
    if per_year is None:
        per_year = {y: year_figures(y, district, funds) for y in years}
    targets = dict(DistrictTarget.objects.filter(district=district, year=year).values_list("indicator", "value"))
    labels = dict(I.choices)
    sections = [
        (
            name,
            [
                IndicatorRow(
                    code=code,
                    label=str(labels[code]),
                    values=[per_year[y].get(code) for y in years],
                    target=_plain(targets.get(code)),
                    is_money=code in MONEY_INDICATORS,
                )
                for code in codes
            ],
        )
        for name, codes in SECTIONS
    ]
    by_level: dict[str, tuple[str, Decimal, Decimal]] = {}
    for row in funds:
        label, budget, paid = by_level.get(row.level, (row.level_label, ZERO, ZERO))
        by_level[row.level] = (label, budget + row.budget, paid + row.paid)
    order = [FundLevel.PROVINCIAL, FundLevel.MUNICIPAL, FundLevel.DISTRICT, FundLevel.OTHER]
    if top is None:
        top = high_value_top(year, district)
    by_right = per_year[year]["cases_by_right"]
    return Dashboard(
        extra={
            "high_value_by_enterprise": top,
            "cases_by_right": [(str(kind.label), by_right.get(kind.value, 0)) for kind in RightKind],
        },
        district=district,
        year=year,
        years=years,
        population=DistrictPopulation.of_year(year, district),
        sections=sections,
        funds=funds,
        funds_by_level=[by_level[level] for level in order if level in by_level],
    )


def high_value_top(year: int, district: District) -> list[tuple[str, int]]:
    """The district's ten enterprises with the most high-value invention patents (a co-owner
    from another district is not this district's enterprise)."""
    ranked = high_value_summary(year_end(year), patents_of(district), district)["by_enterprise"]
    ours = set(
        Enterprise.objects.filter(pk__in=[e.pk for e, _n in ranked], organisation__districts=district).values_list(
            "pk", flat=True
        )
    )
    return [(enterprise.name, n) for enterprise, n in ranked if enterprise.pk in ours][:10]
