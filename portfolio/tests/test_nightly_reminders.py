"""The nightly reminder round (a scheduled background job): each enterprise user with an
e-mail address gets one mail with what of their enterprise falls due soon, and nobody else."""

import datetime as dt

from django.core import mail

from core.tests.people import PeopleTestCase
from portfolio import actions
from portfolio.jobs import _nightly_reminders


class NightlyRemindersTests(PeopleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Granted, filed 2020-06-15, years 1-5 paid: the 6th year's annuity is due 2025-06-15.
        actions.add_patent(
            actor=None, application_number="202010000004.5", owners=[cls.enterprise], title="一种涂布装置",
            filing_date="2020-06-15", grant_date="2022-06-01", status="granted", annuity_paid_year=5,
        )  # fmt: skip
        for person, email in ((cls.ent_manager, "bob@example.com"), (cls.other_manager, "charlie@example.com")):
            person.email = email
            person.save(update_fields=["email"])
        cls.clerk.email = "alice@example.com"
        cls.clerk.save(update_fields=["email"])

    def test_the_enterprise_user_is_mailed_what_falls_due_and_others_are_not(self):
        outcome = _nightly_reminders({"due": "2025-06-01T01:30:00+08:00"})
        self.assertEqual([m.to for m in mail.outbox], [["bob@example.com"]])
        # 2025-06-15 is a Sunday: the annuity is due the next working day (审查指南 Part V ch. 7 §2.3).
        self.assertIn("2025-06-16", mail.outbox[0].body)
        self.assertIn("个工作日", mail.outbox[0].body)
        self.assertIn("一种涂布装置", mail.outbox[0].body)
        self.assertIn("1", mail.outbox[0].subject)
        self.assertEqual(outcome, "已向 1 人发送 1 条提醒。")

    def test_nothing_due_within_thirty_days_sends_nothing(self):
        _nightly_reminders({"due": dt.datetime(2025, 3, 1, 1, 30).isoformat()})
        self.assertEqual(mail.outbox, [])
