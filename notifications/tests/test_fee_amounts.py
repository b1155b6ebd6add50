"""The annuity amount on the reminders: the nightly item, the deadlines page (with the source on
hover) and the calendar state "年费 ¥2000（费减后 ¥300）" once the patent's fee reduction is
recorded; recording it is the owner's manager's (audited), bad input keeps what was typed, and
another enterprise gets 404."""

from __future__ import annotations

import datetime as dt

import icalendar
import time_machine
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from core.tests.people import PeopleTestCase
from notifications.due import due_items
from notifications.tests.fixtures import TODAY, make_rights
from portfolio.choices import FeeReductionShare
from portfolio.models import FeeReduction

NOW = timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0))


@time_machine.travel(NOW, tick=False)
class FeeAmountTests(PeopleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_rights(cls)

    def url(self, patent=None):
        return f"/notifications/patents/{(patent or self.due_patent).pk}/fee-reduction/"

    def test_the_manager_records_the_reduction_and_the_reminders_state_the_reduced_amount(self):
        self.client.force_login(self.ent_manager)
        page = self.client.post(self.url(), {"share": FeeReductionShare.SINGLE, "approved_on": "2026-01-05",
                                             "reference": "FJ2026-001"})  # fmt: skip
        self.assertEqual(page.status_code, 302)
        reduction = FeeReduction.objects.get(patent=self.due_patent)
        self.assertEqual((reduction.share, reduction.reference), (FeeReductionShare.SINGLE, "FJ2026-001"))
        self.assertTrue(AuditEvent.objects.filter(action="patent.fee_reduction").exists())
        # Granted in year 3, year 7 is within the 10 years covered: 2000 x 15 % = 300.
        items = {item.key: item for item in due_items(TODAY)}
        self.assertIn("年费 ¥2000（费减后 ¥300）", items[f"annuity:{self.due_patent.pk}:7"].detail)
        deadlines = self.client.get(f"/notifications/enterprises/{self.enterprise.pk}/deadlines/")
        self.assertContains(deadlines, "年费 ¥2000（费减后 ¥300）")
        self.assertContains(deadlines, "财税〔2019〕45号")  # the reduction's source, on hover
        # The grace item states the amount and the late fee's ceiling (25 % of the full 2000).
        self.assertContains(deadlines, "滞纳金最高 ¥500")
        calendar = icalendar.Calendar.from_ical(
            self.client.get(f"/notifications/enterprises/{self.enterprise.pk}/deadlines.ics").content
        )
        descriptions = [str(e.get("description", "")) for e in calendar.walk("VEVENT")]
        self.assertTrue(any("费减后 ¥300" in text for text in descriptions))
        # The patent's page states the next annuity and the recorded reduction.
        detail = self.client.get(reverse("portfolio:patent_detail", args=[self.due_patent.pk]))
        self.assertContains(detail, "年费 ¥2000（费减后 ¥300）")
        self.assertContains(detail, "FJ2026-001")

    def test_removing_the_reduction_brings_back_the_full_amount(self):
        self.client.force_login(self.ent_manager)
        self.client.post(self.url(), {"share": FeeReductionShare.JOINT, "approved_on": "2026-01-05"})
        items = {item.key: item for item in due_items(TODAY)}
        self.assertIn("费减后 ¥600", items[f"annuity:{self.due_patent.pk}:7"].detail)
        self.client.post(self.url(), {"share": "", "approved_on": ""})
        self.assertFalse(FeeReduction.objects.filter(patent=self.due_patent).exists())
        items = {item.key: item for item in due_items(TODAY)}
        self.assertNotIn("费减后", items[f"annuity:{self.due_patent.pk}:7"].detail)
        self.assertTrue(AuditEvent.objects.filter(action="patent.fee_reduction_removed").exists())

    def test_bad_input_keeps_what_was_typed(self):
        self.client.force_login(self.ent_manager)
        single = FeeReductionShare.SINGLE
        cases = (
            {"share": single, "approved_on": "", "reference": "FJ-9"},
            {"share": single, "approved_on": "2099-01-01", "reference": "FJ-9"},
            {"share": "half", "approved_on": "2026-01-05", "reference": "FJ-9"},
            {"share": single, "approved_on": "not a date", "reference": "FJ-9"},
        )
        for data in cases:
            with self.subTest(data=data):
                page = self.client.post(self.url(), data)
                self.assertEqual(page.status_code, 200)
                self.assertContains(page, 'value="FJ-9"')
        self.assertFalse(FeeReduction.objects.exists())

    def test_another_enterprise_gets_404_and_a_member_may_not_record(self):
        self.client.force_login(self.other_manager)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        post = self.client.post(self.url(), {"share": FeeReductionShare.SINGLE, "approved_on": "2026-01-05"})
        self.assertEqual(post.status_code, 404)
        self.client.force_login(self.ent_member)
        self.assertEqual(self.client.get(self.url()).status_code, 403)
        self.client.force_login(self.bank_officer)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.assertFalse(FeeReduction.objects.exists())

    def test_the_restoration_item_states_the_restoration_fee(self):
        items = {item.key: item for item in due_items(TODAY)}
        self.assertIn("恢复权利请求费 ¥1000", items[f"restoration:{self.lapsed_patent.pk}:8"].detail)

    def test_a_malformed_version_added_on_the_rules_page_states_no_amount_and_nothing_fails(self):
        from rules.actions import add_rule_version

        self.client.force_login(self.ent_manager)
        deadlines = f"/notifications/enterprises/{self.enterprise.pk}/deadlines/"

        def add(key, value, day):
            add_rule_version(
                actor=self.leader, key=key, value=value, valid_from=day, basis="district", source_title="试错",
                note="a typing mistake",
            )  # fmt: skip

        # A reduction recorded, then a reduction rule with a word for its rate.
        self.client.post(self.url(), {"share": FeeReductionShare.SINGLE, "approved_on": "2026-01-05"})
        self.assertContains(self.client.get(deadlines), "费减后 ¥300")
        add("portfolio.fee_reduction", {"single_percent": "lots"}, dt.date(2026, 3, 1))
        page = self.client.get(deadlines)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "数额未载明")
        # Without a reduction, a schedule with a word for an amount.
        self.client.post(self.url(), {"share": "", "approved_on": ""})
        self.assertContains(self.client.get(deadlines), "年费 ¥2000")
        add("portfolio.annuity_invention", {"bands": [[1, 20, "much"]]}, dt.date(2026, 3, 1))
        page = self.client.get(deadlines)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "数额未载明")
        items = {item.key: item for item in due_items(TODAY)}
        self.assertNotIn("¥", items[f"annuity:{self.due_patent.pk}:7"].detail)
