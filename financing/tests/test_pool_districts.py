"""One risk-compensation pool per district (issue 21): each district's office sets up and funds
its own pool, a second pool in a district is refused, a default is compensated from the loan's
district's pool, and the pool page shows the own district's pool only (another's is a 404)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.urls import reverse

from audit.models import AuditEvent
from financing import actions
from financing.models import Compensation, RiskPool
from financing.tests.base import FinancingMixin
from financing.tests.test_workflow import EnglishMessagesMixin
from funds import actions as fund_actions
from funds import ledger
from funds.choices import FundLevel


class PoolPerDistrictTests(EnglishMessagesMixin, FinancingMixin, TestCase):
    """The default district's pool (¥1,000,000 for 2026, from the mixin) and the second
    district's (¥500,000 for 2026), set up by its own clerk."""

    @classmethod
    def setUpTestData(cls):
        cls.make_financing()
        cls.second_pool = actions.set_up_risk_pool(actor=cls.second_clerk, name="Fushan risk pool")
        actions.fund_risk_pool(actor=cls.second_clerk, year=2026, amount=Decimal("500000"))

    def position(self, pool):
        return next(p for p in ledger.positions(2026) if p.source == pool.source)

    def test_each_district_has_its_own_pool_in_a_fund_source_of_its_own(self):
        self.assertEqual(self.pool.district, self.district)
        self.assertEqual(self.pool.source.district, self.district)
        self.assertEqual(self.second_pool.district, self.second_district)
        self.assertEqual(self.second_pool.source.district, self.second_district)
        self.assertEqual(self.position(self.pool).budget, Decimal("1000000.00"))
        self.assertEqual(self.position(self.second_pool).budget, Decimal("500000.00"))
        self.assertTrue(
            AuditEvent.objects.filter(action="risk_pool.create", object_id=str(self.second_pool.pk)).exists()
        )

    def test_a_second_pool_in_the_same_district_is_refused(self):
        for actor in (None, self.clerk, self.second_leader):
            with (
                self.subTest(actor=getattr(actor, "username", None)),
                self.assertRaisesMessage(ValidationError, "already has its risk-compensation pool"),
            ):
                actions.set_up_risk_pool(actor=actor, name="Another pool")
        self.assertEqual(RiskPool.objects.count(), 2)

    def test_the_database_refuses_a_second_pool_in_a_district(self):
        source = fund_actions.create_fund_source(actor=None, name="Second pool", level=FundLevel.OTHER)
        with self.assertRaises(IntegrityError), transaction.atomic():
            RiskPool.objects.create(source=source, district=self.district)

    def test_an_office_sets_up_no_pool_for_another_district(self):
        RiskPool.objects.filter(pk=self.second_pool.pk).delete()
        with self.assertRaisesMessage(ValidationError, "not one of your districts"):
            actions.set_up_risk_pool(actor=self.clerk, name="Not ours", district=self.second_district)
        self.assertFalse(RiskPool.objects.filter(district=self.second_district).exists())

    def test_a_default_is_compensated_from_the_loans_districts_pool(self):
        loan = self.second_district_default(5)
        compensation = actions.compensate_default(actor=self.second_clerk, loan=loan)
        self.assertEqual(compensation.source, self.second_pool.source)
        self.assertEqual(compensation.amount, Decimal("400000.00"))  # 40% of ¥1,000,000 outstanding
        self.assertEqual(self.position(self.second_pool).paid, Decimal("400000.00"))
        self.assertEqual(self.position(self.pool).paid, Decimal("0.00"))
        self.assertTrue(AuditEvent.objects.filter(action="pledge_loan.compensation", object_id=str(loan.pk)).exists())
        self.assertEqual(ledger.verify_ledger(), [])

    def test_another_districts_office_does_not_pay_a_default(self):
        loan = self.second_district_default(5)
        with self.assertRaisesMessage(ValidationError, "not one of your districts"):
            actions.compensate_default(actor=self.clerk, loan=loan)
        self.assertFalse(Compensation.objects.exists())
        self.assertEqual(self.position(self.second_pool).paid, Decimal("0.00"))

    def test_a_district_without_a_pool_pays_nothing(self):
        loan = self.second_district_default(5)
        RiskPool.objects.filter(pk=self.second_pool.pk).delete()
        with self.assertRaisesMessage(ValidationError, "Set up the risk-compensation pool first"):
            actions.compensate_default(actor=self.second_clerk, loan=loan)
        self.assertFalse(Compensation.objects.exists())

    def test_the_pool_page_shows_the_own_districts_pool(self):
        self.client.force_login(self.second_clerk)
        page = self.client.get(reverse("financing:pool"))
        self.assertContains(page, "Fushan risk pool")
        self.assertContains(page, "500,000.00")
        self.assertNotContains(page, "District risk pool")
        self.client.force_login(self.clerk)
        page = self.client.get(reverse("financing:pool"))
        self.assertContains(page, "District risk pool")
        self.assertNotContains(page, "Fushan risk pool")

    def test_another_districts_pool_is_a_404_and_takes_no_money(self):
        self.client.force_login(self.clerk)
        url = reverse("financing:pool_detail", args=[self.second_pool.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.get(reverse("financing:pool_detail", args=[999999])).status_code, 404)
        response = self.client.post(url, {"year": 2026, "amount": "1", "memo": "x"})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.position(self.second_pool).budget, Decimal("500000.00"))
        self.client.force_login(self.second_clerk)
        self.assertContains(self.client.get(url), "Fushan risk pool")

    def test_the_bureau_sees_each_of_its_districts_pools(self):
        self.client.force_login(self.bureau_reader)
        for pool, name in ((self.pool, "District risk pool"), (self.second_pool, "Fushan risk pool")):
            with self.subTest(pool=name):
                page = self.client.get(reverse("financing:pool_detail", args=[pool.pk]))
                self.assertContains(page, name)
                self.assertContains(page, reverse("financing:pool_detail", args=[self.second_pool.pk]))
                self.assertIsNone(page.context["form"])

    def test_the_page_funds_the_own_districts_pool(self):
        self.client.force_login(self.second_clerk)
        response = self.client.post(reverse("financing:pool"), {"year": 2026, "amount": "1000", "memo": "top-up"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.position(self.second_pool).budget, Decimal("501000.00"))
        self.assertEqual(self.position(self.pool).budget, Decimal("1000000.00"))

    def test_an_office_without_a_pool_sets_it_up_on_the_page(self):
        RiskPool.objects.filter(pk=self.second_pool.pk).delete()
        self.client.force_login(self.second_clerk)
        page = self.client.get(reverse("financing:pool"))
        self.assertIsNotNone(page.context["setup_form"])
        response = self.client.post(reverse("financing:pool"), {"name": "Fushan pool, again"})
        self.assertEqual(response.status_code, 302)
        pool = RiskPool.objects.get(district=self.second_district)
        self.assertEqual(pool.source.name, "Fushan pool, again")
        self.assertEqual(pool.source.district, self.second_district)
        # Garbage in gives the form back, never a 500.
        for data in ({"name": ""}, {"name": "x" * 500}, {"year": "abc", "amount": "-1"}):
            with self.subTest(data=data):
                self.assertIn(self.client.post(reverse("financing:pool"), data).status_code, (200, 302))
