"""The reminder list costs the same queries with three times the patents and marks falling due."""

import datetime as dt
import itertools

from django.test import TestCase
from django.urls import reverse

from core.tests.people import PeopleMixin
from core.tests.querycount import assert_queries_do_not_grow
from portfolio import actions
from portfolio.tests.factories import numbered

SERIAL = itertools.count(1)


class ReminderListQueryCountTests(PeopleMixin, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_people()

    def add_rights(self, n: int) -> None:
        """Granted inventions (an annuity falls due every year) and marks whose ten years end
        within the year, for both enterprises."""
        today = dt.date.today()
        filed = dt.date(today.year - 8, today.month, 1) + dt.timedelta(days=40)
        registered = dt.date(today.year - 10, today.month, 1) + dt.timedelta(days=60)  # ten years end in 1–2 months
        for _ in range(n):
            for owner in (self.enterprise, self.other_enterprise):
                serial = next(SERIAL)
                actions.add_patent(
                    actor=None,
                    application_number=numbered(serial, year=2018),
                    owners=[owner],
                    title="x",
                    filing_date=filed.isoformat(),
                    grant_date=(filed + dt.timedelta(days=730)).isoformat(),
                    annuity_paid_year=8,  # the 9th year's annuity is due in a month
                    status="granted",
                )
                actions.add_trademark(
                    actor=None,
                    number=f"7100{serial:04d}",
                    mark_text=f"提醒{serial}",
                    owner=owner,
                    groups=["3301"],
                    filing_date=dt.date(today.year - 11, today.month, 1).isoformat(),
                    registration_date=registered.isoformat(),
                    status="registered",
                )

    def test_the_reminder_list_does_not_grow_with_rights(self):
        url = reverse("portfolio:reminders")
        pages = [(self.clerk, url), (self.ent_manager, url)]
        assert_queries_do_not_grow(self, pages, self.add_rights, rows=2)
        self.client.force_login(self.clerk)
        items = self.client.get(url).context["items"]
        self.assertGreaterEqual(len(items), 2 * 6 * 2)  # every patent and every mark of the 3N rows is due
