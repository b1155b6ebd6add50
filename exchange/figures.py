"""The exchange's figures for a year (the contract the dashboard and the annual report call):
transfers and licences registered, by source kind and IPC section; royalties and prices
agreed and paid; open licences declared and taken; the share of the district's enterprises
that took a licence."""

from __future__ import annotations

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Sum

from accounts.models import District
from core.money import ZERO
from exchange.choices import DONE_STATUSES, LICENCE_KINDS, DealKind, OfferMode
from exchange.models import Deal, Offer
from registry.choices import OwnerKind
from registry.models import Enterprise

CENT = Decimal("0.01")


def exchange_figures(year: int, district: District | None = None) -> dict[str, Any]:
    """The year's figures; of one district when ``district`` is given (a deal counts in its
    acquirer's district, an offer in its offering organisation's)."""
    deals = Deal.objects.all()
    offers = Offer.objects.all()
    enterprises = Enterprise.objects.filter(owner_kind=OwnerKind.ENTERPRISE)
    if district is not None:
        deals = deals.filter(acquirer__organisation__districts=district)
        offers = offers.filter(organisation__districts=district)
        enterprises = enterprises.filter(organisation__districts=district)
    done = deals.filter(status__in=DONE_STATUSES, registered_on__year=year)
    transfers = done.filter(kind=DealKind.TRANSFER)
    licences = done.filter(kind__in=LICENCE_KINDS)
    by_source: Counter[str] = Counter()
    by_section: Counter[str] = Counter()
    for kind, source, ipc in done.values_list("kind", "offer__source_kind", "offer__ipc_codes"):
        group = "transfer" if kind == DealKind.TRANSFER else "licence"
        by_source[f"{group}:{source}"] += 1
        section = (ipc[0][:1].upper() if ipc else "") or "?"
        by_section[f"{group}:{section}"] += 1
    money = done.aggregate(agreed=Sum("amount"), paid=Sum("paid_amount"))
    licensees = licences.values("acquirer").distinct().count()
    # Of the district's enterprises: universities, institutes, hospitals and individuals that own
    # rights are in the registry too, and are not counted here.
    enterprise_count = enterprises.count()
    share = (
        (Decimal(licensees) * 100 / Decimal(enterprise_count)).quantize(CENT, rounding=ROUND_HALF_UP)
        if enterprise_count
        else None
    )
    per_year = (
        deals.filter(status__in=DONE_STATUSES, registered_on__isnull=False)
        .values("registered_on__year", "kind")
        .annotate(n=Count("pk"))
        .order_by("registered_on__year")
    )
    years: dict[int, dict[str, int]] = {}
    for row in per_year:
        entry = years.setdefault(row["registered_on__year"], {"transfers": 0, "licences": 0})
        entry["transfers" if row["kind"] == DealKind.TRANSFER else "licences"] += row["n"]
    return {
        "transfers": transfers.count(),
        "licences": licences.count(),
        "open_licences_declared": offers.filter(mode=OfferMode.OPEN_LICENCE, published_on__year=year).count(),
        "open_licences_taken": done.filter(kind=DealKind.OPEN_LICENCE).count(),
        "amount_agreed": money["agreed"] or ZERO,
        "amount_paid": money["paid"] or ZERO,
        "licensee_enterprises": licensees,
        "licensee_share": share,
        "by_source": dict(sorted(by_source.items())),
        "by_section": dict(sorted(by_section.items())),
        "by_year": [{"year": y, **years[y]} for y in sorted(years)],
    }
