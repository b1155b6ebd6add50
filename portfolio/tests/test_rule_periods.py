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
