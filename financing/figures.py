"""The financing figures, summed from the loans themselves: what was lent, to how many
enterprises, by bank, by year, and against patents or trademarks. A loan counts once its
money reached the enterprise (disbursed, closed or in default)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from core.money import ZERO
from financing.choices import LENT_STATUSES, AssetKind, PledgeMix
from financing.models import PledgedAsset, PledgeLoan


@dataclass
class Row:
    label: str
    loans: int = 0
    amount: Decimal = ZERO
    enterprises: int = 0


@dataclass
class Figures:
    total_amount: Decimal
    loans: int
    enterprises: int
    outstanding: Decimal
    by_bank: list[Row] = field(default_factory=list)
    by_year: list[Row] = field(default_factory=list)
    by_pledge: list[Row] = field(default_factory=list)


def financing_figures(loans: QuerySet[PledgeLoan]) -> Figures:
    """Figures over the given loans (already narrowed by ``for_user``)."""
    lent = loans.filter(status__in=LENT_STATUSES)
    totals = lent.aggregate(amount=Sum("disbursed_amount"), n=Count("pk"), firms=Count("enterprise", distinct=True))
    repaid = lent.aggregate(p=Sum("repayments__principal"))["p"] or ZERO
    by_bank = [
        Row(r["bank__name"], r["n"], r["amount"], r["firms"])
        for r in lent.values("bank__name")
        .annotate(n=Count("pk"), amount=Sum("disbursed_amount"), firms=Count("enterprise", distinct=True))
        .order_by("-amount")
    ]
    by_year = [
        Row(str(r["disbursed_on__year"]), r["n"], r["amount"], r["firms"])
        for r in lent.values("disbursed_on__year")
        .annotate(n=Count("pk"), amount=Sum("disbursed_amount"), firms=Count("enterprise", distinct=True))
        .order_by("disbursed_on__year")
    ]
    kinds: dict[int, set[str]] = defaultdict(set)
    for loan_id, kind in PledgedAsset.objects.filter(loan__in=lent).values_list("loan_id", "kind"):
        kinds[loan_id].add(kind)
    mix_rows = {mix: Row(str(mix.label)) for mix in PledgeMix}
    firms: dict[str, set[int]] = defaultdict(set)
    for loan_id, amount, enterprise_id in lent.values_list("pk", "disbursed_amount", "enterprise_id"):
        held = kinds[loan_id]
        if held == {AssetKind.PATENT}:
            mix = PledgeMix.PATENTS
        elif held == {AssetKind.TRADEMARK}:
            mix = PledgeMix.TRADEMARKS
        else:
            mix = PledgeMix.BOTH
        mix_rows[mix].loans += 1
        mix_rows[mix].amount += amount  # type: ignore[operator]  # a lent loan has its disbursed amount
        firms[mix].add(enterprise_id)
    for mix, row in mix_rows.items():
        row.enterprises = len(firms[mix])
    return Figures(
        total_amount=totals["amount"] or ZERO,
        loans=totals["n"],
        enterprises=totals["firms"],
        outstanding=(totals["amount"] or ZERO) - repaid,
        by_bank=by_bank,
        by_year=by_year,
        by_pledge=list(mix_rows.values()),
    )
