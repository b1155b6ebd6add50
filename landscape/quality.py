"""High-value invention patents (高价值发明专利) by the national definition, over the district's
own patents: invention patents in force that

- belong to a strategic emerging industry (an IPC code in the official concordance the office
  imported into `StrategicIndustryIpc`; empty by default, so this criterion finds nothing until
  the official table is imported),
- have a foreign family member granted abroad (在海外有同族专利权: the patent's flag
  `foreign_family_granted`; a family pending abroad, `has_foreign_family` alone, does not count),
- have been maintained for more than 10 years (granted, in force, and more than 10 years past
  the filing date),
- were pledged for a high financing amount (a pledge loan on the platform that names the patent
  and lent more than the rule ``landscape.high_value_pledge_amount`` in force on the day:
  ¥10,000,000, its source not verified), or
- won a national science and technology award or the China Patent Award (`PatentAward`, entered
  by the office, in or before the day's year).

The district has thousands of patents, not millions: the criteria are checked in Python over
one query per table, and the result is handed back as a queryset of the matching ids.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet

import rules
from accounts.models import District
from landscape.choices import HighValueReason
from landscape.models import PatentAward, StrategicIndustryIpc
from portfolio.choices import PatentStatus, PatentType
from portfolio.models import Patent, add_years
from registry.models import DistrictPopulation, Enterprise
from rules.store import RuleMissing

PLEDGE_THRESHOLD = "landscape.high_value_pledge_amount"
MAINTAINED_YEARS = 10
CENT = Decimal("0.01")


def normalise_code(code: str) -> str:
    """IPC symbol without spaces, upper case ("G06F 16/35" → "G06F16/35")."""
    return "".join(str(code).split()).upper().rstrip("*")


def ipc_matches(code: str, prefix: str) -> bool:
    """Does an IPC symbol fall under a concordance line? A line names a subclass (G06F), a main
    group (G06F16, or G06F16/00 as written in the official table) or one group (G06F16/35)."""
    code, prefix = normalise_code(code), normalise_code(prefix)
    if len(prefix) <= 4:
        return code.startswith(prefix)
    main, _, sub = prefix.partition("/")
    if not sub or sub.strip("0") == "":
        return code.split("/")[0] == main
    return code == prefix


def _in_force_inventions(on: dt.date) -> QuerySet[Patent]:
    return (
        Patent.objects.filter(patent_type=PatentType.INVENTION, status=PatentStatus.GRANTED, grant_date__lte=on)
        .filter(Q(expiry_date__isnull=True) | Q(expiry_date__gte=on))
        .exclude(filing_date__gt=on)
    )


class _Criteria:
    """Everything the criteria need, read once for a day."""

    def __init__(self, on: dt.date, patent_ids: list[int] | None = None) -> None:
        self.on = on
        self.prefixes = list(StrategicIndustryIpc.objects.values_list("ipc_prefix", flat=True).distinct())
        try:
            threshold = Decimal(str(rules.value(PLEDGE_THRESHOLD, on=on)["amount"]))
        except RuleMissing:
            threshold = None  # before the definition (2021) the criterion finds nothing
        pledges = Q(pledges__loan__disbursed_amount__gt=threshold, pledges__loan__disbursed_on__lte=on)
        pledged = Patent.objects.filter(pledges) if threshold is not None else Patent.objects.none()
        awarded = PatentAward.objects.filter(year__lte=on.year)
        if patent_ids is not None:
            pledged = pledged.filter(pk__in=patent_ids)
            awarded = awarded.filter(patent_id__in=patent_ids)
        self.pledged = set(pledged.values_list("pk", flat=True))
        self.awarded = set(awarded.values_list("patent_id", flat=True))

    def reasons(self, patent: Patent) -> list[str]:
        return self.lasting(patent.ipc_codes, patent.foreign_family_granted) + self.of_the_day(
            patent.pk, patent.filing_date
        )

    def lasting(self, ipc_codes: list[str] | None, foreign_family_granted: bool) -> list[str]:
        """The criteria that do not change with the day: the industry and the family granted abroad."""
        found: list[str] = []
        if self.prefixes and any(ipc_matches(c, p) for c in (ipc_codes or []) for p in self.prefixes):
            found.append(HighValueReason.STRATEGIC_INDUSTRY)
        if foreign_family_granted:
            found.append(HighValueReason.FOREIGN_FAMILY)
        return found

    def of_the_day(self, pk: int, filing_date: dt.date) -> list[str]:
        """The criteria met by the day: maintained ten years, pledged, awarded."""
        found: list[str] = []
        if self.on > add_years(filing_date, MAINTAINED_YEARS):
            found.append(HighValueReason.MAINTAINED_10_YEARS)
        if pk in self.pledged:
            found.append(HighValueReason.PLEDGED_10_MILLION)
        if pk in self.awarded:
            found.append(HighValueReason.PATENT_AWARD)
        return found


def _high_value_ids(on: dt.date, within: QuerySet[Patent] | None = None) -> list[int]:
    criteria = _Criteria(on)
    candidates = _in_force_inventions(on)
    if within is not None:
        candidates = candidates.filter(pk__in=within.values("pk"))
    candidates = candidates.only("pk", "ipc_codes", "foreign_family_granted", "filing_date")
    return [p.pk for p in candidates if criteria.reasons(p)]


def high_value_ids(on: dt.date) -> list[int]:
    """The ids of every invention patent in force on ``on`` that meets a high-value criterion
    (the roll-up groups them by district itself)."""
    return _high_value_ids(on)


def high_value_ids_on(days: Iterable[dt.date]) -> dict[dt.date, set[int]]:
    """``high_value_ids`` of several days at once (the snapshot's year ends): the criteria of
    each day read once, the patents read once for all the days, and the criteria that do not
    change with the day (the industry, the family granted abroad) checked once per patent; for
    each day the same ids as ``high_value_ids(day)``."""
    chosen = sorted(set(days))
    out: dict[dt.date, set[int]] = {day: set() for day in chosen}
    if not chosen:
        return out
    first, last = chosen[0], chosen[-1]
    criteria = {day: _Criteria(day) for day in chosen}
    # Every invention patent in force on one of the days (_in_force_inventions, widened to all
    # of them; each day's own test is below).
    candidates = (
        Patent.objects.filter(patent_type=PatentType.INVENTION, status=PatentStatus.GRANTED, grant_date__lte=last)
        .filter(Q(expiry_date__isnull=True) | Q(expiry_date__gte=first))
        .values_list("pk", "ipc_codes", "foreign_family_granted", "filing_date", "grant_date", "expiry_date")
    )
    for pk, ipc_codes, foreign, filed, granted, expires in candidates.iterator(chunk_size=5_000):
        lasting = bool(criteria[first].lasting(ipc_codes, foreign))
        for day, on_day in criteria.items():
            if granted is None or granted > day or (expires is not None and expires < day) or filed > day:
                continue  # not in force that day
            if lasting or on_day.of_the_day(pk, filed):
                out[day].add(pk)
    return out


def high_value_invention_patents(on: dt.date) -> QuerySet[Patent]:
    """The district's own invention patents in force on `on` that meet at least one high-value criterion."""
    return Patent.objects.filter(pk__in=_high_value_ids(on))


def high_value_reasons(patent: Patent, on: dt.date) -> list[str]:
    """The translated labels of the criteria the patent meets on `on` (empty when it is not an
    invention patent in force that day)."""
    if not _in_force_inventions(on).filter(pk=patent.pk).exists():
        return []
    return [str(HighValueReason(r).label) for r in _Criteria(on, [patent.pk]).reasons(patent)]


def per_10k(count: int, population: int | None) -> Decimal | None:
    """Count per 10,000 people, to the hundredth; None when the population is not known."""
    if not population:
        return None
    return (Decimal(count) * 10000 / Decimal(population)).quantize(CENT, rounding=ROUND_HALF_UP)


def high_value_summary(on: dt.date, within: QuerySet[Patent] | None = None, district: District | None = None) -> dict:
    """{"total": int, "per_10k": Decimal | None, "by_enterprise": [(Enterprise, count), …]}.
    A co-owned patent counts once in the total and once for each owner; enterprises are listed
    with the most high-value patents first. ``within`` narrows the patents (one district's),
    ``district`` names whose population the per-10,000 figure divides by (the default's if None)."""
    ids = _high_value_ids(on, within)
    owners = Patent.owners.through.objects.filter(patent_id__in=ids).values_list("enterprise_id", flat=True)
    counts = Counter(owners)
    enterprises = Enterprise.objects.in_bulk(list(counts))
    by_enterprise = sorted(
        ((enterprises[pk], n) for pk, n in counts.items()), key=lambda item: (-item[1], item[0].name, item[0].pk)
    )
    return {
        "total": len(ids),
        "per_10k": per_10k(len(ids), DistrictPopulation.of_year(on.year, district)),
        "by_enterprise": by_enterprise,
    }
