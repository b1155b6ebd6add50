"""Periods of the portfolio read from the rule store, with the month arithmetic right."""

import datetime as dt

from django.test import TestCase

from portfolio.models import Trademark, add_months


class MonthArithmeticTests(TestCase):
    def test_six_months_after_the_last_of_august_is_the_29th_of_february_in_a_leap_year(self):
        self.assertEqual(add_months(dt.date(2027, 8, 31), 6), dt.date(2028, 2, 29))
        self.assertEqual(add_months(dt.date(2026, 8, 31), 6), dt.date(2027, 2, 28))
        self.assertEqual(add_months(dt.date(2026, 3, 31), -1), dt.date(2026, 2, 28))

    def test_a_trademarks_renewal_window_and_grace_come_from_trademark_law_art_40(self):
        # 商标法 第四十条: 期满前十二个月内办理续展；未能办理的，可以给予六个月的宽展期。
        mark = Trademark(expiry_date=dt.date(2027, 8, 31))
        self.assertEqual(mark.renewal_opens, dt.date(2026, 9, 1))
        self.assertEqual(mark.grace_ends, dt.date(2028, 2, 29))


class AnnuityDueTests(TestCase):
    def patent(self, **fields):
        from portfolio.choices import PatentStatus, PatentType
        from portfolio.models import Patent

        return Patent(patent_type=PatentType.INVENTION, status=PatentStatus.GRANTED, **fields)

    def test_the_guidelines_example_the_6th_year_is_due_on_the_5th_anniversary(self):
        # 审查指南: filed 3 June 1997, granted 1 August 2001, 5th year paid at registration;
        # the 6th year is due by 3 June 2002 (a Monday).
        patent = self.patent(filing_date=dt.date(1997, 6, 3), grant_date=dt.date(2001, 8, 1), annuity_paid_year=5)
        self.assertEqual(patent.grant_year, 5)
        self.assertEqual(patent.next_annuity_due(), dt.date(2002, 6, 3))

    def test_a_granted_patent_imported_as_paid_up_to_year_0_still_gets_its_next_due_date(self):
        patent = self.patent(filing_date=dt.date(1997, 6, 3), grant_date=dt.date(2001, 8, 1), annuity_paid_year=0)
        self.assertEqual(patent.next_annuity_due(), dt.date(2002, 6, 3))

    def test_a_due_date_on_a_holiday_moves_to_the_next_working_day(self):
        # Filed 1 October 2023, paid up to year 3: the 4th year is due on 1 October 2026, in the
        # National Day holiday (1–7 October 2026); the last day becomes Thursday 8 October.
        patent = self.patent(filing_date=dt.date(2023, 10, 1), grant_date=dt.date(2025, 3, 3), annuity_paid_year=3)
        self.assertEqual(patent.next_annuity_due(), dt.date(2026, 10, 8))
