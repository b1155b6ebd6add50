"""Against real PostgreSQL: the case's two officers propose the same transfer at the same
moment. The case row lock lets exactly one proposal through (without the lock this test fails:
checked by removing it)."""

import threading
from concurrent.futures import ThreadPoolExecutor
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied
from django.db import connection, connections
from django.test import TransactionTestCase

from protection import actions
from protection.models import Transfer
from protection.tests.base import ProtectionMixin, at
from refdata.loading import ensure_loaded

pytestmark = pytest.mark.postgres
ROUNDS = 8


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real PostgreSQL row locks and concurrency")
class ConcurrentTransferTests(ProtectionMixin, TransactionTestCase):
    def _fixture_teardown(self):
        super()._fixture_teardown()
        ensure_loaded()  # the flush after a transactional test empties the reference tables too

    def setUp(self):
        # The flush also took the thresholds the data migration loaded; load them again.
        import_module("protection.migrations.0002_criminal_thresholds").load(django_apps, None)
        import_module("protection.migrations.0008_criminal_thresholds_2025").load(django_apps, None)
        self.make_protection()

    def propose(self, case, officer):
        try:
            actions.propose_transfer(actor=officer, case=case, police=self.police)
            return "proposed"
        except PermissionDenied as exc:
            return str(exc)
        finally:
            connections.close_all()

    def test_two_officers_proposing_at_once_make_one_transfer(self):
        cases = [
            self.investigate(self.file(self.lead(at(2026, 3, 2)), at(2026, 3, 3)), at(2026, 3, 4), volume="60000")
            for _ in range(ROUNDS)
        ]
        for case in cases:
            barrier = threading.Barrier(2)

            def go(officer, case=case, barrier=barrier):
                barrier.wait()
                return self.propose(case, officer)

            with ThreadPoolExecutor(max_workers=2) as pool:
                outcomes = sorted(pool.map(go, [self.enforcer, self.enforcer2]))
            self.assertEqual(outcomes.count("proposed"), 1, outcomes)
            self.assertEqual(Transfer.objects.filter(case=case).count(), 1)
