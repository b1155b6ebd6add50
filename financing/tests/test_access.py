"""Who sees what: a bank only the applications sent to it, a valuation agency only what it
was asked to value, an enterprise its own; any other organisation gets 404 on every object
page and API endpoint, exactly like a missing id."""

import itertools
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from core.tests.querycount import assert_queries_do_not_grow
from financing import actions
from financing.tests.base import D, FinancingMixin
from registry.tests.test_access import MISSING, page_body


class FinancingAccessTests(FinancingMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_financing()
        cls.loan = actions.assign_valuer(actor=cls.bank_officer, loan=cls.apply(), valuer=cls.valuer_org)
        cls.lent = cls.lend(cls.apply(patents=[cls.patents[1]]))

    def pages(self):
        pk = self.loan.pk
        urls = [
            ("get", "financing:loan_detail", []),
            ("post", "financing:take_step", ["under_review"]),
            ("post", "financing:take_step", ["approved"]),
            ("post", "financing:assign_valuer", []),
            ("post", "financing:value", []),
            ("post", "financing:repay", []),
            ("post", "financing:compensate", []),
            ("post", "financing:claim_subsidy", []),
        ]
        pages = [
            (m, reverse(name, args=[pk, *extra]), reverse(name, args=[MISSING, *extra])) for m, name, extra in urls
        ]
        api = [
            ("get", f"/api/pledge-loans/{pk}", f"/api/pledge-loans/{MISSING}"),
            ("post", f"/api/pledge-loans/{pk}/steps", f"/api/pledge-loans/{MISSING}/steps"),
            ("post", f"/api/pledge-loans/{pk}/valuation", f"/api/pledge-loans/{MISSING}/valuation"),
            ("post", f"/api/pledge-loans/{pk}/repayments", f"/api/pledge-loans/{MISSING}/repayments"),
            ("post", f"/api/pledge-loans/{pk}/compensation", f"/api/pledge-loans/{MISSING}/compensation"),
        ]
        return pages + api

    def assert_404_like_missing(self, user, calls):
        self.client.force_login(user)
        for method, foreign_url, missing_url in calls:
            with self.subTest(user=user.username, url=foreign_url):
                kwargs = {}
                if "/api/" in foreign_url:
                    payload = {
                        "to_status": "approved",
                        "report_number": "R",
                        "valued_on": "2026-05-06",
                        "values": {},
                        "paid_on": "2026-05-06",
                    }
                    kwargs = {"data": payload, "content_type": "application/json"}
                foreign = getattr(self.client, method)(foreign_url, **kwargs)
                missing = getattr(self.client, method)(missing_url, **kwargs)
                self.assertEqual(foreign.status_code, 404)
                self.assertEqual(page_body(foreign, foreign_url), page_body(missing, missing_url))

    def test_other_banks_valuers_enterprises_and_outsiders_get_404_like_a_missing_id(self):
        for user in [self.bank2_officer, self.other_valuer, self.other_manager, self.mediator, self.police_liaison]:
            self.assert_404_like_missing(user, self.pages())

    def test_another_bank_cannot_open_a_banks_own_product(self):
        product = self.product.pk
        calls = [
            (
                "get",
                reverse("financing:product_detail", args=[product]),
                reverse("financing:product_detail", args=[MISSING]),
            ),
            (
                "get",
                reverse("financing:product_edit", args=[product]),
                reverse("financing:product_edit", args=[MISSING]),
            ),
            ("get", reverse("financing:apply", args=[product]), reverse("financing:apply", args=[MISSING])),
            ("get", f"/api/loan-products/{product}", f"/api/loan-products/{MISSING}"),
        ]
        self.assert_404_like_missing(self.bank2_officer, calls)

    def test_the_bank_the_valuer_the_enterprise_and_the_office_open_the_loan(self):
        for user in [self.bank_officer, self.valuer, self.ent_manager, self.clerk]:
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertContains(self.client.get(reverse("financing:loan_detail", args=[self.loan.pk])), "Bob Ltd")
                self.assertEqual(self.client.get(f"/api/pledge-loans/{self.loan.pk}").status_code, 200)

    def test_the_valuer_sees_only_what_was_sent_to_it(self):
        self.client.force_login(self.valuer)
        ids = [loan["id"] for loan in self.client.get("/api/pledge-loans").json()["items"]]
        self.assertEqual(ids, [self.loan.pk])
        self.client.force_login(self.other_valuer)
        self.assertEqual(self.client.get("/api/pledge-loans").json()["items"], [])

    def test_lists_and_figures_hold_only_what_the_organisation_may_see(self):
        self.client.force_login(self.bank2_officer)
        self.assertNotContains(self.client.get(reverse("financing:loan_list")), "Bob Ltd")
        self.assertEqual(self.client.get("/api/pledge-loans").json()["items"], [])
        self.assertEqual(self.client.get("/api/financing/figures").json()["loans"], 0)
        self.client.force_login(self.other_manager)
        self.assertEqual(self.client.get("/api/financing/figures").json()["total_amount"], "0.00")
        self.client.force_login(self.clerk)
        figures = self.client.get("/api/financing/figures").json()
        self.assertEqual((figures["loans"], Decimal(figures["total_amount"])), (1, Decimal("2000000")))

    def test_the_bank_decides_and_the_enterprise_cannot(self):
        self.client.force_login(self.ent_manager)
        response = self.client.post(
            f"/api/pledge-loans/{self.loan.pk}/steps",
            data={"to_status": "under_review"},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 403)
        self.client.force_login(self.bank_officer)
        response = self.client.post(
            f"/api/pledge-loans/{self.loan.pk}/steps",
            data={"to_status": "under_review"},
            content_type="application/json",
        )
        self.assertEqual(response.json()["status"], "under_review")

    def test_the_pool_page_is_the_offices(self):
        self.client.force_login(self.bank_officer)
        self.assertEqual(self.client.get(reverse("financing:pool")).status_code, 403)
        self.client.force_login(self.clerk)
        self.assertContains(self.client.get(reverse("financing:pool")), "District risk pool")


class FinancingPageTests(FinancingMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_financing()

    def test_every_page_renders_for_the_office(self):
        loan = self.lend(self.apply())
        actions.record_repayment(
            actor=self.bank_officer, loan=loan, paid_on=D(2026, 3, 1), principal=Decimal(1000), interest=Decimal(50)
        )
        self.client.force_login(self.clerk)
        for url in [
            reverse("financing:product_list"),
            reverse("financing:product_detail", args=[self.product.pk]),
            reverse("financing:loan_list"),
            reverse("financing:loan_detail", args=[loan.pk]),
            reverse("financing:figures"),
            reverse("financing:figures") + "?export=xlsx",
            reverse("financing:pool"),
            reverse("financing:apply", args=[self.product.pk]) + f"?enterprise={self.enterprise.pk}",
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_the_enterprise_applies_through_the_page(self):
        self.client.force_login(self.ent_manager)
        page = self.client.get(reverse("financing:apply", args=[self.product.pk]))
        self.assertContains(page, "Charlie Ltd")  # the co-owner whose consent is asked
        response = self.client.post(
            reverse("financing:apply", args=[self.product.pk]),
            {
                "requested_amount": "3000000",
                "requested_term_months": "12",
                "patent": [self.shared_patent.pk],
                f"consent_{self.shared_patent.pk}": [self.other_enterprise.pk],
                "trademark": [self.mark.pk],
            },
        )
        loan = self.enterprise.pledge_loans.get()
        self.assertRedirects(response, reverse("financing:loan_detail", args=[loan.pk]))
        self.assertEqual(loan.assets.count(), 2)

    def test_list_pages_take_the_same_queries_for_more_loans(self):
        self.client.force_login(self.clerk)
        # One loan, then two more: on each asset of Bob's enterprise.
        pledges = iter(
            [{"patents": [self.patents[0]]}, {"patents": [self.patents[1]]}, {"patents": [], "trademarks": [self.mark]}]
        )

        def add(n: int) -> None:
            for assets in itertools.islice(pledges, n):
                self.lend(self.apply(**assets))

        pages = [reverse("financing:loan_list"), reverse("financing:figures")]
        assert_queries_do_not_grow(self, pages, add, rows=1)
