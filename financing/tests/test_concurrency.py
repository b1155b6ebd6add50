"""Against real PostgreSQL: two banks approve applications pledging the same patent at the same
moment. Exactly one gets the pledge; the other is refused by the database's partial unique
constraint even when neither could see the other's approval before writing. And each district's
risk pool under concurrent set-ups and compensations."""

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, transaction
from django.test import TransactionTestCase

from financing import actions
from financing.choices import LoanStatus
from financing.models import Compensation, PledgedAsset, PledgeLoan, RiskPool
from financing.tests.base import FinancingMixin
from funds import ledger
from funds.models import FundSource
from refdata.loading import ensure_loaded

pytestmark = pytest.mark.postgres
ROUNDS = 12


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real PostgreSQL row locks and concurrency")
class ConcurrentPledgeTests(FinancingMixin, TransactionTestCase):
    def _fixture_teardown(self):
        super()._fixture_teardown()
        ensure_loaded()  # the flush after a transactional test empties the reference tables too

    def setUp(self):
        self.make_financing()

    def patent(self, n: int):
        return self.granted_invention(self.enterprise, n)

    def pair(self, patent):
        """The same patent in an application to each bank, both under review."""
        loans = []
        for product, officer in ((self.product, self.bank_officer), (self.product2, self.bank2_officer)):
            loan = self.apply(product=product, patents=[patent])
            loans.append((actions.transition_loan(actor=officer, loan=loan, to_status="under_review"), officer))
        return loans

    @staticmethod
    def decide(loan, officer):
        try:
            actions.transition_loan(
                actor=officer,
                loan=loan,
                to_status="approved",
                amount=Decimal("1000000"),
                rate=Decimal(4),
                term_months=12,
            )
            return "approved"
        except ValidationError as exc:
            return " ".join(exc.messages)
        finally:
            connections.close_all()

    def test_two_banks_approving_the_same_asset_at_once_pledge_it_once(self):
        pairs = [self.pair(self.patent(500 + n)) for n in range(ROUNDS)]
        for pair in pairs:
            barrier = threading.Barrier(2)

            def go(args, barrier=barrier):
                barrier.wait()
                return self.decide(*args)

            with ThreadPoolExecutor(max_workers=2) as pool:
                outcomes = list(pool.map(go, pair))
            self.assertEqual(outcomes.count("approved"), 1, outcomes)
        for asset_key in PledgedAsset.objects.values_list("asset_key", flat=True).distinct():
            self.assertEqual(PledgedAsset.objects.filter(asset_key=asset_key, holds_pledge=True).count(), 1)
        self.assertEqual(PledgeLoan.objects.filter(status=LoanStatus.APPROVED).count(), ROUNDS)

    def test_the_database_refuses_the_second_pledge_when_the_first_is_not_yet_committed(self):
        """Bank A's approval is written but not committed when bank B approves: B's check
        cannot see A's pledge, so only the constraint can stop it — and it does, once A commits.
        A handshake orders the two, no sleeping: B starts once A has written; A commits once B has
        passed its check and is sending the write that takes the pledge."""
        (loan_a, officer_a), (loan_b, officer_b) = self.pair(self.patent(900))
        a_written = threading.Event()
        b_pledging = threading.Event()

        def announce_pledge(execute, sql, params, many, context):
            if sql.startswith("UPDATE") and "holds_pledge" in sql:
                b_pledging.set()
            return execute(sql, params, many, context)

        def bank_a() -> str:
            try:
                with transaction.atomic():
                    self.decide_in_transaction(loan_a, officer_a)
                    a_written.set()
                    # B reaches the constraint while A is still open.
                    assert b_pledging.wait(30), "bank B never reached its pledge"
                return "approved"
            finally:
                connections.close_all()

        def bank_b() -> str:
            assert a_written.wait(30), "bank A never wrote its pledge"
            with connection.execute_wrapper(announce_pledge):
                return self.decide(loan_b, officer_b)

        with ThreadPoolExecutor(max_workers=2) as pool:
            a, b = pool.submit(bank_a), pool.submit(bank_b)
            outcome_a, outcome_b = a.result(), b.result()
        self.assertEqual(outcome_a, "approved")
        self.assertNotEqual(outcome_b, "approved")
        self.assertNotIn(f"#{loan_a.pk}", outcome_b)  # not the friendly pre-check: the constraint said no
        loan_b.refresh_from_db()
        self.assertEqual(loan_b.status, LoanStatus.UNDER_REVIEW)
        self.assertEqual(PledgedAsset.objects.filter(holds_pledge=True).count(), 1)

    @staticmethod
    def decide_in_transaction(loan, officer):
        actions.transition_loan(
            actor=officer, loan=loan, to_status="approved", amount=Decimal("1000000"), rate=Decimal(4), term_months=12
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real PostgreSQL row locks and concurrency")
class ConcurrentPoolTests(FinancingMixin, TransactionTestCase):
    """Each district's pool under concurrent writers (issue 21): two set-ups in one district make
    one pool, and compensations at once never overdraw a district's pool nor touch another's."""

    def _fixture_teardown(self):
        super()._fixture_teardown()
        ensure_loaded()  # the flush after a transactional test empties the reference tables too

    def setUp(self):
        self.make_financing()

    @staticmethod
    def together(calls):
        """Run the calls at the same moment, each in its own thread and connection; each gives
        "ok" or the message it was refused with."""
        barrier = threading.Barrier(len(calls))

        def run(call):
            barrier.wait()
            try:
                call()
                return "ok"
            except ValidationError as exc:
                return " ".join(exc.messages)
            except PermissionDenied as exc:  # e.g. the default was compensated meanwhile
                return str(exc)
            finally:
                connections.close_all()

        with ThreadPoolExecutor(max_workers=len(calls)) as pool:
            return list(pool.map(run, calls))

    def test_two_set_ups_of_one_districts_pool_at_once_make_one_pool(self):
        outcomes = self.together(
            [
                lambda: actions.set_up_risk_pool(actor=self.second_clerk, name="Fushan pool A"),
                lambda: actions.set_up_risk_pool(actor=self.second_leader, name="Fushan pool B"),
            ]
        )
        self.assertEqual(outcomes.count("ok"), 1, outcomes)
        self.assertEqual(RiskPool.objects.filter(district=self.second_district).count(), 1)
        # The refused set-up left no fund source behind.
        self.assertEqual(FundSource.objects.filter(district=self.second_district).count(), 1)

    def test_compensations_at_once_never_overdraw_a_districts_pool_nor_touch_anothers(self):
        second_pool = actions.set_up_risk_pool(actor=self.second_clerk, name="Fushan pool")
        actions.fund_risk_pool(actor=self.second_clerk, year=2026, amount=Decimal("500000"))
        first, second = self.second_district_default(700), self.second_district_default(701)
        here = self.default_half_repaid(self.lend(self.apply()))
        outcomes = self.together(
            [
                lambda: actions.compensate_default(actor=self.second_clerk, loan=first),
                lambda: actions.compensate_default(actor=self.second_leader, loan=second),
                lambda: actions.compensate_default(actor=self.second_clerk, loan=first),
                lambda: actions.compensate_default(actor=self.clerk, loan=here),
            ]
        )
        self.assertEqual(outcomes[3], "ok", outcomes)
        self.assertEqual(outcomes[:3].count("ok"), 1, outcomes)  # ¥500,000 covers one ¥400,000
        positions = {p.source.pk: p for p in ledger.positions(2026)}
        self.assertEqual(positions[second_pool.source_id].paid, Decimal("400000.00"))
        self.assertEqual(positions[second_pool.source_id].available, Decimal("100000.00"))
        self.assertEqual(positions[self.pool.source_id].paid, Decimal("400000.00"))
        self.assertEqual(Compensation.objects.filter(source=second_pool.source).count(), 1)
        self.assertEqual(ledger.verify_ledger(), [])
