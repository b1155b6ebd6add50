"""The payment form on an approved application keeps what was typed when refused and says why
beside the amount (and the same idempotency key comes back, so a second press pays once)."""

from django.test import TestCase
from django.urls import reverse

from incentives.models import Payment
from incentives.tests.base import FundsMixin


class PaymentFormTests(FundsMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.make_funds()
        cls.application = cls.approve(cls.submit())

    def pay(self, **data):
        self.client.force_login(self.clerk)
        return self.client.post(reverse("incentives:pay", args=[self.application.pk]), data)

    def test_the_form_offers_what_is_outstanding(self):
        self.client.force_login(self.clerk)
        page = self.client.get(reverse("incentives:application_detail", args=[self.application.pk]))
        self.assertContains(page, 'id="payment-form"')
        self.assertContains(page, 'value="10000.00"')

    def test_more_than_is_outstanding_is_refused_beside_the_amount_and_the_reference_kept(self):
        page = self.pay(amount="25000", reference="国库支付 0042", idempotency_key="k-1")
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'id="id_amount_error"')
        self.assertContains(page, 'value="25000"')
        self.assertContains(page, 'value="国库支付 0042"')
        self.assertContains(page, 'value="k-1"')  # the same key: resending still pays once
        self.assertFalse(Payment.objects.exists())
        done = self.pay(amount="4000", reference="国库支付 0042", idempotency_key="k-1")
        self.assertEqual(done.status_code, 302)
        self.assertEqual(Payment.objects.get().reference, "国库支付 0042")

    def test_a_wrong_amount_is_refused_by_the_form(self):
        page = self.pay(amount="12.345", reference="r", idempotency_key="k-2")
        self.assertContains(page, 'id="id_amount_error"')
        self.assertContains(page, 'value="12.345"')

    def test_a_foreigner_gets_404(self):
        self.client.force_login(self.other_manager)
        page = self.client.post(
            reverse("incentives:pay", args=[self.application.pk]), {"amount": "1", "idempotency_key": "k"}
        )
        self.assertEqual(page.status_code, 404)
        self.assertFalse(Payment.objects.exists())
