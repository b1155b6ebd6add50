"""A programme's dates out of order are refused beside the date at fault, naming the date it
may not precede, with everything typed kept; nothing is created."""

from django.test import TestCase
from django.urls import reverse

from core.tests.people import PeopleMixin
from incentives.models import Programme


class ProgrammeDateTests(PeopleMixin, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_people()

    def post(self, **values):
        data = {
            "name": "2026 年专利资助",
            "year": "2026",
            "measure": "",
            "opens_on": "2026-03-01",
            "closes_on": "2026-04-30",
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "notice_workdays": "5",
            **values,
        }
        self.client.force_login(self.clerk)
        return self.client.post(reverse("incentives:programme_create"), data)  # served in Chinese

    def test_each_date_out_of_order_is_refused_beside_its_field(self):
        page = self.post(closes_on="2026-02-01", period_end="2024-12-31")
        self.assertEqual(page.status_code, 200)
        errors = page.context["form"].errors
        self.assertEqual(errors["closes_on"], ["申报截止日不能早于开始日（2026-03-01）。"])
        self.assertEqual(errors["period_end"], ["资助期间的结束日不能早于起始日（2025-01-01）。"])
        self.assertContains(page, 'value="2026 年专利资助"')
        self.assertFalse(Programme.objects.exists())

    def test_dates_in_order_create_the_programme(self):
        self.assertEqual(self.post().status_code, 302)
        self.assertEqual(Programme.objects.get().closes_on.isoformat(), "2026-04-30")
