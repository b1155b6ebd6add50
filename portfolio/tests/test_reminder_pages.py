"""The reminder list comes in pages of fifty, and the look-ahead filter stays on every page."""

from django.test import TestCase
from django.urls import reverse

from core.tests.people import PeopleMixin
from portfolio.tests.factories import add_due_rights


class ReminderPagesTests(PeopleMixin, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_people()
        add_due_rights(20, [cls.enterprise, cls.other_enterprise])  # 80 reminders in the district

    def test_the_office_pages_through_every_reminder_with_its_filter(self):
        self.client.force_login(self.clerk)
        url = reverse("portfolio:reminders")
        first = self.client.get(url, {"days": "400"})
        self.assertEqual(len(first.context["items"]), 50)
        self.assertEqual(first.context["total"], 80)
        self.assertContains(first, "第 1 页，共 2 页")  # the page is in Chinese
        self.assertContains(first, "?days=400&page=2")
        second = self.client.get(url, {"days": "400", "page": "2"})
        self.assertEqual(len(second.context["items"]), 30)
        self.assertEqual(second.context["days"], 400)
        self.assertContains(second, "?days=400&page=1")
        shown = {(r.is_patent, r.subject.pk) for r in [*first.context["items"], *second.context["items"]]}
        self.assertEqual(len(shown), 80)  # every patent and every mark once, none lost between pages

    def test_an_enterprise_pages_only_through_its_own(self):
        self.client.force_login(self.ent_manager)
        response = self.client.get(reverse("portfolio:reminders"), {"page": "9"})  # past the end: the last page
        self.assertEqual(response.context["total"], 40)
        owners = {r.owners for r in response.context["items"]}
        self.assertEqual(owners, {self.enterprise.name})

    def test_the_export_still_holds_every_reminder(self):
        self.client.force_login(self.clerk)
        response = self.client.get(reverse("portfolio:reminders"), {"export": "csv"})
        self.assertEqual(response.content.decode("utf-8-sig").strip().count("\n"), 80)
