"""The nightly round: what falls due reaches the owner through each channel it chose (inbox,
e-mail through a real SMTP server on 127.0.0.1, SMS through the logging gateway), once per item
and channel; a failure is recorded with its reason and tried again the next night; the office
is alerted of key rights about to lapse."""

from __future__ import annotations

import email
import email.header
import socket

from aiosmtpd.controller import Controller
from django.test import override_settings

from accounts.choices import Role
from core.tests.people import PeopleTestCase
from notifications import actions
from notifications.choices import Channel, DeliveryStatus, ItemKind
from notifications.due import due_items, office_items
from notifications.jobs import _nightly
from notifications.models import Delivery, Message
from notifications.nightly import run_nightly
from notifications.sms import LoggingSmsBackend, SmsError
from notifications.tests.fixtures import TODAY, make_rights


class Mailbox:
    """An aiosmtpd handler that keeps what arrives."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class FailingSms:
    def send(self, phone: str, text: str) -> None:
        raise SmsError("gateway said: quota exceeded")


def smtp(port: int):
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=port,
        EMAIL_TIMEOUT=5,
    )  # fmt: skip


class NightlyRoundTests(PeopleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_rights(cls)
        organisation = cls.enterprise.organisation
        cls.mailer = actions.add_contact(
            actor=cls.ent_manager, organisation=organisation, name="王会计", email="wang@example.com", by_email=True
        )
        cls.texter = actions.add_contact(
            actor=cls.ent_manager, organisation=organisation, name="李经理", phone="13812345678", by_sms=True
        )

    def setUp(self):
        LoggingSmsBackend.outbox.clear()
        self.mailbox = Mailbox()
        self.port = free_port()
        self.server = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.server.start()
        self.addCleanup(self.server.stop)

    def run_round(self, day=TODAY):
        with smtp(self.port):
            return run_nightly(day)

    def test_what_falls_due_is_computed_for_every_kind(self):
        items = {item.key: item for item in due_items(TODAY)}
        p = self.due_patent.pk
        self.assertEqual(items[f"annuity:{p}:7"].due.isoformat(), "2026-04-10")
        # An invention's year 7 is in the 7-9 band of the fee rules: 2,000 yuan (no reduction recorded).
        self.assertIn("¥2000", items[f"annuity:{p}:7"].detail)
        self.assertNotIn("费减后", items[f"annuity:{p}:7"].detail)
        self.assertEqual(items[f"annuity_grace:{self.grace_patent.pk}:7"].due.isoformat(), "2026-03-16")
        self.assertEqual(items[f"restoration:{self.lapsed_patent.pk}:8"].due.isoformat(), "2026-03-21")
        self.assertIn(f"renewal:{self.renewal_mark.pk}:2026-08-13", items)
        self.assertEqual(items[f"annuity:{p}:7"].organisations, [self.enterprise.organisation_id])
        self.assertEqual(
            items[f"annuity:{self.foreign_patent.pk}:7"].organisations, [self.other_enterprise.organisation_id]
        )

    def test_each_channel_delivers_and_the_inbox_counts_unread(self):
        summary = self.run_round()
        organisation = self.enterprise.organisation
        inbox = Message.objects.filter(organisation=organisation)
        self.assertIn(f"annuity:{self.due_patent.pk}:7", set(inbox.values_list("item_key", flat=True)))
        self.assertNotIn(f"annuity:{self.foreign_patent.pk}:7", set(inbox.values_list("item_key", flat=True)))
        # The real SMTP server got one mail for the e-mail contact, listing tonight's items.
        self.assertEqual(len(self.mailbox.messages), 1)
        sender, to, content = self.mailbox.messages[0]
        self.assertEqual((sender, to), ("ipcounty@localhost", ["wang@example.com"]))
        mail = email.message_from_bytes(content)
        body = mail.get_payload(decode=True).decode("utf-8")
        self.assertIn("2026-04-10", body)
        self.assertIn("一种涂布装置", body)
        self.assertNotIn("外企的专利", body)
        self.assertIn("知识产权提醒", str(email.header.make_header(email.header.decode_header(mail["Subject"]))))
        # One SMS through the logging gateway, to the SMS contact.
        self.assertEqual([phone for phone, _text in LoggingSmsBackend.outbox], ["13812345678"])
        self.assertEqual(summary.sent[Channel.SMS], inbox.count())
        self.assertEqual(summary.failed[Channel.EMAIL], 0)
        self.client.force_login(self.ent_member)
        page = self.client.get("/")
        self.assertContains(page, f'id="unread-count" title="未读消息">{inbox.count()}</span>', html=False)

    def test_a_second_run_tells_nobody_anything_twice(self):
        self.run_round()
        deliveries, messages_count = Delivery.objects.count(), Message.objects.count()
        mails, texts = len(self.mailbox.messages), len(LoggingSmsBackend.outbox)
        summary = self.run_round()
        self.assertEqual((Delivery.objects.count(), Message.objects.count()), (deliveries, messages_count))
        self.assertEqual((len(self.mailbox.messages), len(LoggingSmsBackend.outbox)), (mails, texts))
        self.assertEqual(sum(summary.sent.values()), 0)
        # Each item, channel and recipient has exactly one delivery row.
        keys = list(Delivery.objects.values_list("item_key", "channel", "recipient"))
        self.assertEqual(len(keys), len(set(keys)))

    def test_a_failed_delivery_is_recorded_and_retried_the_next_night(self):
        closed = free_port()  # nothing listens there
        with smtp(closed), override_settings(SMS_BACKEND="notifications.tests.test_nightly.FailingSms"):
            summary = run_nightly(TODAY)
        self.assertGreater(summary.failed[Channel.EMAIL], 0)
        failed = Delivery.objects.filter(channel=Channel.EMAIL, status=DeliveryStatus.FAILED)
        self.assertTrue(failed.exists())
        first_failure = failed.first()
        self.assertIn("Connection", first_failure.reason)
        sms = Delivery.objects.filter(channel=Channel.SMS).first()
        self.assertEqual((sms.status, sms.reason), (DeliveryStatus.FAILED, "gateway said: quota exceeded"))
        # The inbox did not depend on either.
        self.assertTrue(Delivery.objects.filter(channel=Channel.INBOX, status=DeliveryStatus.SENT).exists())
        next_day = TODAY.replace(day=3)
        summary = self.run_round(next_day)
        self.assertEqual(summary.failed[Channel.EMAIL], 0)
        self.assertEqual(len(self.mailbox.messages), 1)
        retried = Delivery.objects.get(pk=first_failure.pk)
        self.assertEqual((retried.status, retried.attempts, retried.reason), (DeliveryStatus.SENT, 2, ""))
        self.assertFalse(Delivery.objects.filter(status=DeliveryStatus.FAILED).exists())

    def test_inbox_switched_off_and_inactive_contacts_are_not_told(self):
        actions.set_inbox(actor=self.ent_manager, organisation=self.enterprise.organisation, by_inbox=False)
        actions.update_contact(actor=self.ent_manager, contact=self.texter, is_active=False)
        self.run_round()
        self.assertFalse(Message.objects.filter(organisation=self.enterprise.organisation).exists())
        self.assertEqual(LoggingSmsBackend.outbox, [])
        self.assertEqual(len(self.mailbox.messages), 1)

    def test_the_office_is_alerted_of_key_rights_about_to_lapse(self):
        keys = {item.key for item in office_items(TODAY)}
        self.assertEqual(
            keys,
            {f"office_lapsing:patent:{self.grace_patent.pk}:2026-03-16",
             f"office_lapsing:mark:{self.well_known_mark.pk}:2026-04-15"},
        )  # fmt: skip
        self.run_round()
        office_inbox = Message.objects.filter(organisation=self.office, kind=ItemKind.OFFICE_LAPSING)
        self.assertEqual(office_inbox.count(), 2)
        self.assertIn("高价值发明专利", " ".join(office_inbox.values_list("body", flat=True)))
        self.client.force_login(self.clerk)
        page = self.client.get("/notifications/inbox/")
        self.assertContains(page, "张裕湾")
        self.assertNotContains(page, "一种涂布装置")  # the enterprise's own reminder is not the office's

    def test_the_job_runs_the_round_and_says_what_it_did(self):
        with smtp(self.port):
            outcome = _nightly({"today": TODAY.isoformat()})
        self.assertIn("站内", outcome)
        self.assertTrue(Delivery.objects.exists())

    def test_paying_the_annuity_stops_its_reminder(self):
        actions.mark_annuity_paid(
            actor=self.ent_manager, patent=self.due_patent, year=7, receipt_number="R-2026-001", paid_on=TODAY
        )
        keys = {item.key for item in due_items(TODAY)}
        self.assertNotIn(f"annuity:{self.due_patent.pk}:7", keys)
        self.assertNotIn(f"annuity:{self.due_patent.pk}:8", keys)  # due 2027, beyond the 90 days

    def test_a_member_cannot_change_the_channels(self):
        from django.core.exceptions import PermissionDenied

        self.assertEqual(self.ent_member.role, Role.MEMBER)
        with self.assertRaises(PermissionDenied):
            actions.set_inbox(actor=self.ent_member, organisation=self.enterprise.organisation, by_inbox=False)
