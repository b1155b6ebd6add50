"""The roll-up: every district's key indicators for a year side by side, ranked, against each
district's targets, with each district's trend over five years — for a city or provincial
bureau (its linked districts) and for a county office (its own district among the other
districts of the same city that this installation serves).

Read from the districts' snapshots (``dashboard.snapshots``: the dashboard's own definitions,
computed by a background job), so a page reads a few thousand numbers whatever the number of
patents; the page says when they were computed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from accounts.models import District
from dashboard import snapshots
from dashboard.choices import Indicator as I
from dashboard.figures import LOWER_IS_BETTER, MONEY_INDICATORS, _plain
from dashboard.models import DistrictTarget
from dashboard.snapshots import Figures
from refdata import divisions

TREND_YEARS = 5
# The roll-up's columns: the strong-county plan's headline indicators that every district's
# records give.
ROLLUP_INDICATORS: list[str] = [
    I.INVENTION_PER_10K,
    I.VALID_INVENTION_PATENTS,
    I.HIGH_VALUE_PER_10K,
    I.HIGH_VALUE_PATENTS,
    I.PCT_APPLICATIONS,
    I.VALID_TRADEMARKS,
    I.PLEDGE_AMOUNT,
    I.PLEDGE_LOANS,
    I.FUNDS_PAID,
    I.CASES_CLOSED,
]


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


# ---------------------------------------------------------------- figures


def figures_by_district(year: int, codes: Iterable[str]) -> tuple[dict[str, dict[str, list[Any]]], Figures]:
    """{district code: {indicator: [value of each of the five years ending with ``year``]}},
    from the snapshot (``dashboard.snapshots``), and the snapshot's own account (when computed,
    whether stale)."""
    years = list(range(year - TREND_YEARS + 1, year + 1))
    found = snapshots.read(codes, years)
    out = {
        code: {indicator: [per_year[y].get(indicator) for y in years] for indicator in ROLLUP_INDICATORS}
        for code, per_year in found.values.items()
    }
    return out, found


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
    computed_at: dt.datetime | None = None  # None: computed live for this page
    stale: bool = False

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


def build_rollup(year: int, districts: list[District], sort: str = I.INVENTION_PER_10K) -> Rollup:
    """The roll-up of ``districts`` for ``year``, rows in order of the ``sort`` indicator's rank."""
    labels = dict(I.choices)
    sort = sort if sort in ROLLUP_INDICATORS else ROLLUP_INDICATORS[0]
    by_code = {d.code: d for d in districts}
    figures, found = figures_by_district(year, by_code)
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
        computed_at=found.computed_at,
        stale=found.stale,
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
    return [Standing(code, label, own.cells[code].rank, rollup.count) for code, label in rollup.indicators]


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
