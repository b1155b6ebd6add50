"""Issue 21, many districts in one installation: the office, the enterprises and the partners of one
district see nothing of another's.

The sweep builds the demo district (370602, 芝罘区, and its demo neighbours) and beside it a
second one (370681, 龙口市) with
an office of its own (one person of each office role) and an enterprise of its own. Every URL
pattern and API path that names an object (the routes of ``test_attack_cross_organisation``) is
requested with every id of the demo district's objects as each of district 370681's people: the
answer must be exactly the one for an id that does not exist. Every list and export page they
open must name none of the demo district's enterprises. The annual reports (``dashboard/``) are
the roll-up's and are left to it.

The routes include the subsidy programmes (a district's published measures) and the page of who
serves a district (``/accounts/districts/<code>/``, the office's own district only).

The unit tests below check each ``for_user`` with two districts loaded (core/tests/people.py),
fund sources and programmes included, and that a bank serving both districts sees its
applications from both, and none from a district it was unlinked from."""

from __future__ import annotations

import io
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.test import TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

from accounts import actions as account_actions
from accounts.choices import OrganisationKind, Role
from accounts.models import ApiToken, District, Organisation, User
from core.tests.demo_world import DemoWorldMixin
from core.tests.people import SECOND_DISTRICT_CODE, PeopleTestCase, new_uscc
from core.tests.test_attack_cross_organisation import (
    MISSING,
    REFUSALS,
    WRITES_PER_ROUTE,
    even_spread,
    object_routes,
)
from cultivation import actions as cultivation_actions
from cultivation.models import Training
from dashboard.models import AnnualReport
from financing import actions as financing_actions
from financing.models import LoanProduct, PledgeLoan
from financing.tests.base import TODAY, FinancingMixin
from funds import actions as fund_actions
from funds.models import FundSource
from incentives import actions as incentive_actions
from incentives.models import Programme
from portfolio import actions as portfolio_actions
from portfolio.models import Patent, Trademark
from protection import actions as protection_actions
from protection.models import Case, Mediation
from registry import actions as registry_actions
from registry.models import Enterprise, Park, Talent
from similarity import actions as similarity_actions
from similarity.models import ProtectedMark

# The sweep's second district: 龙口市, which the demo does not seed.
SWEEP_DISTRICT_CODE = "370681"
# The other districts' ids each person tries on each route at the most.
READS_PER_ROUTE = 40

# Not opened by the list sweep: pages that end the session; the roll-up (dashboard/, built by its
# own work); the patent landscape, which reads the installation's shared corpus of published
# patent documents (public register facts, like the outside marks of the similarity search).
LIST_SKIPPED = (
    "accounts/logout",
    "accounts/login",
    "accounts/verify",
    "dashboard",
    "api/dashboard",
    "api/schema",
    "landscape",
    "api/landscape",
)


def list_routes() -> list[str]:
    """Every URL pattern without a parameter (the lists, exports, boards and forms)."""
    found: list[str] = []

    def walk(patterns: Any, prefix: str) -> None:
        for entry in patterns:
            route = str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + route)
            elif isinstance(entry, URLPattern) and "<" not in prefix + route and "^" not in prefix + route:
                found.append("/" + prefix + route)

    walk(get_resolver().url_patterns, "")
    return sorted({url for url in found if not url.lstrip("/").startswith(LIST_SKIPPED)})


def readable_text(response) -> str:
    """The text of a page, a JSON answer, a CSV or an XLSX download."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":  # an XLSX workbook
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
        )
    return content.decode("utf-8", errors="replace")


@pytest.mark.slow
@override_settings(RATELIMIT_ENABLE=False)
class CrossDistrictSweepTests(DemoWorldMixin, TestCase):
    demo: Any
    foreigners: Any
    intruders: dict[str, User]
    their_enterprise: Enterprise
    home_ids: dict[type[models.Model], list[int]]

    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_demo_world()
        # Everything seeded so far belongs to the demo district: these are the ids to attack.
        cls.home_ids = {
            model: list(model.objects.order_by("pk").values_list("pk", flat=True))  # type: ignore[attr-defined]  # every routed model has `objects`
            for model in {model for _route, model in object_routes()}
        }
        # Not 370611: the demo seeds 福山区, 牟平区 and 莱山区 as neighbours for the roll-up, and their
        # records are as foreign to this district as the demo district's.
        district = District.of_code(SWEEP_DISTRICT_CODE)
        office = account_actions.create_organisation(
            actor=None, name="龙口市知识产权科（测试）", kind=OrganisationKind.OFFICE, districts=[district]
        )
        cls.intruders = {
            f"the second district's {role}": cls._person(office, f"fu_{role}", role)
            for role in (Role.CLERK, Role.REVIEWER, Role.LEADER, Role.ENFORCEMENT, Role.LEADERSHIP)
        }
        cls.their_enterprise = registry_actions.register_enterprise(
            actor=cls.intruders["the second district's clerk"],
            uscc=new_uscc(9100, SWEEP_DISTRICT_CODE),
            name="龙口测试企业",
            street_code="370681001",
        )
        cls.intruders["the second district's enterprise manager"] = cls._person(
            cls.their_enterprise.organisation, "fu_manager", Role.MANAGER
        )

    def setUp(self) -> None:
        self.client.raise_request_exception = False

    def send(self, method: str, url: str) -> int:
        if method == "get":
            return self.client.get(url).status_code
        if url.startswith("/api/"):
            return self.client.patch(url, data={}, content_type="application/json").status_code
        return self.client.post(url, data={}).status_code

    def test_no_querysets_of_the_second_district_hold_the_first_districts_records(self):
        for who, user in self.intruders.items():
            for model, ids in self.home_ids.items():
                manager = model.objects
                if not hasattr(manager, "for_user") or model is AnnualReport:
                    continue
                seen = set(manager.for_user(user).filter(pk__in=ids).values_list("pk", flat=True))
                self.assertEqual(seen, set(), f"{who} sees {model.__name__} {sorted(seen)[:5]}")

    def test_no_person_of_the_second_district_reads_or_writes_an_object_of_the_first_by_its_id(self):
        routes = [(template, model) for template, model in object_routes() if model is not AnnualReport]
        self.assertGreaterEqual(len(routes), 80)
        sent: Counter[str] = Counter()
        leaks: list[str] = []
        for who, user in self.intruders.items():
            self.client.force_login(user)
            for template, model in routes:
                ids = [] if model in (User, ApiToken) else self.home_ids[model]
                if model is User:
                    ids = list(
                        User.objects.filter(organisation__districts=District.default()).values_list("pk", flat=True)
                    )
                # An even spread of the other districts' ids (the demo's and its neighbours'), not
                # every one: a route refuses an id for what it is, not for where it stands.
                ids = even_spread(ids, READS_PER_ROUTE)
                for method in ("get", "post"):
                    missing = self.send(method, template.format(id=MISSING))
                    if missing not in REFUSALS:
                        leaks.append(f"{who} {method.upper()} {template} (missing id): {missing}")
                    for pk in ids if method == "get" else ids[:WRITES_PER_ROUTE]:
                        status = self.send(method, template.format(id=pk))
                        sent[method] += 1
                        if status != missing:
                            leaks.append(
                                f"{who} {method.upper()} {template.format(id=pk)}: {status}, missing: {missing}"
                            )
        print(f"\ncross-district sweep: {len(routes)} routes, {len(self.intruders)} personas, "
              f"{sent['get']} reads and {sent['post']} writes with an id of the other district")  # fmt: skip
        self.assertGreater(sent["get"], 3_000)
        # The routes do work for the second district's own records.
        clerk = self.intruders["the second district's clerk"]
        self.client.force_login(clerk)
        self.assertEqual(self.send("get", f"/registry/enterprises/{self.their_enterprise.pk}/"), 200)
        self.assertEqual(self.send("get", f"/api/enterprises/{self.their_enterprise.pk}"), 200)
        self.assertEqual(self.send("get", f"/accounts/districts/{SWEEP_DISTRICT_CODE}/"), 200)
        self.assertEqual(leaks, [], "\n".join(leaks[:50]))

    def test_no_list_or_export_of_the_second_district_names_an_enterprise_of_the_first(self):
        names = list(Enterprise.objects.filter(pk__in=self.home_ids[Enterprise]).values_list("name", flat=True))
        self.assertGreater(len(names), 30)
        routes = list_routes()
        opened = 0
        leaks: list[str] = []
        for who, user in self.intruders.items():
            self.client.force_login(user)
            for url in routes:
                response = self.client.get(url)
                if response.status_code != 200:
                    continue
                opened += 1
                text = readable_text(response)
                found = [name for name in names if name in text]
                if found:
                    leaks.append(f"{who} GET {url}: {found[:3]}")
        print(f"\ncross-district lists: {len(routes)} routes, {opened} pages opened")
        self.assertGreater(opened, 100)
        self.assertEqual(leaks, [], "\n".join(leaks[:50]))


class DistrictQuerysetTests(PeopleTestCase):
    """Each ``for_user`` with two districts: an office sees its own district's records only, a
    bureau both districts', read-only."""

    case: Case
    fund: FundSource
    mark: Trademark
    patent: Patent
    programme: Programme
    protected: ProtectedMark
    second_case: Case
    second_fund: FundSource
    second_programme: Programme
    second_mark: Trademark
    second_park: Park
    second_patent: Patent
    second_protected: ProtectedMark
    second_talent: Talent
    second_training: Training
    talent: Talent
    training: Training

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.second_park = registry_actions.create_park(actor=cls.second_clerk, name="Fushan park")
        cls.patent = cls.add_patent("202010000001.1", cls.enterprise)
        cls.second_patent = cls.add_patent("202010000002.6", cls.second_enterprise)
        cls.mark = cls.add_mark("30000001", cls.enterprise)
        cls.second_mark = cls.add_mark("30000002", cls.second_enterprise)
        cls.talent = registry_actions.add_talent(actor=cls.clerk, name="Tom", kind="engineer")
        cls.second_talent = registry_actions.add_talent(actor=cls.second_clerk, name="Tim", kind="engineer")
        cls.case = cls.lead(cls.clerk, cls.enterprise)
        cls.second_case = cls.lead(cls.second_clerk, None)
        cls.training = cls.train(cls.clerk, "Patent drafting")
        cls.second_training = cls.train(cls.second_clerk, "Trademark basics")
        cls.protected = similarity_actions.add_protected_mark(actor=cls.clerk, name="芝罘")
        cls.second_protected = similarity_actions.add_protected_mark(actor=cls.second_clerk, name="福山")
        # Each district its own 区级资金 and its own award programme.
        cls.fund = fund_actions.create_fund_source(actor=cls.clerk, name="区级资金", level="district")
        cls.second_fund = fund_actions.create_fund_source(actor=cls.second_clerk, name="区级资金", level="district")
        cls.programme = cls.measure(cls.clerk, "芝罘区专利奖励")
        cls.second_programme = cls.measure(cls.second_clerk, "福山区专利奖励")

    @classmethod
    def measure(cls, actor: User, name: str) -> Programme:
        return incentive_actions.create_programme(
            actor=actor,
            name=name,
            year=TODAY.year,
            opens_on=TODAY,
            closes_on=TODAY,
            period_start=TODAY,
            period_end=TODAY,
        )

    @classmethod
    def add_patent(cls, number: str, owner: Enterprise) -> Patent:
        return portfolio_actions.add_patent(
            actor=None,
            application_number=number,
            owners=[owner],
            title="Invention",
            filing_date="2020-01-01",
            status="pending",
        )

    @classmethod
    def add_mark(cls, number: str, owner: Enterprise) -> Trademark:
        return portfolio_actions.add_trademark(
            actor=None,
            number=number,
            mark_text=f"MARK{number}",
            owner=owner,
            groups=["0901"],
            filing_date="2018-01-01",
            status="applied",
        )

    @classmethod
    def lead(cls, actor: User, complainant: Enterprise | None) -> Case:
        return protection_actions.enter_lead(
            actor=actor, source="tip_off", summary="Counterfeit goods", right_kind="trademark", complainant=complainant
        )

    @classmethod
    def train(cls, actor: User, title: str) -> Training:
        return cultivation_actions.create_training(
            actor=actor, kind="training", title=title, organiser="Office", level="district", held_on=TODAY
        )

    def pairs(self) -> list[tuple[type[models.Model], models.Model, models.Model]]:
        """(model, the first district's record, the second district's record)."""
        return [
            (Enterprise, self.enterprise, self.second_enterprise),
            (Organisation, self.enterprise.organisation, self.second_enterprise.organisation),
            (Park, self.park, self.second_park),
            (Talent, self.talent, self.second_talent),
            (Patent, self.patent, self.second_patent),
            (Trademark, self.mark, self.second_mark),
            (Case, self.case, self.second_case),
            (Training, self.training, self.second_training),
            (ProtectedMark, self.protected, self.second_protected),
            (FundSource, self.fund, self.second_fund),
            (Programme, self.programme, self.second_programme),
        ]

    def visible(self, model: type[models.Model], user: User) -> set[int]:
        return set(model.objects.for_user(user).values_list("pk", flat=True))  # type: ignore[attr-defined]  # each has for_user

    def test_records_made_by_an_office_belong_to_its_district(self):
        self.assertEqual(self.second_park.district_id, SECOND_DISTRICT_CODE)
        self.assertEqual(self.second_case.district_id, SECOND_DISTRICT_CODE)
        self.assertEqual(self.case.district_id, self.district.code)
        self.assertEqual(self.second_training.district_id, SECOND_DISTRICT_CODE)
        self.assertEqual(self.second_protected.district_id, SECOND_DISTRICT_CODE)
        self.assertEqual(self.second_fund.district_id, SECOND_DISTRICT_CODE)
        self.assertEqual(self.second_programme.district_id, SECOND_DISTRICT_CODE)
        self.assertEqual(set(self.second_enterprise.organisation.districts.all()), {self.second_district})

    def test_each_office_sees_its_own_district_only(self):
        for model, first, second in self.pairs():
            with self.subTest(model=model.__name__):
                for office_person in (self.clerk, self.leadership):
                    seen = self.visible(model, office_person)
                    self.assertIn(first.pk, seen)
                    self.assertNotIn(second.pk, seen)
                seen = self.visible(model, self.second_clerk)
                self.assertIn(second.pk, seen)
                self.assertNotIn(first.pk, seen)

    def test_a_bureau_sees_both_districts(self):
        self.assertTrue(self.bureau_reader.is_leadership)
        for model, first, second in self.pairs():
            with self.subTest(model=model.__name__):
                self.assertLessEqual({first.pk, second.pk}, self.visible(model, self.bureau_reader))

    def test_a_bureau_is_refused_every_write(self):
        self.client.force_login(self.bureau_reader)
        response = self.client.post("/registry/parks/new/", {"name": "Bureau park"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Park.objects.filter(name="Bureau park").exists())
        self.assertEqual(self.client.get(f"/registry/enterprises/{self.second_enterprise.pk}/").status_code, 200)

    def test_an_enterprise_sees_its_own_only_in_either_district(self):
        self.assertEqual(self.visible(Patent, self.second_manager), {self.second_patent.pk})
        self.assertNotIn(self.second_patent.pk, self.visible(Patent, self.ent_manager))
        self.assertEqual(self.visible(Case, self.second_manager), set())

    def test_an_office_serving_several_districts_must_name_one(self):
        self.second_office.districts.add(self.district)
        clerk = User.objects.get(pk=self.second_clerk.pk)  # district_codes is cached per object
        with self.assertRaises(ValidationError) as caught:
            registry_actions.create_park(actor=clerk, name="Which district?")
        with translation.override("en"):  # the message is lazy: read in English
            messages = [str(m) for m in caught.exception.messages]
        self.assertEqual(messages, ["Choose the district this record belongs to."])
        park = registry_actions.create_park(actor=clerk, name="Named", district=self.district)
        self.assertEqual(park.district_id, self.district.code)

    def test_the_office_pages_show_the_own_district(self):
        self.client.force_login(self.second_clerk)
        page = self.client.get("/registry/enterprises/").content.decode()
        self.assertIn("Fushan Ltd", page)
        self.assertNotIn("Bob Ltd", page)
        self.assertIn("清洋街道", page)  # a street of 福山区 in the filter
        self.assertNotIn("Test park", page)
        home = self.client.get("/").content.decode()
        self.assertIn("福山区", home)


class BankServingTwoDistrictsTests(FinancingMixin, TestCase):
    loan: PledgeLoan
    second_loan: PledgeLoan
    second_patent: Patent

    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_financing()
        cls.second_patent = portfolio_actions.add_patent(
            actor=None,
            application_number="202010000004.5",
            owners=[cls.second_enterprise],
            title="Fushan invention",
            filing_date="2020-01-01",
            grant_date="2022-06-01",
            status="granted",
            claims_count=8,
        )
        cls.loan = cls.apply()
        cls.second_loan = financing_actions.apply_for_loan(
            actor=cls.second_manager,
            product=cls.product,
            enterprise=cls.second_enterprise,
            requested_amount=Decimal("1000000"),
            requested_term_months=12,
            patents=[cls.second_patent],
            today=TODAY,
        )

    def test_the_bank_sees_its_applications_from_both_districts(self):
        self.assertEqual(
            set(PledgeLoan.objects.for_user(self.bank_officer).values_list("pk", flat=True)),
            {self.loan.pk, self.second_loan.pk},
        )
        self.client.force_login(self.bank_officer)
        for loan in (self.loan, self.second_loan):
            self.assertEqual(self.client.get(f"/financing/loans/{loan.pk}/").status_code, 200)

    def test_the_bank_sees_no_application_from_a_district_it_was_unlinked_from(self):
        self.client.force_login(self.second_clerk)
        self.client.post(f"/accounts/districts/{self.second_district.code}/unlink/{self.bank.pk}/")
        self.assertEqual(set(self.bank.districts.all()), {self.district})
        officer = User.objects.get(pk=self.bank_officer.pk)
        self.assertEqual(set(PledgeLoan.objects.for_user(officer).values_list("pk", flat=True)), {self.loan.pk})
        self.client.force_login(officer)
        self.assertEqual(self.client.get(f"/financing/loans/{self.second_loan.pk}/").status_code, 404)
        self.assertEqual(self.client.get(f"/financing/loans/{self.loan.pk}/").status_code, 200)
        # Linked again through the page: both districts' applications again.
        self.client.force_login(self.second_clerk)
        self.client.post(f"/accounts/districts/{self.second_district.code}/link/", {"organisation": self.bank.pk})
        self.assertEqual(
            set(PledgeLoan.objects.for_user(officer).values_list("pk", flat=True)), {self.loan.pk, self.second_loan.pk}
        )

    def test_each_office_sees_the_applications_of_its_district(self):
        self.assertEqual(set(PledgeLoan.objects.for_user(self.clerk).values_list("pk", flat=True)), {self.loan.pk})
        self.assertEqual(
            set(PledgeLoan.objects.for_user(self.second_clerk).values_list("pk", flat=True)), {self.second_loan.pk}
        )
        self.client.force_login(self.second_clerk)
        self.assertEqual(self.client.get(f"/financing/loans/{self.loan.pk}/").status_code, 404)

    def test_published_products_are_those_of_the_banks_serving_the_district(self):
        # The first bank serves both districts; the second bank only the default one.
        self.assertEqual(
            set(LoanProduct.objects.for_user(self.second_manager).values_list("pk", flat=True)), {self.product.pk}
        )
        self.assertEqual(
            set(LoanProduct.objects.for_user(self.ent_manager).values_list("pk", flat=True)),
            {self.product.pk, self.product2.pk},
        )


class MediationDistrictTests(PeopleTestCase):
    def test_a_mediation_belongs_to_the_applicants_district(self):
        self.mediation.districts.add(self.second_district)
        mediation = protection_actions.apply_for_mediation(
            actor=self.second_manager,
            body=self.mediation,
            applicant=self.second_enterprise,
            dispute="A licence fee",
            right_kind="patent",
            respondent_name="Someone",
        )
        self.assertEqual(mediation.district_id, SECOND_DISTRICT_CODE)
        self.assertIn(mediation.pk, set(Mediation.objects.for_user(self.second_clerk).values_list("pk", flat=True)))
        self.assertNotIn(mediation.pk, set(Mediation.objects.for_user(self.clerk).values_list("pk", flat=True)))
        self.assertIn(mediation.pk, set(Mediation.objects.for_user(self.mediator).values_list("pk", flat=True)))
