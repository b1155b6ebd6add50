"""The funds ledger: double-entry transactions over each fund source's yearly accounts.

Money moves appropriation → available (a budget), available → committed (an approval),
committed → paid (a payment), and back (a release or a reversal). Each move is one
transaction of two entries, debit and credit, so debits always equal credits. Balances are
derived from the entries: each entry carries the account's balance after it, computed here
from the entry before it under a row lock, and the database refuses a negative balance and a
second entry with the same number in an account."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet, Sum
from django.utils.translation import gettext as _

from core.money import ZERO, money
from funds.choices import Account, EntryKind
from funds.models import FundSource, LedgerAccount, LedgerEntry

# Each kind of move: (account debited, account credited).
MOVES = {
    EntryKind.BUDGET: (Account.AVAILABLE, Account.APPROPRIATION),
    EntryKind.COMMIT: (Account.COMMITTED, Account.AVAILABLE),
    EntryKind.RELEASE: (Account.AVAILABLE, Account.COMMITTED),
    EntryKind.PAY: (Account.PAID, Account.COMMITTED),
    EntryKind.REVERSE: (Account.COMMITTED, Account.PAID),
}


class InsufficientFunds(ValidationError):
    """A move that would take an account below zero."""


def _accounts(source: FundSource, year: int, kinds: set[str]) -> dict[str, LedgerAccount]:
    """The accounts, created on first use, locked in a fixed order so that concurrent
    writers queue instead of deadlocking."""
    for kind in kinds:
        if not LedgerAccount.objects.filter(source=source, year=year, kind=kind).exists():
            try:
                with transaction.atomic():
                    LedgerAccount.objects.create(source=source, year=year, kind=kind)
            except IntegrityError:
                pass  # created by a concurrent writer
    locked = LedgerAccount.objects.select_for_update().filter(source=source, year=year, kind__in=kinds).order_by("pk")
    return {account.kind: account for account in locked}


def _last(account: LedgerAccount) -> tuple[int, Decimal]:
    row = LedgerEntry.objects.filter(account=account).order_by("-seq").values_list("seq", "balance").first()
    return row if row else (0, ZERO)


def post(
    *,
    kind: str,
    source: FundSource,
    year: int,
    amount: Decimal,
    application: Any | None = None,
    payment: Any | None = None,
    memo: str = "",
) -> uuid.UUID:
    """Post one move of ``amount`` (> 0) as a two-entry transaction. Must run inside the
    caller's transaction; raises InsufficientFunds before anything is written. An award
    application and its payment, when the move is for them, are named on the entries."""
    amount = money(amount)
    if amount <= 0:
        raise ValueError("a ledger move is for a positive amount")
    debit_kind, credit_kind = MOVES[EntryKind(kind)]
    accounts = _accounts(source, year, {debit_kind, credit_kind})
    txn = uuid.uuid4()
    entries = []
    for account_kind, debit, credit in ((debit_kind, amount, ZERO), (credit_kind, ZERO, amount)):
        account = accounts[account_kind]
        seq, balance = _last(account)
        after = balance + debit - credit
        if after < 0 and account_kind != Account.APPROPRIATION:
            raise InsufficientFunds(
                _("%(source)s %(year)s: only ¥%(left)s %(account)s, ¥%(amount)s asked.")
                % {
                    "source": source,
                    "year": year,
                    "left": balance,
                    "account": Account(account_kind).label,
                    "amount": amount,
                },
                code="insufficient_funds",
            )
        entries.append(
            LedgerEntry(
                txn=txn,
                account=account,
                account_kind=account_kind,
                seq=seq + 1,
                kind=kind,
                debit=debit,
                credit=credit,
                balance=after,
                application=application,
                payment=payment,
                memo=memo[:200],
            )
        )
    LedgerEntry.objects.bulk_create(entries)
    return txn


@dataclass(frozen=True)
class FundPosition:
    source: FundSource
    year: int
    budget: Decimal
    committed: Decimal
    paid: Decimal
    available: Decimal

    @property
    def approved(self) -> Decimal:
        return self.committed + self.paid


def positions(year: int | None = None, sources: QuerySet[FundSource] | None = None) -> list[FundPosition]:
    """Budget, committed, paid and remaining for each source and year, from the entries; of
    ``sources`` only when given (a person's: ``FundSource.objects.for_user``)."""
    sums = LedgerEntry.objects.all()
    if sources is not None:
        sums = sums.filter(account__source__in=sources)
    if year is not None:
        sums = sums.filter(account__year=year)
    totals: dict[tuple[int, int], dict[str, Decimal]] = defaultdict(dict)
    for row in sums.values("account__source", "account__year", "account_kind").annotate(
        debit=Sum("debit"), credit=Sum("credit")
    ):
        key = (row["account__source"], row["account__year"])
        totals[key][row["account_kind"]] = row["debit"] - row["credit"]
    by_pk = FundSource.objects.in_bulk({source for source, _year in totals})
    out = []
    for (source_id, year_), balances in sorted(totals.items(), key=lambda kv: (kv[0][1], by_pk[kv[0][0]].level)):
        out.append(
            FundPosition(
                source=by_pk[source_id],
                year=year_,
                budget=money(-balances.get(Account.APPROPRIATION, ZERO)),
                committed=money(balances.get(Account.COMMITTED, ZERO)),
                paid=money(balances.get(Account.PAID, ZERO)),
                available=money(balances.get(Account.AVAILABLE, ZERO)),
            )
        )
    return out


def application_balances(application: Any) -> dict[int, tuple[Decimal, Decimal]]:
    """Per fund source: (committed and not yet paid, paid) for one application."""
    result: dict[int, tuple[Decimal, Decimal]] = {}
    rows = (
        LedgerEntry.objects.filter(application=application, account_kind__in=[Account.COMMITTED, Account.PAID])
        .values("account__source", "account_kind")
        .annotate(debit=Sum("debit"), credit=Sum("credit"))
    )
    for row in rows:
        committed, paid = result.get(row["account__source"], (ZERO, ZERO))
        balance = row["debit"] - row["credit"]
        if row["account_kind"] == Account.COMMITTED:
            committed = balance
        else:
            paid = balance
        result[row["account__source"]] = (committed, paid)
    return result


def paid_for(payment: Any) -> list[tuple[FundSource, int, Decimal]]:
    """What a payment paid out of each source and year (to undo it move for move)."""
    entries = LedgerEntry.objects.filter(payment=payment, account_kind=Account.PAID).select_related("account__source")
    return [(entry.account.source, entry.account.year, entry.debit) for entry in entries.order_by("pk")]


@dataclass(frozen=True)
class LedgerProblem:
    account: str
    message: str


def verify_ledger(sources: QuerySet[FundSource] | None = None) -> list[LedgerProblem]:
    """Debits equal credits in every transaction; each account's stored balances follow from
    its entries in order; no balance below zero where it may not be (in the accounts of
    ``sources`` only, when given)."""
    problems = []
    entries = LedgerEntry.objects.all()
    accounts = LedgerAccount.objects.all()
    if sources is not None:
        entries = entries.filter(account__source__in=sources)
        accounts = accounts.filter(source__in=sources)
    unbalanced = entries.values("txn").annotate(d=Sum("debit"), c=Sum("credit")).exclude(d=F("c"))
    for row in unbalanced:
        problems.append(LedgerProblem(str(row["txn"]), "debits differ from credits"))
    for account in accounts:
        balance = ZERO
        for seq, entry in enumerate(account.entries.order_by("seq"), start=1):
            balance += entry.debit - entry.credit
            if entry.seq != seq or entry.balance != balance:
                problems.append(
                    LedgerProblem(str(account), f"entry {entry.seq}: balance {entry.balance}, expected {balance}")
                )
                break
            if balance < 0 and account.kind != Account.APPROPRIATION:
                problems.append(LedgerProblem(str(account), f"entry {entry.seq}: negative balance"))
    return problems
