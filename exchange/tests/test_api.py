"""The exchange's JSON API: what each organisation reads, the writes through the same actions,
foreign and missing ids answered alike (404), bad input a 422, never a 500."""

from __future__ import annotations

import datetime as dt

from accounts import actions as account_actions
from accounts.models import ApiTokenScope
from audit.models import AuditEvent
from exchange import actions
from exchange.choices import DealKind, DealStatus, OfferStatus
from exchange.models import Deal, Need, Offer
from exchange.tests.test_exchange import MISSING, ExchangeTestCase, num


class ExchangeApiTests(ExchangeTestCase):
    deal: Deal

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.deal = actions.open_deal(
            actor=cls.clerk, offer=cls.kelp, acquirer=cls.other_enterprise, kind=DealKind.TRANSFER, need=cls.other_need
        )

    def ids(self, path: str, user) -> set[int]:
        self.client.force_login(user)
        response = self.client.get(path)
        self.assertEqual(response.status_code, 200, response.content)
        return {row["id"] for row in response.json()["items"]}

    def test_an_offer_carries_its_value_score_legal_status_and_remaining_term(self):
        self.client.force_login(self.ent_member)
        body = self.client.get(f"/api/exchange/offers/{self.battery.pk}").json()
        self.assertEqual(body["legal_status"], "granted")
        self.assertTrue(body["legal_status_label"])
        self.assertGreater(body["value_score"], 0)
        # Filed 2021-03-01, an invention: 20 years from filing (专利法 art. 42), its last day.
        self.assertEqual(body["expiry_date"], "2041-02-28")
        self.assertGreater(body["remaining_years"], 10)
        self.assertEqual(body["royalty_rate"], "3.00")

    def test_a_university_reads_its_own_offers_and_deals_only(self):
        self.assertEqual(self.ids("/api/exchange/offers", self.professor), {self.battery.pk})
        self.assertEqual(self.ids("/api/exchange/deals", self.professor), set())
        self.assertEqual(self.ids("/api/exchange/deals", self.other_professor), {self.deal.pk})
        self.assertEqual(self.ids("/api/exchange/needs", self.professor), set())

    def test_an_enterprise_reads_its_own_needs_and_deals_and_the_listed_offers(self):
        self.assertEqual(self.ids("/api/exchange/needs", self.ent_manager), {self.need.pk})
        self.assertEqual(self.ids("/api/exchange/deals", self.ent_manager), set())
        self.assertEqual(self.ids("/api/exchange/deals", self.other_manager), {self.deal.pk})
        self.assertEqual(self.ids("/api/exchange/offers", self.ent_manager), {self.battery.pk, self.kelp.pk})

    def test_the_office_reads_everything(self):
        self.assertEqual(self.ids("/api/exchange/needs", self.clerk), {self.need.pk, self.other_need.pk})
        self.assertEqual(self.ids("/api/exchange/deals", self.clerk), {self.deal.pk})

    def test_a_needs_matches_come_with_their_reasons(self):
        self.client.force_login(self.ent_manager)
        rows = self.client.get(f"/api/exchange/needs/{self.need.pk}/matches").json()
        self.assertEqual(rows[0]["offer_id"], self.battery.pk)
        self.assertEqual(rows[0]["rank"], 1)
        self.assertIn("锂电池", rows[0]["reasons"]["words"])
        self.assertEqual(rows[0]["reasons"]["same_subclass"], "H01M")

    def test_foreigners_and_missing_ids_get_404_on_every_exchange_endpoint(self):
        gets = [
            f"/api/exchange/needs/{self.need.pk}",
            f"/api/exchange/needs/{self.need.pk}/matches",
            f"/api/exchange/deals/{self.deal.pk}",
            f"/api/exchange/offers/{self.battery.pk}",
        ]
        posts = [
            (f"/api/exchange/offers/{self.battery.pk}/withdraw", {}),
            (f"/api/exchange/needs/{self.need.pk}/matches", {}),
            (f"/api/exchange/deals/{self.deal.pk}/steps", {"to_status": "cancelled", "note": "x"}),
        ]
        for user in (self.bank_officer, self.mediator, self.police_liaison, self.professor):
            self.client.force_login(user)
            for url in gets:
                if user is self.professor and "/offers/" in url:  # her own offer
                    continue
                self.assertEqual(self.client.get(url).status_code, 404, (user, url))
            for url, data in posts:
                if user is self.professor and "/offers/" in url:  # her own offer
                    continue
                self.assertEqual(self.client.post(url, data, content_type="application/json").status_code, 404, url)
        self.client.force_login(self.clerk)
        for path in ("offers", "needs", "deals"):
            self.assertEqual(self.client.get(f"/api/exchange/{path}/{MISSING}").status_code, 404)
        self.client.force_login(self.ent_manager)
        self.assertEqual(self.client.get(f"/api/exchange/needs/{self.other_need.pk}").status_code, 404)
        self.assertEqual(self.client.get(f"/api/exchange/deals/{self.deal.pk}").status_code, 404)

    def test_a_university_lists_an_offer_with_a_write_token_and_it_is_audited(self):
        _token, raw = account_actions.issue_api_token(actor=self.professor, name="t", scope=ApiTokenScope.WRITE)
        response = self.client.post(
            "/api/exchange/offers",
            {
                "application_number": num("202210000003"),
                "title": "一种海水淡化膜",
                "filing_date": "2022-04-01",
                "mode": "transfer",
                "asking_price": "120000.00",
                "organisation_id": self.other_university.pk,  # not the office: ignored
            },
            content_type="application/json",
            headers={"authorization": f"Bearer {raw}"},
        )
        self.assertEqual(response.status_code, 201, response.content)
        offer = Offer.objects.get(pk=response.json()["id"])
        self.assertEqual(offer.organisation, self.university)
        self.assertTrue(AuditEvent.objects.filter(action="exchange.offer.list", object_id=str(offer.pk)).exists())
        withdrawn = self.client.post(
            f"/api/exchange/offers/{offer.pk}/withdraw", headers={"authorization": f"Bearer {raw}"}
        )
        self.assertEqual(withdrawn.json()["status"], OfferStatus.WITHDRAWN)

    def test_a_read_token_cannot_write(self):
        _token, raw = account_actions.issue_api_token(actor=self.ent_manager, name="t", scope=ApiTokenScope.READ)
        response = self.client.post(
            "/api/exchange/needs",
            {"title": "x", "description": "y"},
            content_type="application/json",
            headers={"authorization": f"Bearer {raw}"},
        )
        self.assertEqual(response.status_code, 403)

    def test_an_enterprise_posts_a_need_and_gets_its_matches(self):
        self.client.force_login(self.ent_member)
        response = self.client.post(
            "/api/exchange/needs",
            {"title": "锂电池正极", "description": "找锂电池正极材料的技术", "enterprise_id": self.other_enterprise.pk},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        need = Need.objects.get(pk=response.json()["id"])
        self.assertEqual(need.enterprise, self.enterprise)  # its own, whatever id it names
        rows = self.client.get(f"/api/exchange/needs/{need.pk}/matches").json()
        self.assertEqual([r["offer_id"] for r in rows][:1], [self.battery.pk])

    def test_deal_steps_follow_the_table_and_signing_asks_for_the_contract_on_the_page(self):
        self.client.force_login(self.clerk)
        url = f"/api/exchange/deals/{self.deal.pk}/steps"
        signed = self.client.post(url, {"to_status": "signed", "signed_on": "2026-01-05"}, "application/json")
        self.assertEqual(signed.status_code, 422)
        self.assertIn("contract", signed.json()["errors"])
        jump = self.client.post(url, {"to_status": "paid"}, "application/json")
        self.assertEqual(jump.status_code, 403)
        no_reason = self.client.post(url, {"to_status": "cancelled"}, "application/json")
        self.assertEqual(no_reason.status_code, 422)
        done = self.client.post(url, {"to_status": "cancelled", "note": "买方放弃"}, "application/json")
        self.assertEqual(done.status_code, 200, done.content)
        self.assertEqual(done.json()["status"], DealStatus.CANCELLED)
        self.assertTrue(AuditEvent.objects.filter(action="exchange.deal.cancelled").exists())

    def test_the_acquirer_records_a_payment_and_bad_amounts_are_422(self):
        deal = Deal.objects.get(pk=self.deal.pk)
        deal.status, deal.signed_on = DealStatus.REGISTERED, dt.date(2026, 1, 5)
        deal.save()
        self.client.force_login(self.other_manager)
        url = f"/api/exchange/deals/{deal.pk}/steps"
        for amount in ("1e30", "NaN", "-5", "12.345"):
            response = self.client.post(
                url, {"to_status": "paid", "paid_amount": amount, "paid_on": "2026-02-01"}, "application/json"
            )
            self.assertEqual(response.status_code, 422, amount)
        response = self.client.post(
            url, {"to_status": "paid", "paid_amount": "80000.00", "paid_on": "2026-02-01"}, "application/json"
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["paid_amount"], "80000.00")

    def test_the_lists_page_and_refuse_a_bad_limit(self):
        self.client.force_login(self.clerk)
        self.assertEqual(self.client.get("/api/exchange/offers?limit=0").status_code, 422)
        self.assertEqual(self.client.get("/api/exchange/offers?limit=1").json()["count"], 2)
