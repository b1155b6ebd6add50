"""High-value invention patents: each criterion of the national definition, checked on
patents built through the portfolio actions, and the summary per enterprise and per 10,000 people."""

import datetime as dt
from decimal import Decimal

from django.test import TestCase
from django.utils import translation

from financing import actions as financing_actions
from financing.tests.base import FinancingMixin
from landscape import actions
from landscape.quality import high_value_invention_patents, high_value_reasons, high_value_summary, ipc_matches
from portfolio import actions as portfolio_actions
from portfolio.models import Patent
from registry.actions import set_population

ON = dt.date(2026, 6, 1)


class HighValueTests(FinancingMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_financing()

        def invention(number, owners=None, **fields):
            values = {
                "title": f"Invention {number}",
                "filing_date": "2020-01-01",
                "grant_date": "2022-06-01",
                "status": "granted",
                "ipc_codes": ["A01B 1/00"],
                **fields,
            }
            return portfolio_actions.add_patent(
                actor=None, application_number=number, owners=owners or [cls.enterprise], **values
            )

        cls.plain = cls.patents[0]  # granted 2022, no criterion
        cls.family = invention("202010000004.5", has_foreign_family=True, foreign_family_granted=True)
        cls.old = invention("201310000001.1", filing_date="2013-03-01", grant_date="2015-01-01")
        cls.young_old = invention("201610000001.5", filing_date="2016-07-01", grant_date="2018-01-01")
        cls.sei = invention("202010000005.X", ipc_codes=["G06F 16/35", "A01B 1/00"], owners=[cls.other_enterprise])
        cls.awarded = invention("202010000006.4")
        cls.lapsed_family = invention(
            "202010000007.9", status="lapsed", has_foreign_family=True, foreign_family_granted=True
        )
        cls.utility = portfolio_actions.add_patent(
            actor=None,
            application_number="202020000001.7",
            owners=[cls.enterprise],
            title="Utility",
            filing_date="2020-01-01",
            grant_date="2020-06-01",
            status="granted",
            has_foreign_family=True,
        )
        actions.record_patent_award(actor=cls.clerk, patent=cls.awarded, year=2025, level="gold")
        # A loan of ¥12,000,000 lent on the pledge of the shared patent (co-owned with Charlie).
        big = financing_actions.create_product(
            actor=None,
            bank=cls.bank,
            name="Big loan",
            min_amount=Decimal("100000"),
            max_amount=Decimal("20000000"),
            max_term_months=36,
            rate_from=Decimal("3.20"),
            rate_to=Decimal("4.50"),
            compensation_percent=Decimal("40"),
        )
        loan = cls.apply(
            product=big,
            patents=[cls.shared_patent],
            amount="12000000",
            consents={cls.shared_patent.pk: [cls.other_enterprise]},
        )
        officer = cls.bank_officer
        loan = financing_actions.transition_loan(actor=officer, loan=loan, to_status="under_review")
        loan = financing_actions.transition_loan(
            actor=officer,
            loan=loan,
            to_status="approved",
            amount=Decimal("12000000"),
            rate=Decimal("3.85"),
            term_months=12,
        )
        loan = financing_actions.transition_loan(
            actor=officer, loan=loan, to_status="pledge_registered", registration_number="Y1", registered_on=ON
        )
        financing_actions.transition_loan(actor=officer, loan=loan, to_status="disbursed", disbursed_on=ON)
        # A small loan (¥2,000,000) on another patent does not count.
        cls.lend(cls.apply(patents=[cls.patents[1]]))
        actions.import_strategic_industry_ipc(
            actor=cls.clerk, data="ipc,industry_code,industry_name\nG06F16,1.5.2,新兴软件和新型信息技术服务\n".encode()
        )
        set_population(actor=None, year=2025, population=400000)

    def test_a_foreign_family_counts_only_when_a_member_is_granted_abroad(self):
        # Issue 16 item 7: 在海外有同族专利权 — a family only applied for abroad is not enough.
        Patent.objects.filter(pk=self.family.pk).update(foreign_family_granted=False)
        self.family.refresh_from_db()
        self.assertTrue(self.family.has_foreign_family)
        self.assertEqual(high_value_reasons(self.family, ON), [])
        self.assertNotIn(self.family.pk, set(high_value_invention_patents(ON).values_list("pk", flat=True)))
        Patent.objects.filter(pk=self.family.pk).update(foreign_family_granted=True)
        self.assertIn(self.family.pk, set(high_value_invention_patents(ON).values_list("pk", flat=True)))

    def test_each_criterion(self):
        with translation.override("en"):
            self.assertEqual(high_value_reasons(self.plain, ON), [])
            self.assertEqual(high_value_reasons(self.family, ON), ["Foreign family member granted abroad"])
            self.assertEqual(high_value_reasons(self.old, ON), ["Maintained for more than 10 years"])
            self.assertEqual(high_value_reasons(self.young_old, ON), [])  # 9 years 11 months
            self.assertEqual(high_value_reasons(self.sei, ON), ["In a strategic emerging industry"])
            self.assertEqual(
                high_value_reasons(self.awarded, ON),
                ["Won a national science and technology award or the China Patent Award"],
            )
            self.assertEqual(
                high_value_reasons(self.shared_patent, ON), ["Pledged for a high financing amount (the rule's figure)"]
            )
            self.assertEqual(high_value_reasons(self.patents[1], ON), [])
            # Not in force, or not an invention: never high-value, whatever the flags say.
            self.assertEqual(high_value_reasons(self.lapsed_family, ON), [])
            self.assertEqual(high_value_reasons(self.utility, ON), [])

    def test_the_day_matters(self):
        with translation.override("en"):
            self.assertEqual(
                high_value_reasons(self.young_old, dt.date(2026, 7, 2)), ["Maintained for more than 10 years"]
            )
        self.assertEqual(high_value_reasons(self.awarded, dt.date(2024, 12, 31)), [])  # award came in 2025
        self.assertEqual(high_value_reasons(self.shared_patent, dt.date(2026, 5, 31)), [])  # lent on 1 June

    def test_queryset_and_summary(self):
        expected = {self.family, self.old, self.sei, self.awarded, self.shared_patent}
        self.assertEqual(set(high_value_invention_patents(ON)), expected)
        summary = high_value_summary(ON)
        self.assertEqual(summary["total"], 5)
        self.assertEqual(summary["per_10k"], Decimal("0.13"))  # 5 / 400,000 × 10,000 = 0.125
        # The co-owned pledged patent counts for both owners.
        self.assertEqual(summary["by_enterprise"], [(self.enterprise, 4), (self.other_enterprise, 2)])

    def test_no_population_no_rate(self):
        summary = high_value_summary(dt.date(2024, 6, 1))
        self.assertIsNone(summary["per_10k"])

    def test_concordance_matching(self):
        self.assertTrue(ipc_matches("G06F 16/35", "G06F"))
        self.assertTrue(ipc_matches("G06F16/35", "G06F16"))
        self.assertTrue(ipc_matches("G06F16/35", "G06F16/00"))
        self.assertTrue(ipc_matches("G06F16/35", "G06F16/35"))
        self.assertFalse(ipc_matches("G06F16/351", "G06F16/35"))
        self.assertFalse(ipc_matches("G06F161/00", "G06F16"))

    def test_bad_concordance_imports_nothing(self):
        count, errors = actions.import_strategic_industry_ipc(
            actor=self.clerk, data="ipc,industry_code,industry_name\nG06F,1,软件\nX99,2,坏\n".encode()
        )
        self.assertEqual(count, 0)
        self.assertEqual(len(errors), 1)
        self.assertIn("3", errors[0])
        self.assertEqual(set(high_value_invention_patents(ON)) & {self.sei}, {self.sei})  # old table kept
