"""The value score of patentstore/valuescore.py, as a DuckDB SQL expression generated from it.

Nothing of the formula is written here: every indicator's points are read off
``score_patent`` itself, one input varied at a time, into lookup lists (days of term left,
days in force, claims, IPC subclasses, PCT/family, citations, status). The score adds the
points of the known indicators and divides by their maxima exactly as ``_total`` does, with
integer arithmetic in fen so the rounding (half-up to 0.1) is the same. A test checks the SQL
against ``score_patent`` on random facts.

The indicators are independent (each one's points depend on its own input only) and each
saturates (10 years' term, 5 years in force, 10 claims, 3 subclasses, 10 citations), so the
lists are short; an input past the end of its list takes the last entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from patentstore.valuescore import PatentFacts, score_patent

AS_OF = dt.date(2000, 1, 1)  # any day: only differences of dates matter
STATUSES = ("pending", "granted", "lapsed", "expired", "invalidated", "withdrawn")
BASE = PatentFacts(
    status="lapsed",
    expiry_date=None,
    grant_date=None,
    claims_count=None,
    ipc_codes=(),
    is_pct=False,
    has_foreign_family=False,
    citations=None,
)


def _points(facts: PatentFacts, code: str) -> tuple[int, int]:
    """(points, maximum) of one indicator, in fen (hundredths of a point)."""
    for indicator in score_patent(facts, AS_OF).indicators:
        if indicator.code == code:
            assert indicator.points is not None
            return int(indicator.points * 100), int(indicator.maximum * 100)
    raise KeyError(code)


def _saturating(vary: Callable[[int], PatentFacts], code: str, limit: int) -> list[int]:
    """Points for input 0, 1, 2, … until they stop changing (checked up to ``limit``)."""
    values = [_points(vary(n), code)[0] for n in range(limit + 1)]
    while len(values) > 1 and values[-1] == values[-2]:
        values.pop()
    return values


def _replace(**changes: Any) -> PatentFacts:
    return PatentFacts(**{**BASE.__dict__, **changes})


@dataclass(frozen=True)
class Tables:
    """Each indicator's points (in fen) read off ``score_patent``."""

    status: dict[str, int]  # by status
    remaining: list[int]  # by days of term left
    use_age: list[int]  # by days in force
    claims: list[int]  # by number of claims
    ipc: list[int]  # by number of IPC subclasses
    family: dict[tuple[bool, bool], int]  # by (PCT, foreign family)
    citations: list[int]  # by number of citations
    maxima: dict[str, int]  # each indicator's maximum, by code


@cache
def tables() -> Tables:
    day = dt.timedelta(days=1)
    return Tables(
        status={s: _points(_replace(status=s), "status")[0] for s in STATUSES},
        remaining=_saturating(lambda n: _replace(expiry_date=AS_OF + n * day), "remaining_term", 3700),
        use_age=_saturating(lambda n: _replace(grant_date=AS_OF - n * day), "use_age", 1900),
        claims=_saturating(lambda n: _replace(claims_count=n), "claims", 30),
        ipc=_saturating(lambda n: _replace(ipc_codes=tuple(f"A0{i}B1/00" for i in range(1, n + 1))), "ipc_breadth", 9),
        family={
            (pct, fam): _points(_replace(is_pct=pct, has_foreign_family=fam), "family")[0]
            for pct in (False, True)
            for fam in (False, True)
        },
        citations=_saturating(lambda n: _replace(citations=n), "citations", 30),
        maxima={
            code: _points(_replace(claims_count=0, citations=0), code)[1]
            for code in ("status", "remaining_term", "claims", "ipc_breadth", "family", "use_age", "citations")
        },
    )


def _lookup(values: list[int], index_sql: str) -> str:
    """values[index] in SQL (1-based lists), the index clamped to the list."""
    return f"{values}[LEAST(GREATEST({index_sql}, 0), {len(values) - 1}) + 1]"


def score_sql(as_of: dt.date, *, status: str, expiry: str, grant: str, claims: str, subclasses: str, pct: str,
              family: str, citations: str) -> str:  # fmt: skip
    """A SQL expression for the score (DECIMAL(4,1)) of the row whose inputs are the given SQL
    expressions, as of ``as_of``."""
    t = tables()
    day = f"DATE '{as_of.isoformat()}'"
    status_case = " ".join(f"WHEN '{s}' THEN {p}" for s, p in t.status.items())
    fam = t.family
    family_case = (
        f"CASE WHEN {pct} AND {family} THEN {fam[(True, True)]} WHEN {pct} THEN {fam[(True, False)]} "
        f"WHEN {family} THEN {fam[(False, True)]} ELSE {fam[(False, False)]} END"
    )
    maxima = t.maxima
    fixed = sum(maxima[c] for c in ("status", "remaining_term", "ipc_breadth", "family", "use_age"))
    points = " + ".join(
        [
            f"COALESCE(CASE {status} {status_case} END, 0)",
            f"COALESCE({_lookup(t.remaining, f'({expiry}) - {day}')}, 0)",
            f"COALESCE({_lookup(t.use_age, f'{day} - ({grant})')}, 0)",
            f"COALESCE({_lookup(t.claims, claims)}, 0)",
            _lookup(t.ipc, subclasses),
            family_case,
            f"COALESCE({_lookup(t.citations, citations)}, 0)",
        ]
    )
    maximum = (
        f"({fixed} + CASE WHEN ({claims}) IS NULL THEN 0 ELSE {maxima['claims']} END"
        f" + CASE WHEN ({citations}) IS NULL THEN 0 ELSE {maxima['citations']} END)"
    )
    # score = 100 × (P/100) / (M/100) with P, M in fen; tenths rounded half up = floor((2000·P + M) / (2·M)).
    return f"(((2000 * ({points}) + {maximum}) // (2 * {maximum}))::INTEGER / 10.0)::DECIMAL(4,1)"


def score_python(facts: PatentFacts, as_of: dt.date) -> Decimal:
    """The reference: the score financing computes."""
    return score_patent(facts, as_of).score
