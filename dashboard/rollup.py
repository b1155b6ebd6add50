"""The roll-up: every district's key indicators for a year side by side, ranked, against each
district's targets, with each district's trend over five years — for a city or provincial
bureau (its linked districts) and for a county office (its own district among the other
districts of the same city that this installation serves).

Computed with one grouped query per record type (GROUP BY district), not one dashboard per
district: the same definitions as ``dashboard.figures`` (a patent counts in each of its
owners' districts, once; a mark in its owner's; a loan in its enterprise's; a case in its
complainant's; records that concern no enterprise in the default district), checked against
``build_dashboard`` district by district in the tests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from accounts.models import District
from dashboard.choices import Indicator as I
from dashboard.figures import LOWER_IS_BETTER, MONEY_INDICATORS, _plain, per_10k, valid_invention_patents, year_end
from dashboard.models import DistrictTarget
from financing.choices import LENT_STATUSES
from financing.models import PledgeLoan
from landscape.quality import high_value_ids
from portfolio.choices import PatentType, TrademarkStatus
from portfolio.models import Patent, Trademark
from protection.figures import SHANGHAI
from protection.models import Case
from refdata import divisions
from registry.models import DistrictPopulation

TREND_YEARS = 5
# The roll-up's columns: the strong-county plan's headline indicators that every district's
# records give (the funds ledger and trainings have no district yet, see dashboard.figures).
ROLLUP_INDICATORS: list[str] = [
    I.INVENTION_PER_10K,
    I.VALID_INVENTION_PATENTS,
    I.HIGH_VALUE_PER_10K,
    I.HIGH_VALUE_PATENTS,
    I.PCT_APPLICATIONS,
    I.VALID_TRADEMARKS,
    I.PLEDGE_AMOUNT,
    I.PLEDGE_LOANS,
    I.CASES_CLOSED,
]
# Computed for the selected year only: the high-value definition is checked in Python over every
# patent in force (landscape.quality), once for all districts — five years of it would be five
# passes over the province's patents.
SELECTED_YEAR_ONLY = frozenset({I.HIGH_VALUE_PATENTS, I.HIGH_VALUE_PER_10K})
CACHE_SECONDS = 300
_VERSION_KEY = "rollup:version"


def city_of(code: str) -> str:
    """The GB/T 2260 prefecture-level parent of a county code (370602 → 370600)."""
    division = divisions.lookup(code)
    if division is not None and division.parent:
        return division.parent
    return code[:4] + "00"


def peers_of(district: District) -> list[District]:
    """The districts of the same city that this installation serves, the district included."""
    city = city_of(district.code)
    return [d for d in District.objects.filter(code__startswith=city[:4]) if city_of(d.code) == city]


# ---------------------------------------------------------------- grouped figures


def _add_unattributed(counts: dict[str, int], codes: set[str], n: int) -> None:
    if settings.DISTRICT_CODE in codes and n:
        counts[settings.DISTRICT_CODE] = counts.get(settings.DISTRICT_CODE, 0) + n


def _patents_by_district(patents, codes: set[str]) -> dict[str, int]:
    """How many of ``patents`` each district has (a co-owned patent once per district); those
    with no owner matched yet count in the default district. One join from the patents to
    their owners' districts, grouped (the patents' own filters are evaluated once per patent)."""
    key = "owners__organisation__districts"
    counts = {
        row[key]: row["n"]
        for row in patents.filter(**{f"{key}__in": codes}).values(key).annotate(n=Count("pk", distinct=True))
    }
    if settings.DISTRICT_CODE in codes:
        owned = Patent.owners.through.objects.filter(patent_id=OuterRef("pk"))
        _add_unattributed(counts, codes, patents.filter(~Exists(owned)).count())
    return counts


def _valid_inventions(years: list[int], codes: set[str]) -> dict[int, dict[str, int]]:
    return {y: _patents_by_district(valid_invention_patents(year_end(y)), codes) for y in years}


def _pct(years: list[int], codes: set[str]) -> dict[int, dict[str, int]]:
    return {y: _patents_by_district(Patent.objects.filter(is_pct=True, filing_date__year=y), codes) for y in years}


def _trademarks(years: list[int], codes: set[str]) -> dict[int, dict[str, int]]:
    out = {}
    for y in years:
        end = year_end(y)
        valid = Trademark.objects.filter(
            owner__organisation__districts__in=codes, status=TrademarkStatus.REGISTERED, registration_date__lte=end
        ).filter(Q(expiry_date__isnull=True) | Q(expiry_date__gte=end))
        out[y] = {
            row["owner__organisation__districts"]: row["n"]
            for row in valid.values("owner__organisation__districts").annotate(n=Count("pk"))
        }
    return out


def _loans(years: list[int], codes: set[str]) -> tuple[dict[int, dict[str, Decimal]], dict[int, dict[str, int]]]:
    amount: dict[int, dict[str, Decimal]] = defaultdict(dict)
    loans: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        PledgeLoan.objects.filter(
            enterprise__organisation__districts__in=codes,
            status__in=LENT_STATUSES,
            disbursed_on__year__gte=years[0],
            disbursed_on__year__lte=years[-1],
        )
        .values("enterprise__organisation__districts", "disbursed_on__year")
        .annotate(amount=Sum("disbursed_amount"), n=Count("pk"))
    )
    for row in rows:
        code, year = row["enterprise__organisation__districts"], row["disbursed_on__year"]
        amount[year][code], loans[year][code] = row["amount"], row["n"]
    return amount, loans


def _cases_closed(years: list[int], codes: set[str]) -> dict[int, dict[str, int]]:
    """Cases closed in each year (Asia/Shanghai) of those filed, by the complainant's district."""
    out: dict[int, dict[str, int]] = {}
    for y in years:
        start, end = dt.datetime(y, 1, 1, tzinfo=SHANGHAI), dt.datetime(y + 1, 1, 1, tzinfo=SHANGHAI)
        closed = Case.objects.filter(closed_at__gte=start, closed_at__lt=end, filed_at__isnull=False)
        counts = {
            row["complainant__organisation__districts"]: row["n"]
            for row in closed.filter(complainant__organisation__districts__in=codes)
            .values("complainant__organisation__districts")
            .annotate(n=Count("pk"))
        }
        _add_unattributed(counts, codes, closed.filter(complainant__isnull=True).count())
        out[y] = counts
    return out


def _high_value(year: int, codes: set[str]) -> dict[str, int]:
    """High-value invention patents by the landscape definition, by district: the ids once for
    all districts, then their owners' districts from one query (no long IN list)."""
    ids = set(high_value_ids(year_end(year)))
    if not ids:
        return {}
    on = year_end(year)
    owners = Patent.owners.through.objects.filter(
        patent__patent_type=PatentType.INVENTION,
        patent__grant_date__lte=on,
        enterprise__organisation__districts__in=codes,
    ).values_list("patent_id", "enterprise__organisation__districts")
    pairs = {(patent, code) for patent, code in owners if patent in ids}
    counts: dict[str, int] = defaultdict(int)
    for _patent, code in pairs:
        counts[code] += 1
    if settings.DISTRICT_CODE in codes:
        owned = set(
            Patent.owners.through.objects.filter(
                patent_id__in=Patent.objects.filter(patent_type=PatentType.INVENTION)
            ).values_list("patent_id", flat=True)
        )
        _add_unattributed(counts, codes, len(ids - owned))
    return dict(counts)


def _populations(years: list[int], codes: set[str]) -> dict[int, dict[str, int | None]]:
    """Each district's population of each year: the year's, else the nearest earlier year's."""
    entered: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for code, year, people in (
        DistrictPopulation.objects.filter(district__in=codes, year__lte=years[-1])
        .order_by("year")
        .values_list("district", "year", "population")
    ):
        entered[code].append((year, people))
    out: dict[int, dict[str, int | None]] = {}
    for y in years:
        out[y] = {}
        for code in codes:
            known = [people for year, people in entered[code] if year <= y]
            out[y][code] = known[-1] if known else None
    return out


def figures_by_district(year: int, codes: Iterable[str]) -> dict[str, dict[str, list[Any]]]:
    """{district code: {indicator: [value of each of the five years ending with ``year``]}}."""
    codes = set(codes)
    years = list(range(year - TREND_YEARS + 1, year + 1))
    inventions = _valid_inventions(years, codes)
    pct = _pct(years, codes)
    marks = _trademarks(years, codes)
    amount, loans = _loans(years, codes)
    closed = _cases_closed(years, codes)
    population = _populations(years, codes)
    high_value = _high_value(year, codes)
    out: dict[str, dict[str, list[Any]]] = {}
    for code in codes:
        values: dict[str, list[Any]] = defaultdict(list)
        for y in years:
            people = population[y][code]
            values[I.VALID_INVENTION_PATENTS].append(inventions[y].get(code, 0))
            values[I.INVENTION_PER_10K].append(per_10k(inventions[y].get(code, 0), people))
            values[I.PCT_APPLICATIONS].append(pct[y].get(code, 0))
            values[I.VALID_TRADEMARKS].append(marks[y].get(code, 0))
            values[I.PLEDGE_AMOUNT].append(amount[y].get(code, Decimal("0.00")))
            values[I.PLEDGE_LOANS].append(loans[y].get(code, 0))
            values[I.CASES_CLOSED].append(closed[y].get(code, 0))
            selected = y == year
            values[I.HIGH_VALUE_PATENTS].append(high_value.get(code, 0) if selected else None)
            values[I.HIGH_VALUE_PER_10K].append(per_10k(high_value.get(code, 0), people) if selected else None)
        out[code] = dict(values)
    return out


# ---------------------------------------------------------------- the table


@dataclass
class Cell:
    value: Any
    target: Decimal | None
    rank: int | None
    trend: list[Any]
    is_money: bool

    @property
    def reached(self) -> bool | None:
        if self.target is None or self.value is None:
            return None
        return Decimal(self.value) >= self.target

    @property
    def sparkline(self) -> SafeString:
        return sparkline(self.trend)


@dataclass
class RollupRow:
    district: District
    cells: dict[str, Cell]  # in the roll-up's column order
    sort: str = ROLLUP_INDICATORS[0]

    def cell(self, code: str) -> Cell:
        return self.cells[code]

    @property
    def ordered(self) -> list[tuple[str, Cell]]:
        return list(self.cells.items())

    @property
    def rank(self) -> int | None:
        """The rank on the indicator the table is sorted by."""
        return self.cells[self.sort].rank


@dataclass
class Rollup:
    year: int
    years: list[int]
    indicators: list[tuple[str, str]]  # (code, label)
    rows: list[RollupRow]
    sort: str

    @property
    def count(self) -> int:
        return len(self.rows)


def rank(values: dict[str, Any], lower_is_better: bool = False) -> dict[str, int]:
    """Competition ranking (1, 2, 2, 4): the best figure first; a district without a figure has
    no rank."""
    known = sorted(((v, k) for k, v in values.items() if v is not None), key=lambda item: item[0])
    if not lower_is_better:
        known.reverse()
    ranks: dict[str, int] = {}
    previous, position = None, 0
    for index, (value, code) in enumerate(known, start=1):
        if value != previous:
            position, previous = index, value
        ranks[code] = position
    return ranks


def _version() -> int:
    return cache.get_or_set(_VERSION_KEY, 1, None) or 1


def forget_cached_rollups() -> None:
    """Targets or population changed: every roll-up is computed afresh."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 2, None)


def cached_figures(year: int, codes: Iterable[str]) -> dict[str, dict[str, list[Any]]]:
    """``figures_by_district`` kept for a few minutes per (year, districts, data version)."""
    codes = sorted(set(codes))
    digest = hashlib.sha256(",".join(codes).encode()).hexdigest()[:16]
    key = f"rollup:{_version()}:{year}:{digest}"
    found = cache.get(key)
    if found is None:
        found = figures_by_district(year, codes)
        cache.set(key, found, CACHE_SECONDS)
    return found


def build_rollup(year: int, districts: list[District], sort: str = I.INVENTION_PER_10K) -> Rollup:
    """The roll-up of ``districts`` for ``year``, rows in order of the ``sort`` indicator's rank."""
    labels = dict(I.choices)
    sort = sort if sort in ROLLUP_INDICATORS else ROLLUP_INDICATORS[0]
    by_code = {d.code: d for d in districts}
    figures = cached_figures(year, by_code)
    targets: dict[tuple[str, str], Decimal] = {
        (code, indicator): value
        for code, indicator, value in DistrictTarget.objects.filter(district__in=by_code, year=year).values_list(
            "district", "indicator", "value"
        )
    }
    ranks = {
        indicator: rank({code: figures[code][indicator][-1] for code in by_code}, indicator in LOWER_IS_BETTER)
        for indicator in ROLLUP_INDICATORS
    }
    rows = [
        RollupRow(
            district=district,
            cells={
                indicator: Cell(
                    value=figures[code][indicator][-1],
                    target=_plain(targets.get((code, indicator))),
                    rank=ranks[indicator].get(code),
                    trend=figures[code][indicator],
                    is_money=indicator in MONEY_INDICATORS,
                )
                for indicator in ROLLUP_INDICATORS
            },
            sort=sort,
        )
        for code, district in by_code.items()
    ]
    unranked = len(rows) + 1
    rows.sort(key=lambda row: (row.cells[sort].rank or unranked, row.district.code))
    return Rollup(
        year=year,
        years=list(range(year - TREND_YEARS + 1, year + 1)),
        indicators=[(code, str(labels[code])) for code in ROLLUP_INDICATORS],
        rows=rows,
        sort=sort,
    )


@dataclass
class Standing:
    code: str
    label: str
    rank: int | None
    of: int


def standing_of(district: District, year: int) -> list[Standing]:
    """Where ``district`` stands among its city's districts on each roll-up indicator (empty when
    the installation serves no other district of its city)."""
    peers = peers_of(district)
    if len(peers) < 2:
        return []
    rollup = build_rollup(year, peers)
    own = next(row for row in rollup.rows if row.district.code == district.code)
    return [
        Standing(code, label, own.cells[code].rank, rollup.count)
        for code, label in rollup.indicators
        if code not in SELECTED_YEAR_ONLY or own.cells[code].value is not None
    ]


# ---------------------------------------------------------------- the sparkline

SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 80, 20, 2


def sparkline(values: list[Any]) -> SafeString:
    """A tiny inline SVG line of the values (oldest first), drawn on the server; years without a
    figure are left out. Empty when fewer than two years have a figure."""
    points = [(i, float(v)) for i, v in enumerate(values) if v is not None]
    if len(points) < 2:
        return SafeString("")
    low, high = min(v for _i, v in points), max(v for _i, v in points)
    span = (high - low) or 1.0
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(len(values) - 1, 1)

    def xy(i: int, v: float) -> tuple[str, str]:
        y = SPARK_HEIGHT - SPARK_PAD - (v - low) / span * (SPARK_HEIGHT - 2 * SPARK_PAD)
        return f"{SPARK_PAD + i * step:.1f}", f"{y:.1f}"

    coords = [xy(i, v) for i, v in points]
    last_x, last_y = coords[-1]
    return format_html(
        '<svg class="sparkline" width="{}" height="{}" viewBox="0 0 {} {}" aria-hidden="true">'
        '<polyline fill="none" stroke="currentColor" stroke-width="1.5" points="{}"/>'
        '<circle cx="{}" cy="{}" r="2" fill="currentColor"/></svg>',
        SPARK_WIDTH,
        SPARK_HEIGHT,
        SPARK_WIDTH,
        SPARK_HEIGHT,
        format_html_join(" ", "{},{}", coords),
        last_x,
        last_y,
    )
