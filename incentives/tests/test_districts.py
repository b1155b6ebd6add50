"""Issue 21: programmes, fund sources and the ledger belong to one district. One district's
office never sees or pays from another's fund; an enterprise sees and applies to its own
district's programmes only; a foreign id is a 404, like a missing one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import TestCase
from django.utils import translation

from core.tests.people import SECOND_DISTRICT_CODE
from funds import actions as fund_actions
from funds import ledger
from funds.choices import EntryKind, FundLevel
from funds.models import FundSource, LedgerEntry
from incentives import actions
from incentives.choices import RuleKind
from incentives.models import AwardItemSplit, Programme
from incentives.tests.base import APPLIED_ON, D, FundsMixin
from registry.tests.test_access import MISSING


class DistrictFundsTests(FundsMixin, TestCase):
    second_fund: FundSource
    second_programme: Programme

    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_funds()
        # District 370611's own fund, with the same name as district 370602's, and its programme.
        cls.second_fund = fund_actions.create_fund_source(
            actor=cls.second_clerk, name="District fund", level=FundLevel.DISTRICT
        )
        fund_actions.allocate_budget(actor=cls.second_clerk, source=cls.second_fund, year=2026, amount=Decimal(9000))
        cls.second_programme = actions.create_programme(
            actor=cls.second_clerk,
            name="福山 invention awards",
            year=2026,
            opens_on=D(2026, 3, 1),
            closes_on=D(2026, 12, 31),
            period_start=D(2025, 1, 1),
            period_end=D(2025, 12, 31),
        )

    def setUp(self) -> None:
        # The actions' messages are translated when raised: read them in English.
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def english(self, caught) -> list[str]:
        with translation.override("en"):
            return [str(m) for m in caught.exception.messages]

    def test_what_an_office_makes_belongs_to_its_district(self):
        self.assertEqual(self.second_fund.district_id, SECOND_DISTRICT_CODE)
        self.assertEqual(self.second_programme.district_id, SECOND_DISTRICT_CODE)
        # Made by the system (no acting office): the default district's.
        self.assertEqual(self.district.district_id, "370602")
        self.assertEqual(self.programme.district_id, "370602")

    def test_each_office_sees_its_own_funds_and_programmes_and_a_bureau_both(self):
        for model, first, second in (
            (FundSource, self.district, self.second_fund),
            (Programme, self.programme, self.second_programme),
        ):
            with self.subTest(model=model.__name__):
                mine = set(model.objects.for_user(self.second_clerk).values_list("pk", flat=True))
                self.assertIn(second.pk, mine)
                self.assertNotIn(first.pk, mine)
                theirs = set(model.objects.for_user(self.clerk).values_list("pk", flat=True))
                self.assertIn(first.pk, theirs)
                self.assertNotIn(second.pk, theirs)
                both = set(model.objects.for_user(self.bureau_reader).values_list("pk", flat=True))
                self.assertLessEqual({first.pk, second.pk}, both)

    def test_an_enterprise_sees_its_own_districts_programmes_only(self):
        self.assertEqual(
            set(Programme.objects.for_user(self.second_manager).values_list("pk", flat=True)),
            {self.second_programme.pk},
        )
        self.assertNotIn(
            self.second_programme.pk, Programme.objects.for_user(self.ent_manager).values_list("pk", flat=True)
        )
        self.assertEqual(FundSource.objects.for_user(self.ent_manager).count(), 0)
        self.client.force_login(self.second_manager)
        page = self.client.get("/incentives/").content.decode()
        self.assertIn("福山 invention awards", page)
        self.assertNotIn("Invention awards<", page)

    def test_a_foreign_programme_is_a_404_like_a_missing_one(self):
        for user in (self.second_clerk, self.second_manager):
            self.client.force_login(user)
            for route in ("/incentives/programmes/{}/", "/incentives/programmes/{}/apply/"):
                with self.subTest(user=user.username, route=route):
                    self.assertEqual(self.client.get(route.format(MISSING)).status_code, 404)
                    self.assertEqual(self.client.get(route.format(self.programme.pk)).status_code, 404)
                    self.assertEqual(self.client.post(route.format(self.programme.pk), {}).status_code, 404)

    def test_the_office_files_only_for_an_enterprise_of_its_district(self):
        self.client.force_login(self.second_clerk)
        url = f"/incentives/programmes/{self.second_programme.pk}/apply/?enterprise={self.enterprise.pk}"
        self.assertEqual(self.client.get(url).status_code, 404)
        own = f"/incentives/programmes/{self.second_programme.pk}/apply/?enterprise={self.second_enterprise.pk}"
        self.assertEqual(self.client.get(own).status_code, 200)

    def test_an_enterprise_cannot_apply_to_another_districts_programme(self):
        item = actions.add_award_item(
            actor=self.second_clerk,
            programme=self.second_programme,
            name="Granted invention",
            rule=RuleKind.INVENTION_GRANTED,
            amount=Decimal("1000.00"),
            shares=[(self.second_fund, Decimal(100))],
            policy_exception="Test exception",
        )
        with self.assertRaises(ValidationError) as caught:
            actions.submit_application(
                actor=self.ent_manager,
                programme=self.second_programme,
                enterprise=self.enterprise,
                asset_keys=[(item, f"patent:{self.patents[0].pk}")],
                today=APPLIED_ON,
            )
        self.assertIn("only its enterprises apply", self.english(caught)[0])

    def test_an_award_item_is_paid_from_its_own_districts_funds_only(self):
        with self.assertRaises(ValidationError) as caught:
            actions.add_award_item(
                actor=self.second_clerk,
                programme=self.second_programme,
                name="Paid by the neighbour",
                rule=RuleKind.INVENTION_GRANTED,
                amount=Decimal("1000.00"),
                shares=[(self.district, Decimal(100))],
                policy_exception="Test exception",
            )
        self.assertIn("a fund of another district", self.english(caught)[0])
        # An office may not set up another district's programme either.
        with self.assertRaises(ValidationError):
            actions.add_award_item(
                actor=self.second_clerk,
                programme=self.programme,
                name="Meddling",
                rule=RuleKind.INVENTION_GRANTED,
                amount=Decimal("1000.00"),
                shares=[(self.second_fund, Decimal(100))],
                policy_exception="Test exception",
            )

    def test_the_item_form_reads_a_share_by_name_in_the_programmes_district(self):
        self.client.force_login(self.second_clerk)
        response = self.client.post(
            f"/incentives/programmes/{self.second_programme.pk}/",
            {
                "name": "Granted invention",
                "rule": RuleKind.INVENTION_GRANTED,
                "amount": "1000",
                "shares": "District fund 100",
            },
        )
        self.assertEqual(response.status_code, 302)
        split = AwardItemSplit.objects.get(item__programme=self.second_programme)
        self.assertEqual(split.source, self.second_fund)

    def test_a_payment_from_another_districts_fund_is_refused_with_a_message(self):
        application = self.approve(self.submit())
        # A commitment in the neighbour's fund (bad data: typed in the shell, or from before
        # districts): paying the application would draw on it, and is refused.
        with transaction.atomic():
            ledger.post(
                kind=EntryKind.COMMIT, source=self.second_fund, year=2026, amount=Decimal(100), application=application
            )
        before = LedgerEntry.objects.count()
        with self.assertRaises(ValidationError) as caught:
            actions.record_payment(actor=self.clerk, application=application, amount=Decimal(50), idempotency_key="k1")
        self.assertIn("a fund of another district", self.english(caught)[0])
        self.client.force_login(self.clerk)
        response = self.client.post(
            f"/incentives/applications/{application.pk}/payments/", {"amount": "50", "idempotency_key": "k2"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("芝罘区", response.content.decode())  # the refusal, beside the form, names the district
        self.assertEqual(LedgerEntry.objects.count(), before)
        self.assertFalse(application.payments.exists())

    def test_another_districts_office_cannot_pay_an_application(self):
        application = self.approve(self.submit())
        with self.assertRaises(ValidationError) as caught, translation.override("en"):
            actions.record_payment(
                actor=self.second_clerk, application=application, amount=Decimal(100), idempotency_key="k1"
            )
        self.assertIn("is not one of your districts", self.english(caught)[0])
        self.client.force_login(self.second_clerk)
        response = self.client.post(
            f"/incentives/applications/{application.pk}/payments/", {"amount": "100", "idempotency_key": "k2"}
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(application.payments.exists())

    def test_an_approval_committing_from_a_foreign_fund_shows_the_reason_not_a_500(self):
        application = self.publish(self.submit())
        AwardItemSplit.objects.filter(item=self.item, source=self.municipal).update(source=self.second_fund)
        before = LedgerEntry.objects.count()
        with self.assertRaises(ValidationError) as caught:
            actions.transition_application(
                actor=self.leader,
                application=application,
                to_status="approved",
                today=application.notice_ends + dt.timedelta(days=1),
            )
        self.assertIn("a fund of another district", self.english(caught)[0])
        self.assertEqual(LedgerEntry.objects.count(), before)

    def test_the_ledger_page_and_api_show_the_own_districts_funds(self):
        self.client.force_login(self.second_clerk)
        page = self.client.get("/incentives/funds/").content.decode()
        self.assertIn("9,000", page.replace("9000", "9,000"))
        self.assertNotIn("Municipal fund", page)
        positions = self.client.get("/api/funds/positions?year=2026").json()
        self.assertEqual([(p["source"], p["budget"]) for p in positions], [("District fund", "9000.00")])
        self.assertEqual(
            [p.source for p in ledger.positions(2026, FundSource.objects.for_user(self.second_clerk))],
            [self.second_fund],
        )

    def test_a_budget_for_another_districts_fund_is_refused(self):
        self.client.force_login(self.second_clerk)
        before = LedgerEntry.objects.count()
        response = self.client.post(
            "/incentives/funds/budgets/", {"source": self.district.pk, "year": 2026, "amount": "1000"}, follow=True
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(LedgerEntry.objects.count(), before)
        with self.assertRaises(ValidationError):
            fund_actions.allocate_budget(actor=self.second_clerk, source=self.district, year=2026, amount=Decimal(1))
        self.assertEqual(LedgerEntry.objects.count(), before)

    def test_the_public_notice_is_the_districts_own(self):
        application = self.publish(self.submit())
        self.client.force_login(self.second_manager)
        self.assertNotIn("Bob Ltd", self.client.get("/incentives/notice/").content.decode())
        response = self.client.post(f"/incentives/applications/{application.pk}/objections/", {"text": "No"})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(application.objections.exists())
        self.client.force_login(self.other_manager)
        self.assertIn("Bob Ltd", self.client.get("/incentives/notice/").content.decode())
