"""The named people every test can use, set up through the actions themselves
(healthchecks' alice/bob/charlie): an office clerk, reviewer and leader, an enterprise
manager and member, a second enterprise's manager, a bank officer, a mediator and a police
liaison (an outsider to everything the others own)."""

from __future__ import annotations

import random

from django.test import TestCase

from accounts import actions as account_actions
from accounts.choices import OrganisationKind, Role
from accounts.models import Organisation, User
from demo.identity import make_uscc
from registry import actions as registry_actions
from registry.models import Enterprise, Park

PASSWORD = "correct horse battery staple 42"


def new_uscc(seed: int, region: str = "370602") -> str:
    return make_uscc(random.Random(seed), region)


class PeopleMixin:
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
        cls.office = account_actions.create_organisation(actor=None, name="Office", kind=OrganisationKind.OFFICE)
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
        cls.bank = account_actions.create_organisation(actor=None, name="Bank", kind=OrganisationKind.BANK)
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

    @staticmethod
    def person(organisation, username: str, role: str):
        return account_actions.create_user(
            actor=None, organisation=organisation, username=username, password=PASSWORD, role=role
        )


class PeopleTestCase(PeopleMixin, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_people()
