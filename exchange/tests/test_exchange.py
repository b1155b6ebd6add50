"""The patent exchange: offers (a university's, an enterprise's idle patent, an open licence),
needs and their matches, deals to registration, what each organisation sees, the figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import actions as account_actions
from accounts.choices import OrganisationKind, Role
from accounts.models import Organisation, User
from audit.models import AuditEvent
from core.tests.people import PeopleTestCase
from core.tests.querycount import assert_queries_do_not_grow
from dashboard.choices import Indicator
from dashboard.figures import year_figures
from exchange import actions
from exchange.choices import DealKind, DealStatus, MatchStatus, OfferMode, OfferStatus, SourceKind
from exchange.figures import exchange_figures
from exchange.matching import idle_patents
from exchange.models import Deal, Match, Need, Offer
from incentives.choices import RuleKind
from portfolio import actions as portfolio_actions
from portfolio.models import Patent, PatentLicence
from portfolio.numbers import check_character

PDF = b"%PDF-1.4\n% contract\n"
MISSING = 987654


def num(body: str) -> str:
    return f"{body}.{check_character(body)}"


def contract() -> SimpleUploadedFile:
    return SimpleUploadedFile("contract.pdf", PDF, content_type="application/pdf")


class ExchangeTestCase(PeopleTestCase):
    university: Organisation
    other_university: Organisation
    professor: User
    other_professor: User
    battery: Offer
    kelp: Offer
    need: Need
    other_need: Need

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.university = account_actions.create_organisation(
            actor=None, name="烟台大学", kind=OrganisationKind.UNIVERSITY
        )
        cls.professor = cls.person(cls.university, "uma", Role.MEMBER)
        cls.other_university = account_actions.create_organisation(
            actor=None, name="鲁东大学", kind=OrganisationKind.UNIVERSITY
        )
        cls.other_professor = cls.person(cls.other_university, "otto", Role.MEMBER)
        cls.battery = actions.list_offer(
            actor=cls.professor,
            organisation=cls.university,
            source_kind=SourceKind.UNIVERSITY,
            application_number=num("202110000001"),
            title="一种锂电池正极材料及其制备方法",
            abstract="本发明公开了一种高镍锂电池正极材料，提高循环寿命和热稳定性。",
            claims_summary="1. 一种锂电池正极材料，其特征在于包覆层。",
            ipc_codes=["H01M 4/525"],
            filing_date=dt.date(2021, 3, 1),
            grant_date=dt.date(2023, 5, 9),
            claims_count=8,
            mode=OfferMode.OPEN_LICENCE,
            royalty_rate=Decimal("3.00"),
            licence_years=3,
            published_on=dt.date(2025, 2, 1),
        )
        cls.kelp = actions.list_offer(
            actor=cls.other_professor,
            organisation=cls.other_university,
            source_kind=SourceKind.UNIVERSITY,
            application_number=num("202010000002"),
            title="一种海带养殖浮筏",
            abstract="海带养殖用的浮筏结构，抗风浪。",
            ipc_codes=["A01G 33/02"],
            filing_date=dt.date(2020, 6, 1),
            grant_date=dt.date(2022, 1, 4),
            mode=OfferMode.TRANSFER,
            asking_price=Decimal("80000.00"),
        )
        cls.need = actions.post_need(
            actor=cls.ent_manager,
            enterprise=cls.enterprise,
            title="提高锂电池循环寿命",
            description="我们生产储能电池，正极材料的循环寿命不够，希望找到锂电池正极材料的技术。",
            ipc_codes=["H01M"],
        )
        cls.other_need = actions.post_need(
            actor=cls.clerk,
            enterprise=cls.other_enterprise,
            title="海带养殖设备",
            description="需要抗风浪的海带养殖浮筏。",
        )


class OfferTests(ExchangeTestCase):
    def test_an_open_licence_must_declare_its_royalty_and_term(self):
        with self.assertRaises(ValidationError) as caught:
            actions.list_offer(
                actor=self.professor,
                organisation=self.university,
                application_number=num("202110000003"),
                title="一种电池隔膜",
                filing_date=dt.date(2021, 1, 1),
                mode=OfferMode.OPEN_LICENCE,
            )
        self.assertEqual(set(caught.exception.error_dict), {"royalty_rate", "licence_years"})

    def test_a_pending_application_cannot_be_declared_open(self):
        with self.assertRaises(ValidationError) as caught:
            actions.list_offer(
                actor=self.professor,
                organisation=self.university,
                application_number=num("202110000003"),
                title="一种电池隔膜",
                filing_date=dt.date(2021, 1, 1),
                legal_status="pending",
                mode=OfferMode.OPEN_LICENCE,
                royalty_rate=Decimal("2"),
                licence_years=2,
            )
        self.assertIn("mode", caught.exception.error_dict)

    def test_a_university_lists_only_for_itself(self):
        with self.assertRaises(ValidationError):
            actions.list_offer(
                actor=self.professor,
                organisation=self.other_university,
                application_number=num("202110000003"),
                title="x",
                filing_date=dt.date(2021, 1, 1),
                mode=OfferMode.TRANSFER,
            )

    def test_a_bank_cannot_list_a_patent(self):
        with self.assertRaises(PermissionDenied):
            actions.list_offer(
                actor=self.bank_officer,
                organisation=self.university,
                application_number=num("202110000003"),
                title="x",
                filing_date=dt.date(2021, 1, 1),
                mode=OfferMode.TRANSFER,
            )

    def test_an_unknown_ipc_code_is_named(self):
        with self.assertRaises(ValidationError) as caught:
            actions.list_offer(
                actor=self.professor,
                organisation=self.university,
                application_number=num("202110000003"),
                title="x",
                ipc_codes=["Z99Z 1/00"],
                filing_date=dt.date(2021, 1, 1),
                mode=OfferMode.TRANSFER,
            )
        self.assertIn("Z99Z", " ".join(caught.exception.message_dict["ipc_codes"]))

    def test_an_enterprises_idle_patents_are_granted_in_force_and_not_listed(self):
        idle = portfolio_actions.add_patent(
            actor=None,
            application_number=num("202210000004"),
            owners=[self.enterprise],
            title="一种储能电池箱",
            filing_date=dt.date(2022, 1, 1),
            grant_date=dt.date(2024, 1, 1),
            status="granted",
            annuity_paid_year=5,
            ipc_codes=["H01M 50/20"],
        )
        portfolio_actions.add_patent(
            actor=None,
            application_number=num("202310000005"),
            owners=[self.enterprise],
            title="一种待审电池",
            filing_date=dt.date(2023, 1, 1),
            status="pending",
        )
        today = dt.date(2026, 6, 1)
        self.assertEqual([p.pk for p in idle_patents(self.enterprise, today)], [idle.pk])
        offer = actions.offer_idle_patent(
            actor=self.ent_manager, patent=idle, enterprise=self.enterprise, mode=OfferMode.TRANSFER, on=today
        )
        self.assertEqual(offer.source_kind, SourceKind.ENTERPRISE)
        self.assertEqual(idle_patents(self.enterprise, today), [])

    def test_withdrawing_an_open_licence_records_the_day(self):
        offer = actions.withdraw_offer(actor=self.professor, offer=self.battery, on=dt.date(2026, 1, 5))
        self.assertEqual((offer.status, offer.withdrawn_on), (OfferStatus.WITHDRAWN, dt.date(2026, 1, 5)))
        with self.assertRaises(PermissionDenied):
            actions.withdraw_offer(
                actor=self.other_professor, offer=self.kelp.__class__.objects.get(pk=self.battery.pk)
            )


class MatchingTests(ExchangeTestCase):
    def test_a_need_is_matched_to_the_offer_sharing_its_words_with_reasons(self):
        [match] = Match.objects.filter(need=self.need)
        self.assertEqual(match.offer, self.battery)
        self.assertIn("锂电池", match.reasons["words"])
        self.assertEqual(match.reasons["same_subclass"], "H01M")
        self.assertEqual(Match.objects.get(need=self.other_need).offer, self.kelp)

    def test_a_new_offer_is_found_when_the_need_is_matched_again(self):
        other = actions.list_offer(
            actor=self.other_professor,
            organisation=self.other_university,
            application_number=num("202110000006"),
            title="锂电池正极材料的包覆方法",
            filing_date=dt.date(2021, 1, 1),
            mode=OfferMode.LICENCE,
        )
        actions.refresh_matches(self.need)
        self.assertEqual({m.offer for m in Match.objects.filter(need=self.need)}, {self.battery, other})

    def test_the_office_arranges_a_meeting_and_it_stays_when_rematched(self):
        match = Match.objects.get(need=self.need)
        actions.arrange_meeting(
            actor=self.clerk, match=match, meeting_at=dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC), place="区局"
        )
        actions.refresh_matches(self.need)
        self.assertEqual(Match.objects.get(need=self.need).status, MatchStatus.MEETING)
        with self.assertRaises(PermissionDenied):
            actions.arrange_meeting(
                actor=self.ent_manager, match=match, meeting_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC), place="x"
            )


class DealTests(ExchangeTestCase):
    def walk(self, deal: Deal, *, by=None) -> Deal:
        actor = by or self.clerk
        deal = actions.move_deal(
            actor=actor, deal=deal, to_status=DealStatus.SIGNED, contract=contract(), signed_on=dt.date(2026, 3, 1)
        )
        return actions.move_deal(
            actor=self.clerk,
            deal=deal,
            to_status=DealStatus.REGISTERED,
            cnipa_number="2026370000123",
            registered_on=dt.date(2026, 3, 20),
        )

    def test_an_enterprise_takes_an_open_licence_and_its_portfolio_shows_it_once_recorded(self):
        deal = actions.take_open_licence(actor=self.ent_manager, offer=self.battery, acquirer=self.enterprise)
        self.assertEqual((deal.kind, deal.royalty_rate), (DealKind.OPEN_LICENCE, Decimal("3.00")))
        deal = self.walk(deal, by=self.ent_manager)
        licence = PatentLicence.objects.get(licensee=self.enterprise)
        self.assertEqual((licence.record_number, licence.ends_on), ("2026370000123", dt.date(2029, 3, 20)))
        self.assertEqual(deal.steps.count(), 2)
        self.assertTrue(AuditEvent.objects.filter(action="exchange.deal.registered").exists())
        self.client.force_login(self.ent_member)
        self.assertContains(self.client.get(reverse("portfolio:patent_list")), "2026370000123")
        self.client.force_login(self.other_manager)
        self.assertNotContains(self.client.get(reverse("portfolio:patent_list")), "2026370000123")
        deal = actions.move_deal(
            actor=self.ent_manager,
            deal=deal,
            to_status=DealStatus.PAID,
            paid_amount=Decimal("12000.00"),
            paid_on=dt.date(2026, 4, 1),
        )
        self.assertEqual(deal.status, DealStatus.PAID)

    def test_a_registered_transfer_puts_the_patent_in_the_acquirers_portfolio_where_it_can_be_pledged(self):
        deal = actions.open_deal(
            actor=self.clerk,
            offer=self.kelp,
            acquirer=self.other_enterprise,
            kind=DealKind.TRANSFER,
            need=self.other_need,
        )
        deal = self.walk(deal)
        patent = Patent.objects.get(application_number=self.kelp.application_number)
        self.assertEqual(list(patent.owners.all()), [self.other_enterprise])
        self.assertEqual(deal.acquired_patent, patent)
        self.assertEqual(Offer.objects.get(pk=self.kelp.pk).status, OfferStatus.WITHDRAWN)

    def test_registration_needs_the_cnipa_number_and_date_and_only_the_office_records_it(self):
        deal = actions.take_open_licence(actor=self.ent_manager, offer=self.battery, acquirer=self.enterprise)
        with self.assertRaises(ValidationError) as caught:
            actions.move_deal(actor=self.ent_manager, deal=deal, to_status=DealStatus.SIGNED)
        self.assertEqual(set(caught.exception.error_dict), {"contract", "signed_on"})
        deal = actions.move_deal(
            actor=self.ent_manager,
            deal=deal,
            to_status=DealStatus.SIGNED,
            contract=contract(),
            signed_on=dt.date(2026, 3, 1),
        )
        with self.assertRaises(PermissionDenied):
            actions.move_deal(
                actor=self.ent_manager,
                deal=deal,
                to_status=DealStatus.REGISTERED,
                cnipa_number="x",
                registered_on=dt.date(2026, 3, 2),
            )
        with self.assertRaises(ValidationError) as caught:
            actions.move_deal(
                actor=self.clerk,
                deal=deal,
                to_status=DealStatus.REGISTERED,
                cnipa_number=" ",
                registered_on=dt.date(2026, 2, 1),
            )
        self.assertEqual(set(caught.exception.error_dict), {"cnipa_number", "registered_on"})

    def test_a_transfer_offer_cannot_become_a_licence_and_no_one_buys_their_own(self):
        with self.assertRaises(ValidationError):
            actions.open_deal(
                actor=self.clerk, offer=self.kelp, acquirer=self.enterprise, kind=DealKind.EXCLUSIVE_LICENCE
            )

    def test_the_figures_and_the_dashboard_count_registered_deals(self):
        self.walk(actions.take_open_licence(actor=self.ent_manager, offer=self.battery, acquirer=self.enterprise))
        self.walk(actions.open_deal(actor=self.clerk, offer=self.kelp, acquirer=self.other_enterprise, kind="transfer"))
        found = exchange_figures(2026)
        self.assertEqual((found["transfers"], found["licences"], found["open_licences_taken"]), (1, 1, 1))
        self.assertEqual(found["by_source"], {"licence:university": 1, "transfer:university": 1})
        self.assertEqual(found["by_section"], {"licence:H": 1, "transfer:A": 1})
        # One of the installation's three enterprises (two in district 370602, one in 370611: people.py).
        self.assertEqual(found["licensee_share"], Decimal("33.33"))
        self.assertEqual(exchange_figures(2025)["open_licences_declared"], 1)
        values = year_figures(2026)
        self.assertEqual((values[Indicator.PATENT_TRANSFERS], values[Indicator.PATENT_LICENCES]), (1, 1))

    def test_the_transfer_incentive_finds_registered_transfers_to_a_tech_sme(self):
        from incentives.rules import _FINDERS

        finder = _FINDERS[RuleKind.PATENT_TRANSFER_IN]
        self.walk(actions.open_deal(actor=self.clerk, offer=self.kelp, acquirer=self.other_enterprise, kind="transfer"))

        class Item:
            amount = Decimal("10000.00")

            class programme:
                period_start, period_end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)

        self.assertEqual(finder(Item, self.other_enterprise), [])  # not a tech-based SME
        self.other_enterprise.is_tech_sme = True
        [(key, _label, amount)] = finder(Item, self.other_enterprise)
        self.assertEqual(amount, Decimal("10000.00"))
        self.assertTrue(key.startswith("exchange-deal:"))


class AccessTests(ExchangeTestCase):
    deal: Deal

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.deal = actions.open_deal(
            actor=cls.clerk, offer=cls.kelp, acquirer=cls.other_enterprise, kind=DealKind.TRANSFER, need=cls.other_need
        )

    def urls_of(self, obj) -> list[str]:
        if isinstance(obj, Offer):
            return [reverse("exchange:offer_detail", args=[obj.pk])]
        if isinstance(obj, Deal):
            return [reverse("exchange:deal_detail", args=[obj.pk]), reverse("exchange:deal_contract", args=[obj.pk])]
        return [reverse("exchange:need_detail", args=[obj.pk])]

    def test_a_university_sees_its_own_offers_and_deals_only(self):
        self.client.force_login(self.professor)
        self.assertEqual(self.client.get(reverse("exchange:offer_detail", args=[self.battery.pk])).status_code, 200)
        for url in (
            self.urls_of(self.kelp) + self.urls_of(self.need) + [reverse("exchange:deal_detail", args=[self.deal.pk])]
        ):
            self.assertEqual(self.client.get(url).status_code, 404, url)
        self.assertNotContains(self.client.get(reverse("exchange:offer_list")), self.kelp.title)
        self.client.force_login(self.other_professor)
        self.assertEqual(self.client.get(reverse("exchange:deal_detail", args=[self.deal.pk])).status_code, 200)

    def test_an_enterprise_sees_its_own_needs_and_deals_and_the_listed_offers(self):
        self.client.force_login(self.ent_manager)
        self.assertEqual(self.client.get(reverse("exchange:need_detail", args=[self.need.pk])).status_code, 200)
        self.assertEqual(self.client.get(reverse("exchange:need_detail", args=[self.other_need.pk])).status_code, 404)
        self.assertEqual(self.client.get(reverse("exchange:deal_detail", args=[self.deal.pk])).status_code, 404)
        self.assertEqual(self.client.get(reverse("exchange:offer_detail", args=[self.kelp.pk])).status_code, 200)
        self.assertNotContains(self.client.get(reverse("exchange:need_list")), self.other_need.title)

    def test_foreigners_get_404_for_every_object_and_a_missing_id_too(self):
        for user in (self.bank_officer, self.mediator, self.police_liaison):
            self.client.force_login(user)
            for obj in (self.need, self.deal):
                for url in self.urls_of(obj):
                    self.assertEqual(self.client.get(url).status_code, 404, (user, url))
            self.assertEqual(self.client.get(reverse("exchange:offer_detail", args=[self.battery.pk])).status_code, 404)
            for name in ("offer_withdraw", "offer_take"):
                self.assertEqual(self.client.post(reverse(f"exchange:{name}", args=[self.battery.pk])).status_code, 404)
            match = Match.objects.get(need=self.need)
            for name in ("match_meeting", "match_dismiss"):
                self.assertEqual(self.client.post(reverse(f"exchange:{name}", args=[match.pk])).status_code, 404)
            self.assertEqual(
                self.client.post(reverse("exchange:deal_step", args=[self.deal.pk, "signed"])).status_code, 404
            )
            self.assertEqual(self.client.get(reverse("exchange:offer_detail", args=[MISSING])).status_code, 404)

    def test_only_the_office_sees_the_board_and_the_figures(self):
        for user, code in ((self.ent_manager, 403), (self.professor, 403), (self.clerk, 200), (self.leadership, 200)):
            self.client.force_login(user)
            self.assertEqual(self.client.get(reverse("exchange:figures")).status_code, code, user)
        self.client.force_login(self.clerk)
        board = self.client.get(reverse("exchange:board"))
        self.assertContains(board, self.need.title)
        self.assertContains(board, "锂电池")  # a reason: the shared word

    def test_bad_input_is_answered_never_a_500(self):
        self.client.force_login(self.clerk)
        response = self.client.post(
            reverse("exchange:deal_step", args=[self.deal.pk, "signed"]),
            {"signed_on": "not a date", "contract": SimpleUploadedFile("c.pdf", b"not a pdf")},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Deal.objects.get(pk=self.deal.pk).status, DealStatus.NEGOTIATING)
        self.assertEqual(self.client.post(reverse("exchange:deal_step", args=[self.deal.pk, "bogus"])).status_code, 404)
        response = self.client.post(
            reverse("exchange:need_create"),
            {"enterprise": self.enterprise.pk, "title": "x", "description": "", "ipc_codes": "ZZZ"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "ZZZ")
        self.assertEqual(self.client.get(reverse("exchange:figures") + "?year=99999").status_code, 200)
        self.assertEqual(
            self.client.get(reverse("exchange:offer_list") + "?mode=zz&status=x&page=abc").status_code, 200
        )

    def test_the_lists_do_not_query_per_row(self):
        counter = iter(range(100, 200))

        def add(n: int) -> None:
            for _ in range(n):
                i = next(counter)
                actions.post_need(
                    actor=self.clerk, enterprise=self.enterprise, title=f"锂电池需求{i}", description="锂电池正极"
                )
                actions.list_offer(
                    actor=self.professor,
                    organisation=self.university,
                    application_number=num(f"2021100{i:05d}"),
                    title=f"锂电池{i}",
                    filing_date=dt.date(2021, 1, 1),
                    mode=OfferMode.TRANSFER,
                )

        assert_queries_do_not_grow(
            self,
            [
                (self.clerk, reverse("exchange:offer_list")),
                (self.clerk, reverse("exchange:need_list")),
                (self.clerk, reverse("exchange:board")),
                (self.clerk, reverse("exchange:deal_list")),
            ],
            add,
        )
