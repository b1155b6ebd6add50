"""Against real PostgreSQL: 16 concurrent workers fire 1,000 payment requests through the API,
200 of them repeating an idempotency key already used and 100 asking more than is left to pay.
The ledger must balance to the fen, nothing may be paid twice, no balance may go negative, and
no request may get a 500."""

import random
import threading
from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.test import Client, TransactionTestCase

from funds import ledger
from incentives.models import Application, Payment, PaymentRequest
from incentives.tests.base import FundsMixin
from portfolio import actions as portfolio_actions
from portfolio.numbers import check_character
from refdata.loading import ensure_loaded

pytestmark = pytest.mark.postgres
WORKERS = 16
APPLICATIONS = 20


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real PostgreSQL row locks and concurrency")
class ConcurrentPaymentTests(FundsMixin, TransactionTestCase):
    def _fixture_teardown(self):
        super()._fixture_teardown()
        ensure_loaded()  # the flush after a transactional test empties the reference tables too

    def setUp(self):
        self.make_funds()
        extra = [
            portfolio_actions.add_patent(
                actor=None,
                application_number=f"{body}.{check_character(body)}",
                owners=[self.enterprise],
                title=f"Concurrent {i}",
                filing_date="2020-01-01",
                grant_date="2025-06-01",
                status="granted",
            )
            for i, body in enumerate(f"20201{n:07d}" for n in range(100, 100 + APPLICATIONS))
        ]
        self.applications = [self.approve(self.submit(f"patent:{p.pk}")) for p in extra]  # ¥5,000 each

    def test_1000_concurrent_payment_requests(self):
        rng = random.Random(7)
        requests = []
        for n in range(700):
            requests.append((f"key-{n}", rng.choice(self.applications).pk, Decimal("10.00")))
        for n in range(100):
            requests.append((f"overdraw-{n}", rng.choice(self.applications).pk, Decimal("5000.01")))
        for key, app_id, amount in rng.sample(requests[:700], 200):
            requests.append((key, app_id, amount))
        rng.shuffle(requests)
        self.assertEqual(len(requests), 1000)

        results: list[tuple[str, int, int | None]] = []
        lock = threading.Lock()

        def worker(batch):
            client = Client()
            client.force_login(self.clerk)
            try:
                for key, app_id, amount in batch:
                    response = client.post(
                        f"/api/award-applications/{app_id}/payments",
                        data={"amount": str(amount), "idempotency_key": key},
                        content_type="application/json",
                    )
                    with lock:
                        results.append((key, response.status_code, response.json().get("id")))
            finally:
                # Each thread has its own connection: close it, or the test database cannot be dropped.
                connections.close_all()

        threads = [threading.Thread(target=worker, args=(requests[i::WORKERS],)) for i in range(WORKERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(len(results), 1000)

        statuses = Counter(status for _key, status, _id in results)
        self.assertNotIn(500, statuses)
        self.assertEqual(statuses[201], 900)  # 700 first requests and their 200 repeats
        self.assertEqual(statuses[422], 100)  # every overdraw refused
        payments_by_key: dict[str, set[int]] = {}
        for key, status, payment_id in results:
            if status == 201:
                payments_by_key.setdefault(key, set()).add(payment_id)
        self.assertTrue(all(len(ids) == 1 for ids in payments_by_key.values()), "a key answered with two payments")
        self.assertEqual(Payment.objects.count(), 700)
        self.assertEqual(PaymentRequest.objects.count(), 700)
        self.assertEqual(ledger.verify_ledger(), [])
        total_paid = sum(p.paid for p in ledger.positions(2026))
        self.assertEqual(total_paid, Decimal("7000.00"))
        self.assertEqual(sum(Payment.objects.values_list("amount", flat=True)), Decimal("7000.00"))
        for application in Application.objects.filter(pk__in=[a.pk for a in self.applications]):
            paid = sum(application.payments.values_list("amount", flat=True))
            self.assertLessEqual(paid, application.approved_amount)
        for position in ledger.positions(2026):
            self.assertGreaterEqual(position.available, 0)
            self.assertGreaterEqual(position.committed, 0)
