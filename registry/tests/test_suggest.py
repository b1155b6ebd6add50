"""Search-as-you-type over the enterprises: the endpoint answers only with what the person may
see, and the portfolio's owner pick-lists point at it."""

from django.test import TestCase
from django.urls import reverse

from core.tests.people import PeopleMixin, new_uscc
from registry import actions


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
