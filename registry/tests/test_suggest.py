"""Search-as-you-type over the enterprises: the endpoint answers only with what the person may
see, and the portfolio's owner pick-lists point at it."""

import datetime as dt

from django.test import TestCase
from django.urls import reverse

from core.tests.people import PeopleMixin, new_uscc
from registry import actions
from registry.models import Talent


class EnterpriseSuggestTests(PeopleMixin, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_people()
        for i in range(3, 63):  # sixty more: the pick-list is long
            actions.register_enterprise(
                actor=None, uscc=new_uscc(i), name=f"Widget {i:02d} Ltd", street_code="370602002"
            )

    def found(self, user, typed: str) -> list[str]:
        self.client.force_login(user)
        response = self.client.get(reverse("registry:enterprise_suggest"), {"q": typed})
        self.assertEqual(response.status_code, 200)
        return [r["name"] for r in response.json()["results"]]

    def test_the_office_finds_by_part_of_the_name_or_the_credit_code_at_most_twenty(self):
        self.assertEqual(self.found(self.clerk, "charl"), ["Charlie Ltd"])
        self.assertEqual(self.found(self.clerk, self.enterprise.uscc[:12].lower()), ["Bob Ltd"])
        self.assertEqual(len(self.found(self.clerk, "widget")), 20)
        self.assertEqual(self.found(self.clerk, "Widget 07"), ["Widget 07 Ltd"])
        self.assertEqual(self.found(self.clerk, "   "), [])

    def test_an_enterprise_finds_only_itself_and_an_outside_organisation_nothing(self):
        self.assertEqual(self.found(self.ent_manager, "Ltd"), ["Bob Ltd"])
        self.assertEqual(self.found(self.other_manager, "Bob"), [])
        for outsider in (self.police_liaison, self.bank_officer, self.mediator):
            self.assertEqual(self.found(outsider, "Ltd"), [], outsider)

    def test_a_visitor_who_is_not_logged_in_gets_no_list(self):
        response = self.client.get(reverse("registry:enterprise_suggest"), {"q": "Ltd"})
        self.assertNotIn(b"Bob Ltd", response.content)
        self.assertNotEqual(response.status_code, 200)

    def test_the_owner_pick_lists_search_as_you_type_and_keep_the_select(self):
        self.client.force_login(self.clerk)
        url = reverse("registry:enterprise_suggest")
        for page in ("portfolio:patent_create", "portfolio:trademark_create", "cultivation:brand_create"):
            html = self.client.get(reverse(page)).content.decode()
            self.assertIn(f'data-suggest="{url}"', html, page)
            self.assertIn("<select", html, page)  # without script the plain select still works


class TalentSuggestTests(PeopleMixin, TestCase):
    """The talent pick-list (a training's participants) searches as you type the same way,
    among the people the person may see, and says nothing of their ID or phone numbers."""

    bob_person: Talent
    charlie_person: Talent

    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_people()
        cls.bob_person = actions.add_talent(
            actor=cls.clerk,
            name="王伟",
            kind="patent_agent",
            organisation=cls.enterprise.organisation,
            field="机械工程",
            id_number="",
            phone="13800000000",
        )
        cls.charlie_person = actions.add_talent(
            actor=cls.clerk, name="王芳", kind="engineer", organisation=cls.other_enterprise.organisation
        )
        for i in range(25):
            actions.add_talent(actor=cls.clerk, name=f"张{i:02d}", kind="engineer", field="生物医药")

    def found(self, user, typed: str) -> list[dict]:
        self.client.force_login(user)
        response = self.client.get(reverse("registry:talent_suggest"), {"q": typed})
        self.assertEqual(response.status_code, 200)
        return response.json()["results"]

    def names(self, user, typed: str) -> list[str]:
        return [r["name"] for r in self.found(user, typed)]

    def test_the_office_finds_by_name_field_or_organisation_at_most_twenty(self):
        self.assertEqual(self.names(self.clerk, "王"), ["王伟", "王芳"])
        self.assertEqual(self.names(self.clerk, "机械"), ["王伟"])
        self.assertEqual(self.names(self.clerk, self.other_enterprise.organisation.name[:5]), ["王芳"])
        self.assertEqual(len(self.names(self.clerk, "生物医药")), 20)
        self.assertEqual(self.names(self.clerk, "  "), [])

    def test_an_answer_says_who_the_person_is_and_never_their_numbers(self):
        (row,) = self.found(self.clerk, "王伟")
        self.assertIn("机械工程", row["detail"])
        self.assertIn(str(self.enterprise.organisation), row["detail"])
        self.assertEqual(set(row), {"id", "name", "detail"})
        self.assertNotIn("13800000000", str(row))

    def test_an_enterprise_finds_only_its_own_people_and_an_outsider_nobody(self):
        self.assertEqual(self.names(self.ent_manager, "王"), ["王伟"])
        self.assertEqual(self.names(self.other_manager, "王伟"), [])
        for outsider in (self.police_liaison, self.bank_officer, self.mediator):
            self.assertEqual(self.names(outsider, "王"), [], outsider)

    def test_a_visitor_who_is_not_logged_in_gets_no_list(self):
        response = self.client.get(reverse("registry:talent_suggest"), {"q": "王"})
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn("王伟", response.content.decode())

    def test_the_participant_pick_list_searches_as_you_type_and_keeps_the_select(self):
        from cultivation import actions as cultivation_actions

        training = cultivation_actions.create_training(
            actor=self.clerk,
            kind="training",
            title="专利培训",
            organiser="区局",
            level="district",
            held_on=dt.date(2026, 3, 2),
        )
        self.client.force_login(self.clerk)
        html = self.client.get(reverse("cultivation:training_detail", args=[training.pk])).content.decode()
        self.assertIn(f'data-suggest="{reverse("registry:talent_suggest")}"', html)
        self.assertIn('name="talent"', html)
        # A refused participant (no one picked) keeps what was typed and says why beside the field.
        page = self.client.post(
            reverse("cultivation:participation_add", args=[training.pk]),
            {"result": "结业", "certificate_number": "Z-9"},
        )
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'id="id_talent_error"')
        self.assertContains(page, 'value="Z-9"')
        self.assertFalse(training.participations.exists())
