"""The programme and application lists cost the same queries with three times the rows."""

import itertools
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from core.tests.querycount import assert_queries_do_not_grow
from incentives import actions
from incentives.choices import RuleKind
from incentives.models import Application, Programme
from incentives.tests.base import APPLIED_ON, D, FundsMixin
from portfolio import actions as portfolio_actions
from portfolio.tests.factories import numbered

SERIAL = itertools.count(100)


class ListQueryCountTests(FundsMixin, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_funds()

    def add_applications(self, n: int) -> None:
        for _ in range(n):
            patent = portfolio_actions.add_patent(
                actor=None,
                application_number=numbered(next(SERIAL)),
                owners=[self.enterprise],
                title="Invention",
                filing_date="2020-01-01",
                grant_date="2025-06-01",
                status="granted",
            )
            self.submit(f"patent:{patent.pk}", today=APPLIED_ON)

    def add_programmes(self, n: int) -> None:
        for _ in range(n):
            programme = actions.create_programme(
                actor=None,
                name=f"Programme {next(SERIAL)}",
                year=2026,
                opens_on=D(2026, 3, 1),
                closes_on=D(2026, 12, 31),
                period_start=D(2025, 1, 1),
                period_end=D(2025, 12, 31),
            )
            for rule in (RuleKind.INVENTION_GRANTED, RuleKind.PCT_FILED):
                actions.add_award_item(
                    actor=None,
                    programme=programme,
                    name=f"Item {rule}",
                    rule=rule,
                    amount=Decimal("1000.00"),
                    shares=[(self.district, Decimal(100))],
                    policy_exception="Test exception",
                )

    def test_the_application_list_does_not_grow_with_applications(self):
        pages = [
            (self.clerk, reverse("incentives:application_list")),
            (self.ent_manager, reverse("incentives:application_list")),
        ]
        assert_queries_do_not_grow(self, pages, self.add_applications, rows=3)
        self.assertEqual(Application.objects.count(), 9)

    def test_the_programme_list_does_not_grow_with_programmes_and_items(self):
        pages = [
            (self.clerk, reverse("incentives:programme_list")),
            (self.ent_manager, reverse("incentives:programme_list")),
        ]
        assert_queries_do_not_grow(self, pages, self.add_programmes, rows=2)
        self.assertEqual(Programme.objects.count(), 1 + 6)
