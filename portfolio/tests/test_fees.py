"""Annuity amounts from the fee rules (rules/migrations/0008_patent_fees.py): every band of the
schedule at its boundary years, designs filed before and after 2021-06-01, the reduction of
85 % / 70 % over the years it covers (6, then 10 from 2018-08-01), the late fee by month of the
grace period, all in Decimal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from core.tests.people import PeopleTestCase
from portfolio import actions
from portfolio.choices import FeeReductionShare, PatentType
from portfolio.fees import FeeUnknown, annuity_amount, annuity_due, late_fee, months_late, restoration_fee
from portfolio.models import Patent
from portfolio.tests.factories import numbered

ON = dt.date(2026, 3, 2)
FILED = dt.date(2022, 3, 1)
D = Decimal


def full(patent_type: str, year: int, filed: dt.date = FILED, on: dt.date = ON) -> Decimal:
    return annuity_amount(patent_type, filed, year, on).full


class ScheduleTests(TestCase):
    def test_invention_bands_at_their_boundary_years(self):
        expected = {1: 900, 3: 900, 4: 1200, 6: 1200, 7: 2000, 9: 2000, 10: 4000, 12: 4000, 13: 6000, 15: 6000,
                    16: 8000, 20: 8000}  # fmt: skip
        for year, yuan in expected.items():
            with self.subTest(year=year):
                amount = full(PatentType.INVENTION, year)
                self.assertIsInstance(amount, Decimal)
                self.assertEqual(amount, D(yuan))

    def test_utility_model_bands_at_their_boundary_years(self):
        expected = {1: 600, 3: 600, 4: 900, 5: 900, 6: 1200, 8: 1200, 9: 2000, 10: 2000}
        for year, yuan in expected.items():
            with self.subTest(year=year):
                self.assertEqual(full(PatentType.UTILITY_MODEL, year), D(yuan))

    def test_design_bands_and_years_11_to_15_for_a_design_filed_from_2021_06_01(self):
        expected = {1: 600, 3: 600, 4: 900, 5: 900, 6: 1200, 8: 1200, 9: 2000, 10: 2000, 11: 3000, 15: 3000}
        for year, yuan in expected.items():
            with self.subTest(year=year):
                self.assertEqual(full(PatentType.DESIGN, year, filed=dt.date(2021, 6, 1)), D(yuan))

    def test_a_design_filed_before_2021_06_01_has_no_year_11(self):
        self.assertEqual(full(PatentType.DESIGN, 10, filed=dt.date(2021, 5, 31)), D(2000))
        with self.assertRaises(FeeUnknown):
            full(PatentType.DESIGN, 11, filed=dt.date(2021, 5, 31))

    def test_a_year_outside_the_term_has_no_annuity(self):
        for patent_type, year in ((PatentType.INVENTION, 21), (PatentType.UTILITY_MODEL, 11),
                                  (PatentType.DESIGN, 16), (PatentType.INVENTION, 0)):  # fmt: skip
            with self.subTest(patent_type=patent_type, year=year), self.assertRaises(FeeUnknown):
                full(patent_type, year)

    def test_no_amount_before_the_schedules_first_version(self):
        # The schedule's version starts on 2018-08-01 (the earliest dated table read): an older
        # day states nothing rather than a guessed amount.
        self.assertEqual(full(PatentType.INVENTION, 5, on=dt.date(2018, 8, 1)), D(1200))
        with self.assertRaises(FeeUnknown):
            full(PatentType.INVENTION, 5, on=dt.date(2018, 7, 31))

    def test_design_years_11_to_15_from_the_day_the_2022_notice_took_effect(self):
        filed = dt.date(2021, 6, 1)
        self.assertEqual(full(PatentType.DESIGN, 11, filed=filed, on=dt.date(2022, 5, 5)), D(3000))
        with self.assertRaises(FeeUnknown):
            full(PatentType.DESIGN, 11, filed=filed, on=dt.date(2022, 5, 4))

    def test_the_restoration_fee(self):
        self.assertEqual(restoration_fee(ON), D("1000.00"))
        with self.assertRaises(FeeUnknown):
            restoration_fee(dt.date(2018, 7, 31))


class ReductionTests(TestCase):
    def amount(self, share, year, grant_year=3, on=ON):
        return annuity_amount(PatentType.INVENTION, FILED, year, on, grant_year=grant_year, reduction=share)

    def test_a_single_owner_pays_15_percent_and_co_owners_30_percent(self):
        single = self.amount(FeeReductionShare.SINGLE, 3)
        self.assertEqual((single.full, single.payable, single.reduction_percent), (D("900.00"), D("135.00"), D(85)))
        joint = self.amount(FeeReductionShare.JOINT, 3)
        self.assertEqual((joint.full, joint.payable, joint.reduction_percent), (D("900.00"), D("270.00"), D(70)))
        self.assertTrue(single.reduced)
        self.assertIn("portfolio.fee_reduction", single.keys)
        self.assertEqual(self.amount(None, 3).payable, D("900.00"))

    def test_the_reduction_covers_ten_years_from_the_grant_year(self):
        # Granted in year 3: years 3 to 12 are reduced, year 13 is not; a year before the grant
        # (not an annuity anyone pays) is not either.
        self.assertEqual(self.amount(FeeReductionShare.SINGLE, 12).payable, D("600.00"))  # 4000 x 15 %
        self.assertEqual(self.amount(FeeReductionShare.SINGLE, 13).payable, D("6000.00"))
        self.assertEqual(self.amount(FeeReductionShare.SINGLE, 2).payable, D("900.00"))

    def test_before_2018_08_01_it_covered_six_years(self):
        # The reduction rule read on its own: 6 years (财税〔2016〕78号) until 2018-07-31,
        # 10 from 2018-08-01 (财税〔2018〕37号).
        from portfolio.fees import reduction_percent

        self.assertEqual(reduction_percent(FeeReductionShare.SINGLE, 9, 3, dt.date(2018, 7, 31)), D(0))
        self.assertEqual(reduction_percent(FeeReductionShare.SINGLE, 8, 3, dt.date(2018, 7, 31)), D(85))
        self.assertEqual(reduction_percent(FeeReductionShare.SINGLE, 9, 3, dt.date(2018, 8, 1)), D(85))
        self.assertEqual(reduction_percent(FeeReductionShare.JOINT, 12, 3, dt.date(2019, 7, 1)), D(70))
        self.assertEqual(reduction_percent(FeeReductionShare.SINGLE, 3, 3, dt.date(2016, 8, 31)), D(0))

    def test_annuity_due_reads_the_patents_recorded_reduction(self):
        patent = Patent.objects.create(
            application_number=numbered(71), patent_type=PatentType.INVENTION, title="一种阀门",
            filing_date=FILED, grant_date=dt.date(2024, 5, 1), status="granted",
        )  # fmt: skip
        self.assertEqual(patent.grant_year, 3)
        self.assertEqual(annuity_due(patent, 5, on=ON), D("1200.00"))
        actions.set_fee_reduction(actor=None, patent=patent, share=FeeReductionShare.JOINT, approved_on=ON)
        patent = Patent.objects.select_related("fee_reduction").get(pk=patent.pk)
        self.assertEqual(annuity_due(patent, 5, on=ON), D("360.00"))
        self.assertEqual(annuity_due(patent, 5, on=ON, reduction=FeeReductionShare.SINGLE), D("180.00"))


class LateFeeTests(TestCase):
    def test_the_late_fee_by_month_of_the_grace_on_the_full_annuity(self):
        due = dt.date(2026, 1, 31)
        cases = [
            (dt.date(2026, 1, 31), 0, "0.00"),  # on time
            (dt.date(2026, 2, 28), 1, "0.00"),  # the first month (to its last day, Feb has no 31st)
            (dt.date(2026, 3, 1), 2, "45.00"),  # 5 %
            (dt.date(2026, 3, 31), 2, "45.00"),
            (dt.date(2026, 4, 1), 3, "90.00"),  # 10 %
            (dt.date(2026, 5, 31), 4, "135.00"),  # 15 %
            (dt.date(2026, 6, 30), 5, "180.00"),  # 20 %
            (dt.date(2026, 7, 1), 6, "225.00"),  # 25 %
            (dt.date(2026, 7, 31), 6, "225.00"),
        ]
        for paid_on, month, fee in cases:
            with self.subTest(paid_on=paid_on):
                self.assertEqual(months_late(due, paid_on), month)
                amount = late_fee(D("900.00"), due, paid_on)
                self.assertIsInstance(amount, Decimal)
                self.assertEqual(amount, D(fee))

    def test_after_the_sixth_month_the_patent_has_lapsed(self):
        with self.assertRaises(FeeUnknown):
            late_fee(D("900.00"), dt.date(2026, 1, 31), dt.date(2026, 8, 1))

    def test_the_late_fee_is_on_the_full_annuity_not_the_reduced_one(self):
        reduced = annuity_amount(
            PatentType.INVENTION, FILED, 4, ON, grant_year=3, reduction=FeeReductionShare.SINGLE
        )  # fmt: skip
        self.assertEqual(reduced.payable, D("180.00"))
        self.assertEqual(
            late_fee(reduced.full, dt.date(2026, 1, 10), dt.date(2026, 3, 10)), D("60.00")
        )  # 5 % of 1200, not of 180


class FeeRulesPageTests(PeopleTestCase):
    def test_the_rules_page_lists_the_fee_rules_with_their_sources(self):
        self.client.force_login(self.clerk)
        # The page lists a few rules a page: read them all.
        pages = [self.client.get(reverse("rules:list"), {"page": n}) for n in range(1, 6)]
        self.assertTrue(all(page.status_code == 200 for page in pages))
        text_of_all = "".join(page.content.decode() for page in pages)
        for text in ("portfolio.annuity_invention", "发改价格〔2022〕465号", "财税〔2016〕78号", "财税〔2018〕37号",
                     "财税〔2019〕45号", "第九十八条", "专利收费减缴（年费）"):  # fmt: skip
            with self.subTest(text=text):
                self.assertIn(text, text_of_all)
