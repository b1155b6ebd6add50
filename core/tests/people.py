"""The named people every test can use, set up through the actions themselves
(healthchecks' alice/bob/charlie): an office clerk, reviewer and leader, an enterprise
manager and member, a second enterprise's manager, a bank officer, a mediator and a police
liaison (an outsider to everything the others own). They all belong to district 370602 (芝罘区);
beside it, district 370611 (福山区) has an office and an enterprise of its own, the bank serves
both, and a city bureau supervises both (issue 21: every access test runs with two districts)."""

from __future__ import annotations

import random

from django.test import TestCase

from accounts import actions as account_actions
from accounts.choices import OrganisationKind, Role
from accounts.models import District, Organisation, User
from demo.identity import make_uscc
from registry import actions as registry_actions
from registry.models import Enterprise, Park

PASSWORD = "correct horse battery staple 42"


def new_uscc(seed: int, region: str = "370602") -> str:
    return make_uscc(random.Random(seed), region)


# Two real county-level GB/T 2260 codes of 烟台市: the default district and a second one.
DISTRICT_CODE = "370602"
SECOND_DISTRICT_CODE = "370611"


class PeopleMixin:
    district: District
    second_district: District
    second_office: Organisation
    second_clerk: User
    second_leader: User
    second_enterprise: Enterprise
    second_manager: User
    bureau: Organisation
    bureau_reader: User
    bank: Organisation
    bank_officer: User
    clerk: User
    court: Organisation
    court_liaison: User
    enforcer: User
    ent_manager: User
    ent_member: User
    enterprise: Enterprise
    leader: User
    leadership: User
    mediation: Organisation
    mediator: User
    office: Organisation
    other_enterprise: Enterprise
    other_manager: User
    other_mediation: Organisation
    other_mediator: User
    other_police: Organisation
    other_police_liaison: User
    park: Park
    police: Organisation
    police_liaison: User
    reviewer: User

    @classmethod
    def make_people(cls) -> None:
        cls.district = District.of_code(DISTRICT_CODE)
        cls.second_district = District.of_code(SECOND_DISTRICT_CODE)
        here = [cls.district]
        cls.office = account_actions.create_organisation(
            actor=None, name="Office", kind=OrganisationKind.OFFICE, districts=here
        )
        cls.clerk = cls.person(cls.office, "alice", Role.CLERK)
        cls.reviewer = cls.person(cls.office, "rita", Role.REVIEWER)
        cls.leader = cls.person(cls.office, "leo", Role.LEADER)
        cls.enforcer = cls.person(cls.office, "eric", Role.ENFORCEMENT)
        cls.leadership = cls.person(cls.office, "lily", Role.LEADERSHIP)
        cls.park = registry_actions.create_park(actor=None, name="Test park", street_code="370602001")
        cls.enterprise = registry_actions.register_enterprise(
            actor=None, uscc=new_uscc(1), name="Bob Ltd", street_code="370602002", park=cls.park
        )
        cls.other_enterprise = registry_actions.register_enterprise(
            actor=None, uscc=new_uscc(2), name="Charlie Ltd", street_code="370602003"
        )
        cls.ent_manager = cls.person(cls.enterprise.organisation, "bob", Role.MANAGER)
        cls.ent_member = cls.person(cls.enterprise.organisation, "bobby", Role.MEMBER)
        cls.other_manager = cls.person(cls.other_enterprise.organisation, "charlie", Role.MANAGER)
        cls.bank = account_actions.create_organisation(
            actor=None, name="Bank", kind=OrganisationKind.BANK, districts=[cls.district, cls.second_district]
        )
        cls.bank_officer = cls.person(cls.bank, "betty", Role.MEMBER)
        cls.mediation = account_actions.create_organisation(
            actor=None, name="Mediation", kind=OrganisationKind.MEDIATION
        )
        cls.mediator = cls.person(cls.mediation, "mona", Role.MEMBER)
        cls.police = account_actions.create_organisation(actor=None, name="Police", kind=OrganisationKind.POLICE)
        cls.police_liaison = cls.person(cls.police, "paul", Role.MEMBER)
        cls.court = account_actions.create_organisation(actor=None, name="Court", kind=OrganisationKind.COURT)
        cls.court_liaison = cls.person(cls.court, "carol", Role.MEMBER)
        # Foreigners of the same kinds: another police station and another mediation body.
        cls.other_police = account_actions.create_organisation(
            actor=None, name="Other police", kind=OrganisationKind.POLICE
        )
        cls.other_police_liaison = cls.person(cls.other_police, "pete", Role.MEMBER)
        cls.other_mediation = account_actions.create_organisation(
            actor=None, name="Other mediation", kind=OrganisationKind.MEDIATION
        )
        cls.other_mediator = cls.person(cls.other_mediation, "max", Role.MEMBER)
        cls.make_second_district()

    @classmethod
    def make_second_district(cls) -> None:
        """District 370611's office and enterprise, and a city bureau over both districts."""
        there = [cls.second_district]
        cls.second_office = account_actions.create_organisation(
            actor=None, name="Second office", kind=OrganisationKind.OFFICE, districts=there
        )
        cls.second_clerk = cls.person(cls.second_office, "fu_clerk", Role.CLERK)
        cls.second_leader = cls.person(cls.second_office, "fu_leader", Role.LEADER)
        cls.second_enterprise = registry_actions.register_enterprise(
            actor=cls.second_clerk,
            uscc=new_uscc(3, SECOND_DISTRICT_CODE),
            name="Fushan Ltd",
            street_code="370611001",
        )
        cls.second_manager = cls.person(cls.second_enterprise.organisation, "fu_manager", Role.MANAGER)
        cls.bureau = account_actions.create_organisation(
            actor=None,
            name="City bureau",
            kind=OrganisationKind.BUREAU,
            districts=[cls.district, cls.second_district],
        )
        cls.bureau_reader = cls.person(cls.bureau, "bureau_reader", Role.LEADERSHIP)

    @staticmethod
    def person(organisation, username: str, role: str):
        return account_actions.create_user(
            actor=None, organisation=organisation, username=username, password=PASSWORD, role=role
        )


class PeopleTestCase(PeopleMixin, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_people()
