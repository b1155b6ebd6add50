"""The reminder list costs the same queries with three times the patents and marks falling due."""

from django.test import TestCase
from django.urls import reverse

from core.tests.people import PeopleMixin
from core.tests.querycount import assert_queries_do_not_grow
from portfolio.tests.factories import add_due_rights


class ReminderListQueryCountTests(PeopleMixin, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_people()

    def add_rights(self, n: int) -> None:
        add_due_rights(n, [self.enterprise, self.other_enterprise])

    def test_the_reminder_list_does_not_grow_with_rights(self):
        url = reverse("portfolio:reminders")
        pages = [(self.clerk, url), (self.ent_manager, url)]
        assert_queries_do_not_grow(self, pages, self.add_rights, rows=2)
        self.client.force_login(self.clerk)
        items = self.client.get(url).context["items"]
        self.assertGreaterEqual(len(items), 2 * 6 * 2)  # every patent and every mark of the 3N rows is due
