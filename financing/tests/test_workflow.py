from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import translation

from audit.models import AuditEvent
from financing import actions
from financing.choices import LoanStatus
from financing.models import Compensation, PledgedAsset
from financing.tests.base import TODAY, D, FinancingMixin
from funds import ledger


class EnglishMessagesMixin:
    """These tests read the messages; they are written in English (the catalogue's source)."""

    def setUp(self):
        super().setUp()
        translation.activate("en")
        self.addCleanup(translation.deactivate)


class ApplicationTests(EnglishMessagesMixin, FinancingMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_financing()

    def test_enterprise_applies_with_its_own_granted_patent_and_the_bank_receives_it(self):
        loan = self.apply(patents=self.patents, trademarks=[self.mark])
        self.assertEqual(loan.status, LoanStatus.RECEIVED)
        self.assertEqual(loan.bank, self.bank)
        self.assertEqual(loan.assets.count(), 3)
        self.assertTrue(all(a.value_score > 0 and a.value_indicators for a in loan.assets.all()))
        self.assertTrue(AuditEvent.objects.filter(action="pledge_loan.apply", object_id=str(loan.pk)).exists())

    def test_enterprise_cannot_pledge_another_enterprises_patent(self):
        other = self.patents[0]
        with self.assertRaises(PermissionDenied):
            actions.apply_for_loan(
                actor=self.other_manager,
                product=self.product,
                enterprise=self.enterprise,
                requested_amount=Decimal("200000"),
                requested_term_months=12,
                patents=[other],
            )
        with self.assertRaisesMessage(ValidationError, "not the enterprise's own"):
            actions.apply_for_loan(
                actor=self.other_manager,
                product=self.product,
                enterprise=self.other_enterprise,
                requested_amount=Decimal("200000"),
                requested_term_months=12,
                patents=[other],
            )

    def test_a_lapsed_patent_cannot_be_pledged(self):
        from portfolio import actions as portfolio_actions

        portfolio_actions.update_patent(actor=None, patent=self.patents[1], status="lapsed")
        self.patents[1].refresh_from_db()
        with self.assertRaisesMessage(ValidationError, "not a granted patent in force"):
            self.apply(patents=[self.patents[1]])

    def test_a_co_owned_patent_needs_every_co_owner_recorded_as_consenting(self):
        with self.assertRaisesMessage(ValidationError, "Charlie Ltd"):
            self.apply(patents=[self.shared_patent])
        loan = self.apply(patents=[self.shared_patent], consents={self.shared_patent.pk: [self.other_enterprise]})
        self.assertEqual(list(loan.assets.get().co_owner_consents.all()), [self.other_enterprise])

    def test_amount_and_term_must_fit_the_product(self):
        with self.assertRaisesMessage(ValidationError, "lends from"):
            self.apply(amount="50000")

    def test_a_pledged_asset_cannot_be_applied_with_again(self):
        self.approve(self.apply())
        with self.assertRaisesMessage(ValidationError, "already pledged"):
            self.apply(product=self.product2)


class BankWorkflowTests(EnglishMessagesMixin, FinancingMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_financing()

    def test_the_other_bank_and_the_enterprise_cannot_take_the_banks_steps(self):
        loan = self.apply()
        for actor in (self.bank2_officer, self.ent_manager, self.clerk):
            with self.subTest(actor=actor.username), self.assertRaises(PermissionDenied) as caught:
                actions.transition_loan(actor=actor, loan=loan, to_status="under_review")
            self.assertIn("bank the application was sent to", str(caught.exception))

    def test_approval_needs_amount_rate_and_term_and_takes_the_pledge(self):
        loan = actions.transition_loan(actor=self.bank_officer, loan=self.apply(), to_status="under_review")
        with self.assertRaises(ValidationError):
            actions.transition_loan(actor=self.bank_officer, loan=loan, to_status="approved")
        loan = self.approve(self.apply(patents=[self.patents[1]]))
        self.assertEqual(loan.approved_amount, Decimal("2000000.00"))
        self.assertTrue(loan.assets.get().holds_pledge)

    def test_two_applications_may_share_an_asset_but_only_one_bank_gets_the_pledge(self):
        first = self.apply(patents=[self.patents[0]])
        second = self.apply(product=self.product2, patents=[self.patents[0]])
        self.approve(first)
        second = actions.transition_loan(actor=self.bank2_officer, loan=second, to_status="under_review")
        with self.assertRaisesMessage(ValidationError, f"#{first.pk}"):
            self.decide(second)
        second.refresh_from_db()
        self.assertEqual(second.status, LoanStatus.UNDER_REVIEW)  # the refused approval wrote nothing
        self.assertFalse(second.assets.get().holds_pledge)
        # Once the first bank declines, the asset is free for the second.
        actions.transition_loan(actor=self.bank_officer, loan=first, to_status="declined", note="Collateral too thin")
        self.assertEqual(self.decide(second).status, LoanStatus.APPROVED)

    def decide(self, loan):
        return actions.transition_loan(
            actor=self.bank2_officer,
            loan=loan,
            to_status="approved",
            amount=Decimal("1000000"),
            rate=Decimal(4),
            term_months=6,
        )

    def test_decline_needs_a_reason(self):
        with self.assertRaisesMessage(ValidationError, "reason"):
            actions.transition_loan(actor=self.bank_officer, loan=self.apply(), to_status="declined")

    def test_the_enterprise_may_withdraw_before_the_decision(self):
        loan = actions.transition_loan(actor=self.ent_manager, loan=self.apply(), to_status="withdrawn")
        self.assertEqual(loan.status, LoanStatus.WITHDRAWN)

    def test_a_loan_from_registration_to_repayment_and_close(self):
        loan = self.lend(self.apply())
        self.assertEqual(loan.registration_number, "Y2026370000123")
        self.assertEqual(loan.disbursed_amount, Decimal("2000000.00"))
        actions.record_repayment(
            actor=self.bank_officer,
            loan=loan,
            paid_on=D(2026, 4, 10),
            principal=Decimal("500000"),
            interest=Decimal("19250"),
        )
        with self.assertRaisesMessage(PermissionDenied, "¥1,500,000.00 of principal is still to be repaid"):
            actions.transition_loan(actor=self.bank_officer, loan=loan, to_status="closed")
        with self.assertRaisesMessage(ValidationError, "outstanding"):
            actions.record_repayment(
                actor=self.bank_officer, loan=loan, paid_on=D(2026, 7, 10), principal=Decimal("1500001"), interest=0
            )
        actions.record_repayment(
            actor=self.bank_officer,
            loan=loan,
            paid_on=D(2026, 12, 10),
            principal=Decimal("1500000"),
            interest=Decimal("48000"),
        )
        loan = actions.transition_loan(actor=self.bank_officer, loan=loan, to_status="closed")
        self.assertEqual(loan.status, LoanStatus.CLOSED)
        self.assertFalse(PledgedAsset.objects.filter(loan=loan, holds_pledge=True).exists())
        self.assertEqual(
            list(loan.changes.values_list("to_status", flat=True)),
            ["under_review", "approved", "pledge_registered", "disbursed", "closed"],
        )

    def test_registration_needs_the_number_and_date(self):
        loan = self.approve(self.apply())
        with self.assertRaisesMessage(ValidationError, "registration number"):
            actions.transition_loan(actor=self.bank_officer, loan=loan, to_status="pledge_registered")

    def test_only_the_agency_it_was_sent_to_records_the_valuation(self):
        loan = actions.assign_valuer(actor=self.bank_officer, loan=self.apply(), valuer=self.valuer_org)
        asset = loan.assets.get()
        with self.assertRaises(PermissionDenied):
            actions.record_valuation(
                actor=self.other_valuer, loan=loan, report_number="R1", valued_on=TODAY, values={asset.pk: Decimal(1)}
            )
        valuation = actions.record_valuation(
            actor=self.valuer,
            loan=loan,
            report_number="R-2026-01",
            valued_on=TODAY,
            values={asset.pk: Decimal("3500000")},
        )
        self.assertEqual(valuation.total_value, Decimal("3500000.00"))
        asset.refresh_from_db()
        self.assertEqual(asset.appraised_value, Decimal("3500000.00"))


class DefaultAndPoolTests(EnglishMessagesMixin, FinancingMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_financing()

    def default(self, amount_left="1500000"):
        loan = self.lend(self.apply())
        actions.record_repayment(
            actor=self.bank_officer,
            loan=loan,
            paid_on=D(2026, 3, 10),
            principal=Decimal("2000000") - Decimal(amount_left),
            interest=Decimal("10000"),
        )
        return actions.transition_loan(
            actor=self.bank_officer,
            loan=loan,
            to_status="defaulted",
            note="Two instalments missed",
            today=D(2026, 6, 1),
        )

    def pool_position(self):
        return next(p for p in ledger.positions(2026) if p.source == self.pool.source)

    def test_a_default_is_compensated_from_the_pool_exactly_once(self):
        loan = self.default()
        compensation = actions.compensate_default(actor=self.clerk, loan=loan)
        self.assertEqual(compensation.amount, Decimal("600000.00"))  # 40% of ¥1,500,000 outstanding
        self.assertEqual(compensation.outstanding_principal, Decimal("1500000.00"))
        with self.assertRaisesMessage(PermissionDenied, "already compensated"):
            actions.compensate_default(actor=self.clerk, loan=loan)
        position = self.pool_position()
        self.assertEqual(
            (position.budget, position.paid, position.available),
            (Decimal("1000000.00"), Decimal("600000.00"), Decimal("400000.00")),
        )
        self.assertEqual(Compensation.objects.count(), 1)
        self.assertEqual(ledger.verify_ledger(), [])

    def test_the_unique_constraint_stops_a_second_compensation_row(self):
        from django.db import IntegrityError, transaction

        compensation = actions.compensate_default(actor=self.clerk, loan=self.default())
        with self.assertRaises(IntegrityError), transaction.atomic():
            Compensation.objects.create(
                loan=compensation.loan,
                source=self.pool.source,
                year=2026,
                outstanding_principal=Decimal(1),
                percent=Decimal(1),
                amount=Decimal(1),
            )

    def test_the_pool_cannot_go_negative_and_a_refused_compensation_writes_nothing(self):
        loan = self.default(amount_left="2000000")  # 40% = ¥800,000
        other = self.lend(self.apply(patents=[self.patents[1]]))
        actions.transition_loan(
            actor=self.bank_officer, loan=other, to_status="defaulted", note="x", today=D(2026, 6, 1)
        )
        actions.compensate_default(actor=self.clerk, loan=loan)
        with self.assertRaisesMessage(ValidationError, "¥200000.00"):
            actions.compensate_default(actor=self.clerk, loan=other)  # ¥800,000 asked, ¥200,000 left
        self.assertFalse(Compensation.objects.filter(loan=other).exists())
        self.assertEqual(self.pool_position().available, Decimal("200000.00"))
        self.assertEqual(ledger.verify_ledger(), [])

    def test_only_the_office_pays_compensation(self):
        loan = self.default()
        for actor in (self.bank_officer, self.ent_manager, self.reviewer):
            with self.subTest(actor=actor.username), self.assertRaises(PermissionDenied):
                actions.compensate_default(actor=actor, loan=loan)

    def test_a_loan_not_in_default_is_not_compensated(self):
        with self.assertRaisesMessage(PermissionDenied, "in default"):
            actions.compensate_default(actor=self.clerk, loan=self.lend(self.apply()))
