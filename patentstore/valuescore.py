"""The platform's value score for a pledged patent or trademark: a transparent reference
beside the valuation agency's figure, never a replacement for it.

Pure Python (no Django): the same facts always give the same score, and every indicator is
returned with its value, its points and its maximum so a page can show how the score came
about. The formula is documented in docs/value-score.md; tests check the two agree.

Each indicator earns points up to its maximum; an indicator whose input is not known (claims
or citations not recorded) is left out of both the points and the maximum, so the score is

    score = 100 × (sum of points) / (sum of the maxima of the known indicators)

rounded half-up to one decimal. Years are days / 365.25. Points are rounded half-up to the fen
(0.01) before they are summed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

YEAR_DAYS = Decimal("365.25")
CENT = Decimal("0.01")
TENTH = Decimal("0.1")

# Each indicator: (code, group, maximum points).
MAXIMA = {
    "status": Decimal(15),
    "remaining_term": Decimal(15),
    "claims": Decimal(10),
    "ipc_breadth": Decimal(15),
    "family": Decimal(15),
    "use_age": Decimal(15),
    "citations": Decimal(15),
    "goods_breadth": Decimal(10),
    "class_breadth": Decimal(15),
    "recognition": Decimal(15),
}
# Where each indicator stops earning more: 10 years' term left, 10 claims, 3 IPC subclasses,
# 5 years in use, 10 citations, 10 similar-goods groups, 3 Nice classes.
FULL_TERM_YEARS = Decimal(10)
FULL_CLAIMS = Decimal(10)
FULL_IPC_SUBCLASSES = Decimal(3)
FULL_USE_YEARS = Decimal(5)
FULL_CITATIONS = Decimal(10)
FULL_GOODS_GROUPS = Decimal(10)
FULL_NICE_CLASSES = Decimal(3)
PCT_POINTS = Decimal(10)
FOREIGN_FAMILY_POINTS = Decimal(5)
IN_FORCE_POINTS = Decimal(15)
PENDING_POINTS = Decimal(5)


@dataclass(frozen=True)
class Indicator:
    code: str
    group: str  # legal, technical, economic
    value: str  # the input as shown on the page
    points: Decimal | None  # None: not known, left out
    maximum: Decimal


@dataclass(frozen=True)
class Score:
    score: Decimal
    indicators: tuple[Indicator, ...]

    def as_json(self) -> list[dict[str, Any]]:
        return [
            {**asdict(i), "points": None if i.points is None else str(i.points), "maximum": str(i.maximum)}
            for i in self.indicators
        ]


def _years(start: dt.date | None, end: dt.date | None) -> Decimal:
    if start is None or end is None or end <= start:
        return Decimal(0)
    return Decimal((end - start).days) / YEAR_DAYS


def _share(value: Decimal, full: Decimal, maximum: Decimal) -> Decimal:
    """maximum × min(value / full, 1), to the fen."""
    return (maximum * min(value / full, Decimal(1))).quantize(CENT, rounding=ROUND_HALF_UP)


def _total(indicators: list[Indicator]) -> Score:
    known = [i for i in indicators if i.points is not None]
    maximum = sum((i.maximum for i in known), Decimal(0))
    points = sum((i.points for i in known if i.points is not None), Decimal(0))
    score = (Decimal(100) * points / maximum).quantize(TENTH, rounding=ROUND_HALF_UP) if maximum else Decimal(0)
    return Score(score, tuple(indicators))


def _ipc_subclasses(codes: list[str]) -> int:
    """Distinct IPC subclasses (the first four characters, e.g. F16H) among the codes."""
    return len({c.replace(" ", "")[:4].upper() for c in codes if len(c.replace(" ", "")) >= 4})


@dataclass(frozen=True)
class PatentFacts:
    status: str  # pending, granted, lapsed, …
    expiry_date: dt.date | None
    grant_date: dt.date | None
    claims_count: int | None
    ipc_codes: tuple[str, ...]
    is_pct: bool
    has_foreign_family: bool
    citations: int | None


def score_patent(facts: PatentFacts, as_of: dt.date) -> Score:
    status_points = {"granted": IN_FORCE_POINTS, "pending": PENDING_POINTS}.get(facts.status, Decimal(0))
    remaining = _years(as_of, facts.expiry_date)
    in_use = _years(facts.grant_date, as_of)
    subclasses = _ipc_subclasses(list(facts.ipc_codes))
    family = (PCT_POINTS if facts.is_pct else Decimal(0)) + (
        FOREIGN_FAMILY_POINTS if facts.has_foreign_family else Decimal(0)
    )
    indicators = [
        Indicator("status", "legal", facts.status, status_points, MAXIMA["status"]),
        Indicator(
            "remaining_term",
            "legal",
            f"{remaining:.2f}",
            _share(remaining, FULL_TERM_YEARS, MAXIMA["remaining_term"]),
            MAXIMA["remaining_term"],
        ),
        Indicator(
            "claims",
            "legal",
            "" if facts.claims_count is None else str(facts.claims_count),
            None if facts.claims_count is None else _share(Decimal(facts.claims_count), FULL_CLAIMS, MAXIMA["claims"]),
            MAXIMA["claims"],
        ),
        Indicator(
            "ipc_breadth",
            "technical",
            str(subclasses),
            _share(Decimal(subclasses), FULL_IPC_SUBCLASSES, MAXIMA["ipc_breadth"]),
            MAXIMA["ipc_breadth"],
        ),
        Indicator(
            "family",
            "technical",
            ("PCT" if facts.is_pct else "") + ("+family" if facts.has_foreign_family else ""),
            min(family, MAXIMA["family"]),
            MAXIMA["family"],
        ),
        Indicator(
            "use_age", "economic", f"{in_use:.2f}", _share(in_use, FULL_USE_YEARS, MAXIMA["use_age"]), MAXIMA["use_age"]
        ),
        Indicator(
            "citations",
            "economic",
            "" if facts.citations is None else str(facts.citations),
            None if facts.citations is None else _share(Decimal(facts.citations), FULL_CITATIONS, MAXIMA["citations"]),
            MAXIMA["citations"],
        ),
    ]
    return _total(indicators)


@dataclass(frozen=True)
class TrademarkFacts:
    status: str  # applied, registered, …
    expiry_date: dt.date | None
    registration_date: dt.date | None
    nice_classes: int
    goods_groups: int
    is_well_known: bool


def score_trademark(facts: TrademarkFacts, as_of: dt.date) -> Score:
    status_points = {"registered": IN_FORCE_POINTS, "applied": PENDING_POINTS}.get(facts.status, Decimal(0))
    remaining = _years(as_of, facts.expiry_date)
    in_use = _years(facts.registration_date, as_of)
    indicators = [
        Indicator("status", "legal", facts.status, status_points, MAXIMA["status"]),
        Indicator(
            "remaining_term",
            "legal",
            f"{remaining:.2f}",
            _share(remaining, FULL_TERM_YEARS, MAXIMA["remaining_term"]),
            MAXIMA["remaining_term"],
        ),
        Indicator(
            "goods_breadth",
            "legal",
            str(facts.goods_groups),
            _share(Decimal(facts.goods_groups), FULL_GOODS_GROUPS, MAXIMA["goods_breadth"]),
            MAXIMA["goods_breadth"],
        ),
        Indicator(
            "class_breadth",
            "technical",
            str(facts.nice_classes),
            _share(Decimal(facts.nice_classes), FULL_NICE_CLASSES, MAXIMA["class_breadth"]),
            MAXIMA["class_breadth"],
        ),
        Indicator(
            "use_age", "economic", f"{in_use:.2f}", _share(in_use, FULL_USE_YEARS, MAXIMA["use_age"]), MAXIMA["use_age"]
        ),
        Indicator(
            "recognition",
            "economic",
            "well-known" if facts.is_well_known else "",
            MAXIMA["recognition"] if facts.is_well_known else Decimal(0),
            MAXIMA["recognition"],
        ),
    ]
    return _total(indicators)
