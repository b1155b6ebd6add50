"""The interest-subsidy rule: a share of the interest a repaid pledge loan paid in the period,
capped per loan by the item's amount and per enterprise by its yearly cap."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import translation

from financing import actions as financing_actions
from financing.subsidies import INTEREST_SUBSIDY_PERCENT
from financing.tests.base import D, FinancingMixin
from funds import actions as fund_actions
from funds.choices import FundLevel
from incentives import actions
from incentives.choices import RuleKind
from incentives.rules import eligible_assets


class LoanInterestRuleTests(FinancingMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_financing()
        cls.district = fund_actions.create_fund_source(actor=None, name="District fund", level=FundLevel.DISTRICT)
        fund_actions.allocate_budget(actor=None, source=cls.district, year=2027, amount=Decimal("100000"))
        cls.programme = actions.create_programme(
            actor=None,
            name="Pledge-loan interest subsidies",
            year=2027,
            opens_on=D(2027, 1, 1),
            closes_on=D(2027, 12, 31),
            period_start=D(2026, 1, 1),
            period_end=D(2026, 12, 31),
        )
        cls.item = actions.add_award_item(
            actor=None,
            programme=cls.programme,
            name="Interest subsidy",
            rule=RuleKind.LOAN_INTEREST,
            amount=Decimal("30000"),
            shares=[(cls.district, Decimal(100))],
        )
        cls.loan = cls.lend(cls.apply())
        for paid_on, principal, interest in [
            (D(2025, 12, 20), "0", "5000"),  # before the period: not counted
            (D(2026, 6, 20), "1000000", "38500"),
            (D(2026, 12, 20), "1000000", "19250"),
        ]:
            financing_actions.record_repayment(
                actor=cls.bank_officer,
                loan=cls.loan,
                paid_on=paid_on,
                principal=Decimal(principal),
                interest=Decimal(interest),
            )

    def close(self):
        return financing_actions.transition_loan(actor=self.bank_officer, loan=self.loan, to_status="closed")

    def test_a_loan_not_yet_repaid_does_not_qualify(self):
        self.assertEqual(eligible_assets(self.item, self.enterprise), [])

    def test_a_repaid_loan_earns_the_share_of_interest_paid_in_the_period(self):
        self.close()
        (asset,) = eligible_assets(self.item, self.enterprise)
        self.assertEqual(asset.asset_key, f"loan:{self.loan.pk}")
        self.assertEqual(INTEREST_SUBSIDY_PERCENT, Decimal(50))
        self.assertEqual(asset.amount, Decimal("28875.00"))  # 50% of 38,500 + 19,250

    def test_the_item_amount_caps_each_loan_and_the_enterprise_cap_the_year(self):
        self.close()
        self.item.amount = Decimal("20000")
        self.item.cap_per_enterprise = Decimal("15000")
        self.item.save()
        (asset,) = eligible_assets(self.item, self.enterprise)
        self.assertEqual(asset.amount, Decimal("15000.00"))

    def test_the_subsidy_becomes_an_award_application_under_the_item_once(self):
        self.close()
        application = financing_actions.apply_for_interest_subsidy(
            actor=self.ent_manager, loan=self.loan, item=self.item, today=dt.date(2027, 3, 1)
        )
        line = application.lines.get()
        self.assertEqual((line.item, line.amount), (self.item, Decimal("28875.00")))
        with self.assertRaises(ValidationError), translation.override("en"):
            financing_actions.apply_for_interest_subsidy(
                actor=self.ent_manager, loan=self.loan, item=self.item, today=dt.date(2027, 3, 1)
            )
        self.assertEqual(self.item.lines.count(), 1)

    def test_another_enterprise_cannot_claim_the_loan(self):
        self.close()
        self.assertEqual(eligible_assets(self.item, self.other_enterprise), [])
