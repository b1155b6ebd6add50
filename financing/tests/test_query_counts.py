"""The product list costs the same queries with three times the products."""

import itertools
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from core.tests.querycount import assert_queries_do_not_grow
from financing.models import LoanProduct
from financing.tests.base import FinancingMixin

SERIAL = itertools.count(1)


class ProductListQueryCountTests(FinancingMixin, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_financing()

    def add_products(self, n: int) -> None:
        for _ in range(n):
            for bank in (self.bank, self.bank2):
                self.make_product(bank, f"Product {next(SERIAL)}", Decimal("40"))

    def test_the_product_list_does_not_grow_with_products(self):
        url = reverse("financing:product_list")
        pages = [(self.clerk, url), (self.bank_officer, url), (self.ent_manager, url)]
        assert_queries_do_not_grow(self, pages, self.add_products, rows=2)
        self.assertEqual(LoanProduct.objects.count(), 2 + 12)


class PoolPageQueryCountTests(FinancingMixin, TestCase):
    """The pool page costs the same queries with three times the compensations paid."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_financing()

    def add_compensations(self, n: int) -> None:
        from financing import actions

        actions.fund_risk_pool(actor=None, year=2026, amount=Decimal("400000") * n)
        for _ in range(n):
            loan = self.default_half_repaid(
                self.lend(self.apply(patents=[self.granted_invention(self.enterprise, next(SERIAL) + 800)]))
            )
            actions.compensate_default(actor=self.clerk, loan=loan)

    def test_the_pool_page_does_not_grow_with_compensations(self):
        pages = [
            (self.clerk, reverse("financing:pool")),
            (self.bureau_reader, reverse("financing:pool_detail", args=[self.pool.pk])),
        ]
        assert_queries_do_not_grow(self, pages, self.add_compensations, rows=1)
