import time_machine
from django.test import TestCase
from django.urls import reverse

from protection.tests.base import ProtectionMixin, at


class OfficeHomeTilesTests(ProtectionMixin, TestCase):
    """The office's home page counts the case steps near and past their limits and links to the board."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_protection()

    def test_home_counts_a_lead_past_its_filing_decision(self):
        self.lead(at(2026, 3, 2))  # the filing decision is due at the end of Mon 23 Mar 2026
        self.client.force_login(self.clerk)
        with time_machine.travel(at(2026, 3, 24), tick=False):
            page = self.client.get(reverse("home:home"))
        self.assertContains(page, 'id="stat-past-due">1<')
        self.assertContains(page, 'id="stat-near-due">0<')
        self.assertContains(page, reverse("protection:overdue"))
