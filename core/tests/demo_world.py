"""The demo district (a smaller one: 40 enterprises) with, beside it, one organisation of each
outside kind that nothing was ever sent to: the attackers of issue 14's "attacks tried in CI"."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.test import override_settings

from accounts import actions as account_actions
from accounts.choices import OrganisationKind, Role
from accounts.models import User
from core.tests.demo_snapshot import seed_demo_once
from core.tests.people import PASSWORD, new_uscc
from registry import actions as registry_actions
from similarity import index

DEMO_ENTERPRISES = 40


class DemoWorldMixin:
    """`setUpTestData` builds the demo once per test class, `tearDownClass` drops its scratch
    folders; `cls.demo[username]` are the demo's people and `cls.foreigners` the outsiders
    (name → user). With `empty_landscape_store`, the class reads the landscape from an empty store
    of its own, switched in after the demo is seeded."""

    _index_override: Any
    _landscape_override: Any
    demo: dict[str, User]
    foreigners: Any
    index_dir: str
    landscape_dir: Path

    empty_landscape_store = False

    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_demo_world()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()  # type: ignore[misc]  # a mixin before TestCase, whose tearDownClass this is
        cls.drop_demo_world()

    @classmethod
    def make_demo_world(cls) -> None:
        cls.index_dir = tempfile.mkdtemp(prefix="ipcounty-index-")
        cls._index_override = override_settings(SIMILARITY_INDEX_DIR=cls.index_dir)
        cls._index_override.enable()
        seed_demo_once(DEMO_ENTERPRISES, cls.index_dir)
        cls.demo = {user.username: user for user in User.objects.select_related("organisation")}
        outsider_enterprise = registry_actions.register_enterprise(
            actor=None, uscc=new_uscc(9001), name="外来企业（攻击者）", street_code="370602001"
        )
        cls.foreigners = {
            "enterprise manager": cls._person(outsider_enterprise.organisation, "x_manager", Role.MANAGER)
        }
        for kind, label in [
            (OrganisationKind.BANK, "bank officer"),
            (OrganisationKind.VALUER, "valuer"),
            (OrganisationKind.MEDIATION, "mediator"),
            (OrganisationKind.POLICE, "police liaison"),
            (OrganisationKind.COURT, "court liaison"),
            (OrganisationKind.UNIVERSITY, "university staff"),
        ]:
            organisation = account_actions.create_organisation(actor=None, name=f"外来{label}", kind=kind)
            cls.foreigners[label] = cls._person(organisation, f"x_{kind}", Role.MEMBER)
        if cls.empty_landscape_store:
            cls.landscape_dir = Path(tempfile.mkdtemp(prefix="ipcounty-landscape-"))
            cls._landscape_override = override_settings(LANDSCAPE_STORE_DIR=cls.landscape_dir)
            cls._landscape_override.enable()

    @classmethod
    def drop_demo_world(cls) -> None:
        if cls.empty_landscape_store:
            cls._landscape_override.disable()
            shutil.rmtree(cls.landscape_dir, ignore_errors=True)
        cls._index_override.disable()
        index.forget_open_indexes()
        shutil.rmtree(cls.index_dir, ignore_errors=True)

    @staticmethod
    def _person(organisation, username: str, role: str) -> User:
        return account_actions.create_user(
            actor=None, organisation=organisation, username=username, password=PASSWORD, role=role
        )
