"""Each district's figures per year, computed by a background job and kept as rows
(``DistrictIndicatorSnapshot``), so that the roll-up and the county dashboard read a few
hundred numbers instead of counting millions of records on each request.

- **What is kept**: every indicator of ``dashboard.figures.year_figures`` for the last
  ``SNAPSHOT_YEARS`` years (the years the pages offer with their trends), as counts and amounts;
  the per-10,000 figures are divided by the population when read (a population entered later
  needs no recomputation), the targets are read live.
- **How**: the patent figures grouped over all districts at once (one join per year from the
  patents to their owners' districts; the high-value definition in one pass over the patents
  for every year and every district); the rest (marks, loans, funds, protection, cultivation,
  exchange: small tables) with the dashboard's own functions, district by district. The same
  definitions as the live dashboard, checked against it on the demo
  (``dashboard/tests/test_snapshots.py``) and over several years
  (``dashboard/tests/test_snapshot_years.py``).
- **When**: every audited change (and an import finishing) marks the districts of the person
  who made it stale (every district when the system made it); a page that reads a stale
  district's figures shows them with the time they were computed and asks for a refresh (the
  ``dashboard.refresh_snapshots`` job, one waiting run at a time); the daily schedule refreshes
  every district. A district with no snapshot yet is computed live on the page, never shown
  empty or wrong.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from accounts.models import District
from dashboard.choices import Indicator as I
from dashboard.figures import fund_rows, other_figures, per_10k, valid_invention_patents, year_end
from dashboard.models import DistrictIndicatorSnapshot, DistrictSnapshotState
from landscape.quality import high_value_ids_on
from portfolio.choices import PatentType
from portfolio.models import Patent
from registry.models import DistrictPopulation, Enterprise

SNAPSHOT_YEARS = 10
JOB = "dashboard.refresh_snapshots"
RIGHT_KEY = "cases_by_right"
TOP_KEY = "high_value_top"
TOP_ENTERPRISES = 10
# Kept as counts; the page divides them by the year's population.
PER_10K = {I.INVENTION_PER_10K: I.VALID_INVENTION_PATENTS, I.HIGH_VALUE_PER_10K: I.HIGH_VALUE_PATENTS}


def covered_years(today: dt.date | None = None) -> list[int]:
    this_year = (today or timezone.localdate()).year
    return list(range(this_year - SNAPSHOT_YEARS + 1, this_year + 1))


# ---------------------------------------------------------------- the patents, grouped


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


@dataclass
class HighValue:
    counts: dict[str, int]  # district -> high-value invention patents
    top: dict[str, list[tuple[int, int]]]  # district -> [(enterprise id, patents)], most first


def high_value_by_district(years: list[int], codes: set[str]) -> dict[int, HighValue]:
    """High-value invention patents by the landscape definition, by district, for each of
    ``years``, and each district's enterprises with the most of them: the ids of every year from
    one pass over the patents (``landscape.quality.high_value_ids_on``), then their owners and
    the owners' districts from one query for all the years (no long IN list)."""
    ids_on = high_value_ids_on([year_end(y) for y in years])
    every = set().union(*ids_on.values())
    if not every:
        return {y: HighValue({}, {}) for y in years}
    # A patent is high-value in a year only once granted by its end, so the last year's owners
    # hold every year's.
    owners = [
        row
        for row in Patent.owners.through.objects.filter(
            patent__patent_type=PatentType.INVENTION,
            patent__grant_date__lte=year_end(max(years)),
            enterprise__organisation__districts__in=codes,
        ).values_list("patent_id", "enterprise_id", "enterprise__organisation__districts")
        if row[0] in every
    ]
    names = dict(Enterprise.objects.filter(pk__in={firm for _p, firm, _c in owners}).values_list("pk", "name"))
    owned: set[int] = set()
    if settings.DISTRICT_CODE in codes:
        owned = set(
            Patent.owners.through.objects.filter(
                patent_id__in=Patent.objects.filter(patent_type=PatentType.INVENTION)
            ).values_list("patent_id", flat=True)
        )
    out: dict[int, HighValue] = {}
    for y in years:
        ids = ids_on[year_end(y)]
        if not ids:
            out[y] = HighValue({}, {})
            continue
        triples = {(patent, firm, code) for patent, firm, code in owners if patent in ids}
        counts = Counter(code for _patent, code in {(patent, code) for patent, _f, code in triples})
        firms = Counter((code, firm) for _patent, firm, code in triples)
        top: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for (code, firm), n in sorted(firms.items(), key=lambda item: (-item[1], names[item[0][1]], item[0][1])):
            if len(top[code]) < TOP_ENTERPRISES:
                top[code].append((firm, n))
        result = dict(counts)
        if settings.DISTRICT_CODE in codes:
            _add_unattributed(result, codes, len(ids - owned))
        out[y] = HighValue(result, dict(top))
    return out


def _patent_figures(years: list[int], codes: set[str]) -> dict[str, dict[int, dict[str, Any]]]:
    out: dict[str, dict[int, dict[str, Any]]] = {code: {y: {} for y in years} for code in codes}
    high_value = high_value_by_district(years, codes)
    for y in years:
        inventions = _patents_by_district(valid_invention_patents(year_end(y)), codes)
        pct = _patents_by_district(Patent.objects.filter(is_pct=True, filing_date__year=y), codes)
        high = high_value[y]
        for code in codes:
            values = out[code][y]
            values[I.VALID_INVENTION_PATENTS] = inventions.get(code, 0)
            values[I.PCT_APPLICATIONS] = pct.get(code, 0)
            values[I.HIGH_VALUE_PATENTS] = high.counts.get(code, 0)
            for position, (firm, n) in enumerate(high.top.get(code, [])):
                values[f"{TOP_KEY}:{position:02d}:{firm}"] = n
    return out


def compute(codes: Iterable[str], years: list[int]) -> dict[str, dict[int, dict[str, Any]]]:
    """{district: {year: {key: value}}}, what the snapshot keeps, computed from the records now."""
    codes = set(codes)
    out = _patent_figures(years, codes)
    for district in District.objects.filter(code__in=codes):
        funds = fund_rows(years, district)
        for y in years:
            rest = other_figures(y, district, funds)
            by_right = rest.pop(RIGHT_KEY)
            out[district.code][y].update(rest)
            out[district.code][y].update({f"{RIGHT_KEY}:{kind}": n for kind, n in by_right.items()})
    return out


# ---------------------------------------------------------------- stale, refresh


def mark_stale(codes: Iterable[str] | None = None) -> int:
    """The records of these districts (every district if None) changed: their snapshot is
    behind until a refresh that starts after now."""
    states = DistrictSnapshotState.objects.all()
    if codes is not None:
        states = states.filter(district__in=list(codes))
    return states.update(stale_since=timezone.now())


def request_refresh() -> None:
    """Ask the worker for a refresh of the stale districts (one waiting run will do)."""
    from core.jobs import submit_coalesced

    with transaction.atomic():
        submit_coalesced(JOB, {"stale_only": True})


def _stored(value: Any) -> tuple[Decimal | None, int | None]:
    if value is None:
        return None, None
    if isinstance(value, Decimal):
        return value, max(0, -int(value.as_tuple().exponent))
    return Decimal(int(value)), None


def refresh(codes: Iterable[str] | None = None, *, stale_only: bool = False) -> list[str]:
    """Compute and keep the figures of ``codes`` (every district if None; with ``stale_only``
    those marked stale or never computed). A district changed while this ran stays stale."""
    started = timezone.now()
    districts = District.objects.all() if codes is None else District.objects.filter(code__in=list(codes))
    if stale_only:
        fresh = DistrictSnapshotState.objects.filter(stale_since__isnull=True, computed_at__isnull=False)
        districts = districts.exclude(code__in=fresh.values("district"))
    chosen = sorted(districts.values_list("code", flat=True))
    if not chosen:
        return []
    years = covered_years()
    figures = compute(chosen, years)
    rows = [
        DistrictIndicatorSnapshot(
            district_id=code, year=y, indicator=key, value=stored[0], places=stored[1], computed_at=started
        )
        for code, per_year in figures.items()
        for y, values in per_year.items()
        for key, value in values.items()
        for stored in [_stored(value)]
    ]
    with transaction.atomic():
        DistrictIndicatorSnapshot.objects.filter(district__in=chosen).delete()
        DistrictIndicatorSnapshot.objects.bulk_create(rows, batch_size=5_000)
        for code in chosen:
            DistrictSnapshotState.objects.get_or_create(district_id=code)
        DistrictSnapshotState.objects.filter(district__in=chosen).update(computed_at=started)
        DistrictSnapshotState.objects.filter(district__in=chosen, stale_since__lte=started).update(stale_since=None)
    return chosen


# ---------------------------------------------------------------- reading


@dataclass
class Figures:
    values: dict[str, dict[int, dict[str, Any]]]  # district -> year -> indicator -> value
    top: dict[str, dict[int, list[tuple[str, int]]]]  # district -> year -> [(enterprise name, n)]
    computed_at: dt.datetime | None  # the oldest of the districts' computations; None if live
    stale: bool  # some district's records changed since (a refresh is asked for)


def _restored(value: Decimal | None, places: int | None) -> Any:
    if value is None:
        return None
    if places is None:
        return int(value)
    return value.quantize(Decimal(1).scaleb(-places))


def _populations(years: list[int], codes: set[str]) -> dict[str, dict[int, int | None]]:
    """Each district's population of each year: the year's, else the nearest earlier year's."""
    entered: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for code, year, people in (
        DistrictPopulation.objects.filter(district__in=codes, year__lte=years[-1])
        .order_by("year")
        .values_list("district", "year", "population")
    ):
        entered[code].append((year, people))
    out: dict[str, dict[int, int | None]] = {}
    for code in codes:
        out[code] = {}
        for y in years:
            known = [people for year, people in entered[code] if year <= y]
            out[code][y] = known[-1] if known else None
    return out


def read(codes: Iterable[str], years: list[int]) -> Figures:
    """The figures of ``codes`` for ``years`` from the snapshot; a district with no snapshot for
    one of the years is computed live (and a refresh asked for), a stale one is read as kept and
    a refresh asked for."""
    codes = set(codes)
    kept: dict[str, dict[int, dict[str, Any]]] = {code: {y: {} for y in years} for code in codes}
    for code, y, key, value, places in DistrictIndicatorSnapshot.objects.filter(
        district__in=codes, year__in=years
    ).values_list("district", "year", "indicator", "value", "places"):
        kept[code][y][key] = _restored(value, places)
    missing = {code for code in codes if any(not kept[code][y] for y in years)}
    states = {
        s.district_id: s
        for s in DistrictSnapshotState.objects.filter(district__in=codes - missing, computed_at__isnull=False)
    }
    missing |= codes - set(states) - missing
    if missing:
        kept.update(compute(missing, years))
    stale = bool(missing) or any(s.stale_since is not None for s in states.values())
    if stale:
        request_refresh()
    population = _populations(years, codes)
    values: dict[str, dict[int, dict[str, Any]]] = {}
    top: dict[str, dict[int, list[tuple[str, int]]]] = {}
    firm_ids = {
        int(key.rsplit(":", 1)[1])
        for per_year in kept.values()
        for found in per_year.values()
        for key in found
        if key.startswith(TOP_KEY)
    }
    names = dict(Enterprise.objects.filter(pk__in=firm_ids).values_list("pk", "name")) if firm_ids else {}
    for code in codes:
        values[code], top[code] = {}, {}
        for y in years:
            found = dict(kept[code][y])
            by_right = {}
            firms = []
            for key in sorted(k for k in found if ":" in k):
                n = found.pop(key)
                prefix, rest = key.split(":", 1)
                if prefix == RIGHT_KEY:
                    by_right[rest] = n
                elif prefix == TOP_KEY and int(rest.split(":")[1]) in names:
                    firms.append((names[int(rest.split(":")[1])], n))
            found[RIGHT_KEY] = by_right
            for per, count in PER_10K.items():
                found[per] = per_10k(found.get(count, 0), population[code][y])
            values[code][y], top[code][y] = found, firms
    computed = [s.computed_at for code, s in states.items() if code not in missing and s.computed_at is not None]
    return Figures(values, top, None if missing or not computed else min(computed), stale)
