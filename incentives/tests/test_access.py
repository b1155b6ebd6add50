from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from incentives import actions
from incentives.tests.base import FundsMixin
from registry.tests.test_access import MISSING, page_body


class IncentiveAccessTests(FundsMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_funds()
        cls.application = cls.approve(cls.submit())
        cls.payment = actions.record_payment(
            actor=cls.clerk, application=cls.application, amount=Decimal("100"), idempotency_key="seed"
        )

    def pages(self):
        a = self.application.pk
        return [
            (
                "get",
                reverse("incentives:application_detail", args=[a]),
                reverse("incentives:application_detail", args=[MISSING]),
            ),
            (
                "post",
                reverse("incentives:take_step", args=[a, "rejected"]),
                reverse("incentives:take_step", args=[MISSING, "rejected"]),
            ),
            ("post", reverse("incentives:pay", args=[a]), reverse("incentives:pay", args=[MISSING])),
            (
                "post",
                reverse("incentives:reverse", args=[a, self.payment.pk]),
                reverse("incentives:reverse", args=[MISSING, self.payment.pk]),
            ),
            ("post", reverse("incentives:resolve", args=[a, 1]), reverse("incentives:resolve", args=[MISSING, 1])),
            ("get", f"/api/award-applications/{a}", f"/api/award-applications/{MISSING}"),
            ("post", f"/api/award-applications/{a}/steps", f"/api/award-applications/{MISSING}/steps"),
            ("post", f"/api/award-applications/{a}/payments", f"/api/award-applications/{MISSING}/payments"),
        ]

    def test_another_enterprise_and_other_organisations_get_404_like_a_missing_id(self):
        for user in [self.other_manager, self.bank_officer, self.mediator]:
            self.client.force_login(user)
            for method, foreign_url, missing_url in self.pages():
                with self.subTest(user=user.username, url=foreign_url):
                    kwargs = (
                        {
                            "data": {"to_status": "approved", "amount": "1", "idempotency_key": "z"},
                            "content_type": "application/json",
                        }
                        if "/api/" in foreign_url
                        else {}
                    )
                    foreign = getattr(self.client, method)(foreign_url, **kwargs)
                    missing = getattr(self.client, method)(missing_url, **kwargs)
                    self.assertEqual(foreign.status_code, 404)
                    self.assertEqual(page_body(foreign, foreign_url), page_body(missing, missing_url))

    def test_the_enterprise_sees_its_application_but_cannot_approve_or_pay(self):
        self.client.force_login(self.ent_manager)
        self.assertEqual(
            self.client.get(reverse("incentives:application_detail", args=[self.application.pk])).status_code, 200
        )
        response = self.client.post(
            f"/api/award-applications/{self.application.pk}/payments",
            data={"amount": "1", "idempotency_key": "bob"},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.client.get(reverse("incentives:fund_report")).status_code, 403)
        self.assertEqual(self.client.get("/api/funds/positions").status_code, 403)

    def test_lists_hold_only_own_applications(self):
        self.client.force_login(self.other_manager)
        self.assertNotContains(self.client.get(reverse("incentives:application_list")), "Bob Ltd")
        self.assertEqual(self.client.get("/api/award-applications").json()["items"], [])
        self.assertNotContains(self.client.get(reverse("incentives:enterprise_report")), "Bob Ltd")

    def test_the_office_sees_the_ledger_and_exports_it(self):
        self.client.force_login(self.clerk)
        page = self.client.get(reverse("incentives:fund_report"))
        self.assertContains(page, "District fund")
        export = self.client.get(reverse("incentives:fund_report") + "?export=xlsx")
        self.assertEqual(export.status_code, 200)
        from io import BytesIO

        from openpyxl import load_workbook

        rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(min_row=2, values_only=True))
        district = next(r for r in rows if r[0] == "District fund")
        self.assertEqual(district[1:], (2026, 100000, 7000 - 70, 70, 93000))
