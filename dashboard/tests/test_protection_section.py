"""The dashboard's protection section against the protection app's own hand-counted year
(protection/tests/test_figures.py builds it through the actions) and against an independent
count over the raw case, transfer and mediation rows."""

from __future__ import annotations

from decimal import Decimal

from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from dashboard.choices import Indicator as I
from dashboard.figures import build_dashboard
from dashboard.tests import independent
from protection.tests import test_figures
from protection.tests.base import ProtectionMixin


class ProtectionSectionTests(ProtectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_protection()

    def setUp(self) -> None:
        cache.clear()
        test_figures.ProtectionFiguresTest.setUp(self)  # type: ignore[arg-type]  # borrowed on purpose: the same hand-counted cases, transfers and mediations

    def test_the_protection_rows_equal_an_independent_count_for_three_years(self):
        board = build_dashboard(2026)
        for code in independent.protection(2026):
            expected = [independent.protection(y)[code] for y in board.years]
            with self.subTest(indicator=code):
                self.assertEqual(board.row(code).values, expected)
        self.assertEqual(board.row(I.CASES_FILED).values, [0, 0, 5])
        self.assertEqual(board.row(I.CLOSURE_RATE).actual, Decimal("40.00"))
        self.assertEqual(board.row(I.MEDIATION_SUCCESS_RATE).actual, Decimal("66.67"))

    def test_transfers_within_one_working_day_follow_the_hand_count_and_the_restated_rule(self):
        # A: 6 hours on a Tuesday; F: refused and reconsidered over three working days; E: 20
        # working hours across the National Day holiday. Two of three.
        board = build_dashboard(2026)
        self.assertEqual(board.row(I.TRANSFERS_WITHIN_ONE_WORKDAY).values, [0, 0, 2])
        self.assertEqual(independent.protection(2026)[I.TRANSFERS_WITHIN_ONE_WORKDAY], 2)

    def test_cases_by_right_show_on_the_dashboard(self):
        with translation.override("en"):
            board = build_dashboard(2026)
            self.assertEqual(
                board.extra["cases_by_right"],
                [("Patent", 1), ("Trademark", 3), ("Geographical indication", 1), ("Special sign", 0), ("Other", 0)],
            )
        self.client.force_login(self.leader)
        page = self.client.get(reverse("dashboard:dashboard"), {"year": 2026})
        self.assertContains(page, 'id="cases-by-right"')
