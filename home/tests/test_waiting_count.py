"""The menu's number of waiting items is right on every page, not only after a visit to 我的工作,
and costs nothing on a page once counted."""

import re
from unittest import mock

import time_machine
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from home.gather import worklist_for
from home.tests.world import NOW, HomeWorld

BADGE = re.compile(r'id="waiting-count"[^>]*>(\d+)<')


@time_machine.travel(NOW, tick=False)
class WaitingCountTests(HomeWorld, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_world()

    def badge(self, url: str) -> int | None:
        page = self.client.get(url)
        self.assertEqual(page.status_code, 200)
        found = BADGE.search(page.content.decode())
        return int(found.group(1)) if found else None

    def test_the_count_is_shown_on_a_page_before_the_home_page_was_ever_opened(self):
        self.client.force_login(self.enforcer)
        self.assertEqual(self.badge(reverse("protection:case_list")), len(worklist_for(self.enforcer)))

    def test_a_new_lead_raises_the_count_on_the_next_page_without_opening_home(self):
        self.client.force_login(self.enforcer)
        before = self.badge(reverse("protection:case_list"))
        self.lead()  # an audited change, by the action itself
        after = self.badge(reverse("registry:enterprise_list"))
        self.assertEqual(after, len(worklist_for(self.enforcer)))
        self.assertEqual(after, (before or 0) + 1)

    def test_a_change_made_by_someone_else_reaches_this_persons_count(self):
        self.client.force_login(self.enforcer)
        before = self.badge(reverse("protection:case_list"))
        self.lead(complainant=self.enterprise)  # the enterprise complains; the enforcer has one more
        self.assertEqual(self.badge(reverse("protection:case_list")), (before or 0) + 1)

    def test_a_counted_page_does_not_count_again(self):
        self.client.force_login(self.enforcer)
        url = reverse("registry:enterprise_list")
        self.client.get(url)
        with mock.patch("home.waiting.worklist_for", side_effect=AssertionError("counted again")):
            self.assertIsNotNone(self.badge(url))

    def test_the_count_costs_no_query_once_kept_and_a_few_when_counted(self):
        """The figure in docs/performance.md: a page's queries with the count kept and without."""
        from home.waiting import counts_are_stale

        self.client.force_login(self.clerk)
        url = reverse("registry:enterprise_list")
        self.client.get(url)  # the process's caches (reference data, rules) are warm after this
        with CaptureQueriesContext(connection) as kept:
            self.client.get(url)
        counts_are_stale()  # as after any audited change
        with CaptureQueriesContext(connection) as counted:
            self.client.get(url)
        extra = len(counted) - len(kept)
        self.assertGreater(extra, 0)  # the count itself was made on this page
        self.assertLessEqual(extra, 25)  # a dozen apps' providers, each a query or two, not one per row
        print(f"\nenterprise list as clerk: {len(kept)} queries with the count kept, {len(counted)} when counted")
