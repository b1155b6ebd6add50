import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import translation

from audit.models import AuditEvent
from funds import ledger
from incentives import actions
from incentives.models import ApplicationStatusChange
from incentives.tests.base import D, FundsMixin
from incentives.workflow import TRANSITIONS


class WorkflowTests(FundsMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_funds()

    def test_the_platform_proposes_eligible_assets_and_amounts(self):
        from incentives.rules import eligible_assets

        assets = eligible_assets(self.item, self.enterprise)
        self.assertEqual(sorted(a.asset_key for a in assets), sorted(f"patent:{p.pk}" for p in self.patents))
        self.assertEqual({a.amount for a in assets}, {Decimal("5000.00")})

    def test_an_asset_already_claimed_under_the_same_item_is_refused(self):
        self.submit()
        with self.assertRaises(ValidationError):
            self.submit(f"patent:{self.patents[0].pk}")

    def test_a_rejected_application_frees_its_assets(self):
        application = self.submit()
        actions.transition_application(
            actor=self.clerk, application=application, to_status="rejected", note="wrong year"
        )
        self.submit(f"patent:{self.patents[0].pk}")

    def test_an_asset_outside_the_rule_is_refused(self):
        other = self.other_enterprise
        with self.assertRaises(ValidationError):
            actions.submit_application(
                actor=self.other_manager,
                programme=self.programme,
                enterprise=other,
                asset_keys=[(self.item, f"patent:{self.patents[0].pk}")],
                today=D(2026, 5, 6),
            )

    def test_the_whole_way_commits_and_pays_from_each_source_by_its_share(self):
        application = self.approve(self.submit())
        self.assertEqual(application.approved_amount, Decimal("10000.00"))
        positions = {p.source.name: p for p in ledger.positions(2026)}
        self.assertEqual(positions["District fund"].committed, Decimal("7000.00"))
        self.assertEqual(positions["Municipal fund"].committed, Decimal("3000.00"))
        actions.record_payment(actor=self.clerk, application=application, amount=Decimal("4000"), idempotency_key="p1")
        application.refresh_from_db()
        self.assertEqual(application.status, "approved")
        actions.record_payment(actor=self.clerk, application=application, amount=Decimal("6000"), idempotency_key="p2")
        application.refresh_from_db()
        self.assertEqual(application.status, "paid")
        positions = {p.source.name: p for p in ledger.positions(2026)}
        self.assertEqual(
            (positions["District fund"].paid, positions["District fund"].committed), (Decimal("7000.00"), 0)
        )
        self.assertEqual(positions["District fund"].available, Decimal("93000.00"))
        self.assertEqual(ledger.verify_ledger(), [])
        steps = list(
            ApplicationStatusChange.objects.filter(application=application).values_list("to_status", flat=True)
        )
        self.assertEqual(steps, ["clerk_checked", "reviewer_checked", "public_notice", "approved", "paid"])
        self.assertTrue(AuditEvent.objects.filter(action="award_application.payment").exists())

    def test_paying_twice_with_one_key_pays_once(self):
        application = self.approve(self.submit())
        first = actions.record_payment(
            actor=self.clerk, application=application, amount=Decimal("1000"), idempotency_key="k"
        )
        again = actions.record_payment(
            actor=self.clerk, application=application, amount=Decimal("1000"), idempotency_key="k"
        )
        self.assertEqual(first.pk, again.pk)
        with self.assertRaises(ValidationError):
            actions.record_payment(
                actor=self.clerk, application=application, amount=Decimal("2000"), idempotency_key="k"
            )

    def test_paying_more_than_approved_is_refused(self):
        application = self.approve(self.submit())
        with self.assertRaises(ValidationError):
            actions.record_payment(
                actor=self.clerk, application=application, amount=Decimal("10000.01"), idempotency_key="x"
            )

    def test_approval_beyond_the_budget_is_refused(self):
        actions.add_award_item(
            actor=None,
            programme=self.programme,
            name="Big",
            rule="invention_granted",
            amount=Decimal("60000"),
            shares=[(self.municipal, Decimal(100))],
            policy_exception="Test exception",  # see base.py
        )
        big = self.programme.items.get(name="Big")
        application = actions.submit_application(
            actor=self.ent_manager,
            programme=self.programme,
            enterprise=self.enterprise,
            asset_keys=[(big, f"patent:{self.patents[0].pk}")],
            today=D(2026, 5, 6),
        )
        with self.assertRaises(ledger.InsufficientFunds):
            self.approve(application)

    def test_a_reversal_returns_the_money_to_committed(self):
        application = self.approve(self.submit())
        payment = actions.record_payment(
            actor=self.clerk, application=application, amount=Decimal("10000"), idempotency_key="a"
        )
        actions.reverse_payment(actor=self.clerk, payment=payment, note="bank returned the transfer")
        application.refresh_from_db()
        self.assertEqual(application.status, "approved")
        self.assertEqual(sum(p.committed for p in ledger.positions(2026)), Decimal("10000.00"))
        self.assertEqual(ledger.verify_ledger(), [])

    def test_each_step_is_taken_by_its_role_only(self):
        application = self.submit()
        with translation.override("en"), self.assertRaises(PermissionDenied) as caught:
            actions.transition_application(actor=self.reviewer, application=application, to_status="clerk_checked")
        self.assertIn("Clerk", str(caught.exception))
        with self.assertRaises(PermissionDenied):
            actions.transition_application(actor=self.ent_manager, application=application, to_status="clerk_checked")
        self.assertEqual(set(TRANSITIONS["public_notice"]["approved"]), {"leader"})

    def test_approval_waits_for_the_end_of_the_notice_and_for_objections(self):
        application = self.submit()
        for actor, status in [
            (self.clerk, "clerk_checked"),
            (self.reviewer, "reviewer_checked"),
            (self.clerk, "public_notice"),
        ]:
            application = actions.transition_application(
                actor=actor, application=application, to_status=status, today=D(2026, 5, 6)
            )
        with self.assertRaises(PermissionDenied):
            actions.transition_application(
                actor=self.leader, application=application, to_status="approved", today=application.notice_ends
            )
        objection = actions.raise_objection(
            actor=self.other_manager, application=application, text="not their patent", today=application.notice_starts
        )
        with self.assertRaises(PermissionDenied):
            actions.transition_application(
                actor=self.leader, application=application, to_status="approved", today=D(2026, 6, 30)
            )
        actions.resolve_objection(
            actor=self.reviewer, objection=objection, upheld=False, resolution="checked the register"
        )
        actions.transition_application(
            actor=self.leader, application=application, to_status="approved", today=D(2026, 6, 30)
        )

    def test_objections_are_taken_only_during_the_notice(self):
        application = self.submit()
        with self.assertRaises(PermissionDenied):
            actions.raise_objection(actor=self.other_manager, application=application, text="x", today=D(2026, 5, 6))


class NoticeDateTests(FundsMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_funds()

    def publish_on(self, day: dt.date):
        application = self.submit(today=D(2026, 5, 6))
        for actor, status in [
            (self.clerk, "clerk_checked"),
            (self.reviewer, "reviewer_checked"),
            (self.clerk, "public_notice"),
        ]:
            application = actions.transition_application(
                actor=actor, application=application, to_status=status, today=day
            )
        return application

    def test_five_working_days_across_national_day(self):
        # Published Wednesday 30 September 2026: 1–7 October are holidays; 10 October (Saturday) is worked.
        application = self.publish_on(D(2026, 9, 30))
        self.assertEqual((application.notice_starts, application.notice_ends), (D(2026, 10, 8), D(2026, 10, 13)))

    def test_five_working_days_across_spring_festival(self):
        # Published Friday 13 February 2026: Saturday 14 February is a make-up workday, 15–23 February are holidays.
        self.programme.opens_on = D(2026, 1, 1)
        self.programme.save()
        application = self.publish_on(D(2026, 2, 13))
        self.assertEqual(application.notice_starts, D(2026, 2, 14))
        self.assertEqual(application.notice_ends, D(2026, 2, 27))
