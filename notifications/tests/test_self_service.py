"""Enterprise self-service: contacts and channels, a paid annuity (with the receipt, audited,
the reminder stops), the portfolio as XLSX and the deadlines as iCalendar; the office's list
of rights that lapsed; and no door into another enterprise's inbox, contacts or exports."""

from __future__ import annotations

import datetime as dt
import io

import icalendar
import time_machine
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import AuditEvent
from core.tests.people import PeopleTestCase
from notifications import actions
from notifications.models import AnnuityPayment, Contact, Message
from notifications.nightly import run_nightly
from notifications.tests.fixtures import TODAY, make_rights
from portfolio.models import Patent

NOW = timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0))


@time_machine.travel(NOW, tick=False)
class SelfServiceTests(PeopleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_rights(cls)
        cls.contact = actions.add_contact(
            actor=cls.ent_manager, organisation=cls.enterprise.organisation, name="王会计", email="wang@example.com",
            by_email=True,
        )  # fmt: skip
        cls.foreign_contact = actions.add_contact(
            actor=cls.other_manager, organisation=cls.other_enterprise.organisation, name="外联", phone="13900001111",
            by_sms=True,
        )  # fmt: skip

    # --- contacts and channels --------------------------------------------------------------

    def test_the_manager_adds_a_contact_and_bad_input_keeps_what_was_typed(self):
        self.client.force_login(self.ent_manager)
        page = self.client.post(
            "/notifications/contacts/new/",
            {"name": "李经理", "email": "not-an-address", "phone": "", "by_sms": "on", "is_active": "on"},
        )
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'value="李经理"')
        self.assertContains(page, 'value="not-an-address"')
        self.assertContains(page, "选择短信提醒时请填写手机号码")
        self.assertFalse(Contact.objects.filter(name="李经理").exists())
        page = self.client.post(
            "/notifications/contacts/new/",
            {"name": "李经理", "phone": "12345", "by_sms": "on", "is_active": "on"},
        )
        self.assertContains(page, 'value="12345"')
        self.assertFalse(Contact.objects.filter(name="李经理").exists())
        response = self.client.post(
            "/notifications/contacts/new/",
            {"name": "李经理", "phone": "13812345678", "by_sms": "on", "is_active": "on"},
        )
        self.assertRedirects(response, "/notifications/contacts/")
        contact = Contact.objects.get(name="李经理")
        self.assertEqual((contact.organisation, contact.by_sms), (self.enterprise.organisation, True))
        self.assertTrue(
            AuditEvent.objects.filter(action="notifications.contact_add", object_id=str(contact.pk)).exists()
        )
        page = self.client.get("/notifications/contacts/")
        self.assertContains(page, "李经理")
        self.assertNotContains(page, "外联")

    def test_a_member_reads_the_contacts_but_cannot_change_them(self):
        self.client.force_login(self.ent_member)
        self.assertEqual(self.client.get("/notifications/contacts/").status_code, 200)
        self.assertEqual(self.client.get("/notifications/contacts/new/").status_code, 403)
        self.assertEqual(self.client.post("/notifications/contacts/channels/", {}).status_code, 403)

    def test_the_inbox_channel_is_switched_off_and_on(self):
        self.client.force_login(self.ent_manager)
        self.client.post("/notifications/contacts/channels/", {})
        self.assertFalse(self.enterprise.organisation.notification_preference.by_inbox)
        self.client.post("/notifications/contacts/channels/", {"by_inbox": "on"})
        self.enterprise.organisation.notification_preference.refresh_from_db()
        self.assertTrue(self.enterprise.organisation.notification_preference.by_inbox)

    # --- the inbox --------------------------------------------------------------------------

    def test_opening_a_message_marks_it_read_and_lowers_the_count(self):
        run_nightly(TODAY)
        self.client.force_login(self.ent_member)
        inbox = Message.objects.filter(organisation=self.enterprise.organisation)
        unread = inbox.count()
        page = self.client.get("/notifications/inbox/")
        self.assertContains(page, f'<span class="badge" id="inbox-unread" title="未读">{unread}</span>', html=False)
        self.assertNotContains(page, "外企的专利")
        message = inbox.get(item_key=f"annuity:{self.due_patent.pk}:7")
        response = self.client.post(f"/notifications/inbox/{message.pk}/open/")
        self.assertRedirects(response, f"/portfolio/patents/{self.due_patent.pk}/", fetch_redirect_response=False)
        message.refresh_from_db()
        self.assertIsNotNone(message.read_at)
        page = self.client.get("/notifications/inbox/")
        self.assertContains(page, f'id="unread-count" title="未读消息">{unread - 1}</span>', html=False)

    # --- the paid annuity -------------------------------------------------------------------

    def test_marking_the_annuity_paid_keeps_the_receipt_is_audited_and_stops_the_reminder(self):
        self.client.force_login(self.ent_manager)
        url = f"/notifications/patents/{self.due_patent.pk}/annuity-paid/"
        page = self.client.get(url)
        self.assertContains(page, "第7年度")
        page = self.client.post(url, {"receipt_number": "  ", "paid_on": "2026-03-09"})
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'value="2026-03-09"')
        self.assertContains(page, "缴费日期不能晚于今天")
        page = self.client.post(url, {"receipt_number": "R-88", "paid_on": "2026-13-01"})
        self.assertContains(page, 'value="R-88"')
        self.assertFalse(AnnuityPayment.objects.exists())
        response = self.client.post(url, {"receipt_number": "R-2026-0001", "paid_on": "2026-03-01"})
        self.assertRedirects(response, f"/notifications/enterprises/{self.enterprise.pk}/deadlines/")
        payment = AnnuityPayment.objects.get()
        self.assertEqual(
            (payment.year, payment.receipt_number, payment.recorded_by), (7, "R-2026-0001", self.ent_manager)
        )
        self.assertEqual(Patent.objects.get(pk=self.due_patent.pk).annuity_paid_year, 7)
        self.assertTrue(AuditEvent.objects.filter(action="notifications.annuity_paid").exists())
        self.assertTrue(
            AuditEvent.objects.filter(action="patent.annuity_paid", object_id=str(self.due_patent.pk)).exists()
        )
        run_nightly(TODAY)
        self.assertFalse(Message.objects.filter(item_key__startswith=f"annuity:{self.due_patent.pk}:").exists())
        page = self.client.get(f"/notifications/enterprises/{self.enterprise.pk}/deadlines/")
        self.assertContains(page, "R-2026-0001")
        self.assertContains(page, "2027-04-12")  # year 8: 2027-04-10 is a Saturday

    def test_a_member_may_not_mark_an_annuity_paid(self):
        self.client.force_login(self.ent_member)
        self.assertEqual(self.client.get(f"/notifications/patents/{self.due_patent.pk}/annuity-paid/").status_code, 403)

    # --- exports ----------------------------------------------------------------------------

    def test_the_portfolio_workbook_holds_the_enterprises_rights_and_deadlines(self):
        self.client.force_login(self.ent_member)
        response = self.client.get(f"/notifications/enterprises/{self.enterprise.pk}/portfolio.xlsx")
        self.assertEqual(response.status_code, 200)
        book = load_workbook(io.BytesIO(response.content))
        self.assertEqual(book.sheetnames, ["专利", "商标", "期限"])
        patents = [row[0] for row in book["专利"].iter_rows(min_row=2, values_only=True)]
        self.assertEqual(
            sorted(patents),
            sorted(p.application_number for p in (self.due_patent, self.grace_patent, self.lapsed_patent,
                                                  self.february_patent)),
        )  # fmt: skip
        marks = [row[1] for row in book["商标"].iter_rows(min_row=2, values_only=True)]
        self.assertEqual(sorted(marks), sorted(["芝罘湾", "张裕湾", "烟台湾"]))
        deadlines = list(book["期限"].iter_rows(min_row=2, values_only=True))
        self.assertIn(
            (dt.datetime(2026, 4, 10), "年费到期（第7年度）", f"{self.due_patent.application_number} 一种涂布装置"),
            [row[:3] for row in deadlines],
        )
        # The annuity's amount and the rule it comes from (an invention's year 7: 2,000 yuan).
        due_row = next(row for row in deadlines if row[1] == "年费到期（第7年度）")
        self.assertIn("¥2000", due_row[3])
        self.assertIn("专利收费标准", due_row[4])
        self.assertNotIn("外企的专利", str(deadlines))
        self.assertTrue(AuditEvent.objects.filter(action__contains="export").exists())

    def test_the_calendar_has_one_event_per_deadline(self):
        self.client.force_login(self.ent_member)
        response = self.client.get(f"/notifications/enterprises/{self.enterprise.pk}/deadlines.ics")
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        calendar = icalendar.Calendar.from_ical(response.content)
        events = {(e.decoded("dtstart"), str(e["summary"])) for e in calendar.walk("VEVENT")}
        self.assertIn(
            (dt.date(2026, 4, 10), f"年费到期（第7年度）: {self.due_patent.application_number} 一种涂布装置"), events
        )
        self.assertIn(
            (dt.date(2026, 3, 16), f"年费滞纳期届满（第7年度）: {self.grace_patent.application_number} 一种烘干设备"),
            events,
        )
        self.assertIn((dt.date(2026, 8, 13), "商标注册有效期届满: 芝罘湾 (71000001)"), events)
        self.assertFalse(any("外企" in summary for _day, summary in events))
        self.assertTrue(all(day >= TODAY for day, _summary in events))

    # --- the office's list of rights that lapsed -----------------------------------------------

    def test_the_office_sees_what_lapsed_last_month_with_the_reason(self):
        self.client.force_login(self.clerk)
        page = self.client.get("/notifications/lapsed/")  # last month: February 2026
        self.assertContains(page, "2026-02失效的权利")
        self.assertContains(page, "一种灌装阀")
        self.assertContains(page, "未缴第9年度年费（应缴日2025-08-11，滞纳期于2026-02-11届满）")
        self.assertContains(page, "烟台湾")
        self.assertContains(page, "未续展（2025-08-20期满，宽展期于2026-02-20届满）")
        self.assertNotContains(page, "一种包装机")  # lapsed in January
        january = self.client.get("/notifications/lapsed/?month=2026-01")
        self.assertContains(january, "一种包装机")
        self.assertEqual(self.client.get("/notifications/lapsed/?month=garbage").status_code, 200)
        self.assertEqual(self.client.get("/notifications/lapsed/?month=99999-99").status_code, 200)

    def test_only_the_office_sees_the_lapsed_list(self):
        self.client.force_login(self.ent_manager)
        self.assertEqual(self.client.get("/notifications/lapsed/").status_code, 403)


@time_machine.travel(NOW, tick=False)
class ForeignAccessTests(PeopleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_rights(cls)
        cls.contact = actions.add_contact(
            actor=cls.ent_manager, organisation=cls.enterprise.organisation, name="王会计", email="wang@example.com",
            by_email=True,
        )  # fmt: skip
        run_nightly(TODAY)
        cls.message = Message.objects.filter(organisation=cls.enterprise.organisation).first()

    def test_another_enterprise_gets_404_for_every_object_of_bobs(self):
        e, p = self.enterprise.pk, self.due_patent.pk
        doors = [
            ("get", f"/notifications/contacts/{self.contact.pk}/edit/"),
            ("post", f"/notifications/contacts/{self.contact.pk}/edit/"),
            ("post", f"/notifications/contacts/{self.contact.pk}/delete/"),
            ("post", f"/notifications/inbox/{self.message.pk}/open/"),
            ("get", f"/notifications/enterprises/{e}/deadlines/"),
            ("get", f"/notifications/enterprises/{e}/portfolio.xlsx"),
            ("get", f"/notifications/enterprises/{e}/deadlines.ics"),
            ("get", f"/notifications/patents/{p}/annuity-paid/"),
            ("post", f"/notifications/patents/{p}/annuity-paid/"),
        ]
        for person in (self.other_manager, self.bank_officer, self.police_liaison):
            self.client.force_login(person)
            for method, url in doors:
                with self.subTest(person=person.username, url=url, method=method):
                    self.assertEqual(getattr(self.client, method)(url).status_code, 404)
            inbox = self.client.get("/notifications/inbox/").content.decode()
            self.assertNotIn("一种涂布装置", inbox)
        self.assertTrue(Contact.objects.filter(pk=self.contact.pk).exists())
        self.message.refresh_from_db()
        self.assertIsNone(self.message.read_at)

    def test_the_owner_reaches_every_door(self):
        self.client.force_login(self.ent_manager)
        e, p = self.enterprise.pk, self.due_patent.pk
        for url in (
            f"/notifications/contacts/{self.contact.pk}/edit/", f"/notifications/enterprises/{e}/deadlines/",
            f"/notifications/enterprises/{e}/portfolio.xlsx", f"/notifications/enterprises/{e}/deadlines.ics",
            f"/notifications/patents/{p}/annuity-paid/", "/notifications/deadlines/", "/notifications/inbox/",
        ):  # fmt: skip
            with self.subTest(url=url):
                self.assertIn(self.client.get(url).status_code, (200, 302))

    def test_a_missing_id_is_404_too(self):
        self.client.force_login(self.ent_manager)
        for url in ("/notifications/contacts/987654/edit/", "/notifications/enterprises/987654/portfolio.xlsx",
                    "/notifications/patents/987654/annuity-paid/"):  # fmt: skip
            self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post("/notifications/inbox/987654/open/").status_code, 404)
