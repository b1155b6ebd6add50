"""Random sequences of commit, pay and reverse across fund sources keep the ledger's
invariants: debits = credits, remaining ≥ 0, paid ≤ approved."""

import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import TestCase
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from core.money import ZERO
from funds import ledger
from funds.choices import Account, EntryKind, FundLevel
from funds.models import FundSource, LedgerEntry

AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=2)


class LedgerMachine(RuleBasedStateMachine):
    @initialize()
    def open_sources(self):
        # Examples share one test transaction, so each names its own sources.
        run = uuid.uuid4().hex[:8]
        self.sources = [
            FundSource.objects.create(name=f"source {level} {run}", level=level)
            for level in (FundLevel.PROVINCIAL, FundLevel.MUNICIPAL, FundLevel.DISTRICT)
        ]
        for source in self.sources:
            ledger.post(kind=EntryKind.BUDGET, source=source, year=2026, amount=Decimal("10000"))
        # What the model expects, per source: (available, committed, paid, approved so far).
        self.expected = {s.pk: [Decimal("10000"), ZERO, ZERO, ZERO] for s in self.sources}

    def move(self, kind: str, index: int, amount: Decimal) -> bool:
        source = self.sources[index % len(self.sources)]
        try:
            with transaction.atomic():
                ledger.post(kind=kind, source=source, year=2026, amount=amount)
        except ValidationError:
            return False
        return True

    @rule(index=st.integers(0, 2), amount=AMOUNTS)
    def commit(self, index, amount):
        state = self.expected[self.sources[index].pk]
        if self.move(EntryKind.COMMIT, index, amount):
            state[0] -= amount
            state[1] += amount
            state[3] += amount
        else:
            assert amount > state[0], "a commitment within the remaining budget was refused"

    @rule(index=st.integers(0, 2), amount=AMOUNTS)
    def pay(self, index, amount):
        state = self.expected[self.sources[index].pk]
        if self.move(EntryKind.PAY, index, amount):
            state[1] -= amount
            state[2] += amount
        else:
            assert amount > state[1], "a payment within the commitments was refused"

    @rule(index=st.integers(0, 2), amount=AMOUNTS)
    def reverse(self, index, amount):
        state = self.expected[self.sources[index].pk]
        if self.move(EntryKind.REVERSE, index, amount):
            state[2] -= amount
            state[1] += amount
        else:
            assert amount > state[2], "a reversal of money paid was refused"

    @invariant()
    def debits_equal_credits(self):
        if not hasattr(self, "sources"):
            return
        totals = LedgerEntry.objects.values_list("debit", "credit")
        assert sum(d for d, _c in totals) == sum(c for _d, c in totals)

    @invariant()
    def balances_match_and_never_go_negative(self):
        if not hasattr(self, "sources"):
            return
        positions = {p.source.pk: p for p in ledger.positions(2026)}
        for pk, (available, committed, paid, approved) in self.expected.items():
            position = positions[pk]
            assert position.available == available >= 0
            assert position.committed == committed >= 0
            assert position.paid == paid >= 0
            assert position.paid <= approved
            assert position.budget == Decimal("10000")
        assert ledger.verify_ledger() == []
        assert not LedgerEntry.objects.filter(balance__lt=0).exclude(account_kind=Account.APPROPRIATION).exists()


class LedgerStatefulTest(TestCase):
    def test_random_sequences_of_moves_keep_the_ledger_sound(self):
        run_state_machine_as_test(
            LedgerMachine, settings=settings(max_examples=25, stateful_step_count=20, deadline=None)
        )
