"""From the official data to the owner's inbox (issue 19): a clerk imports a patent database's
export whose owner the registry knows under another name; the import says the name waits for
matching; the clerk matches it to the enterprise on the queue; the nightly reminder round runs;
the annuity reminder is in the enterprise user's inbox (unread count on the menu) and in the
mailbox of a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import csv
import datetime as dt
import email
import email.header
import io
import re

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from e2e.conftest import as_user, import_export, log_in, run_job, screenshots, zh
from notifications import actions as notification_actions
from notifications.models import Message
from notifications.tests.test_nightly import Mailbox, free_port
from portfolio.models import OwnerDecision, OwnerName, Patent, add_years
from portfolio.tests.factories import numbered
from refdata.loading import ensure_loaded

pytestmark = pytest.mark.browser
NUMBER = numbered(4343, year=2019)
OLD_NAME = "烟台鲍勃精密机械有限责任公司"  # Bob Ltd's name in the database, not in the registry
TITLE = "一种葡萄酒灌装阀"


def export_file(today: dt.date) -> bytes:
    """A granted invention whose next annuity falls due 40 days from today: filed three years
    before that day, granted in its third year (so the first three years count as paid)."""
    filed = add_years(today + dt.timedelta(days=40), -3)
    granted = add_years(filed, 2) + dt.timedelta(days=30)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["申请号", "发明名称", "申请(专利权)人", "申请日", "授权公告日", "IPC主分类号", "法律状态"])
    writer.writerow(
        [f"CN{NUMBER}", TITLE, OLD_NAME, filed.strftime("%Y%m%d"), granted.isoformat(), "C12G 1/00", "有效"]
    )
    return buffer.getvalue().encode("gbk")


def test_an_imported_right_reaches_its_owner_by_inbox_and_mail(
    page: Page, live_server, job_worker, people, settings, tmp_path
):
    ensure_loaded()
    today = timezone.localdate()
    mailbox = Mailbox()
    port = free_port()
    server = Controller(mailbox, hostname="127.0.0.1", port=port)
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    notification_actions.add_contact(
        actor=people.ent_manager, organisation=people.enterprise.organisation, name="王会计",
        email="wang@example.com", by_email=True,
    )  # fmt: skip
    try:
        path = tmp_path / "专利检索导出.csv"
        path.write_bytes(export_file(today))

        # The clerk imports the export: the patent is written, its owner's name waits.
        log_in(page, live_server.url, "alice")
        import_export(page, live_server.url, path, "CNIPA 专利检索及分析")
        expect(page.locator("#import-result")).to_contain_text("新建 1", timeout=60_000)
        expect(page.locator("#owners-waiting")).to_contain_text("1")
        screenshots(page, "reach-walk-import-done")
        patent = Patent.objects.get(application_number=NUMBER)
        assert (patent.status, list(patent.owners.all())) == ("granted", [])

        # The clerk matches the name to Bob Ltd on the queue.
        page.locator("#owners-waiting").get_by_role("link", name=zh("Match owner names")).click()
        page.get_by_role("link", name=OLD_NAME).click()
        page.get_by_label(zh("It is this registered enterprise")).check()
        # No registry name is like the old one: the clerk searches the registry by the new name.
        page.locator(".suggest-input").fill("Bob")
        page.get_by_role("option", name=re.compile("Bob Ltd")).click()
        expect(page.locator("#id_enterprise")).to_have_value(str(people.enterprise.pk))
        screenshots(page, "reach-walk-match")
        page.get_by_role("button", name=zh("Keep the decision")).click()
        expect(page.locator(".messages .success")).to_have_count(1)
        assert OwnerName.objects.get().decision == OwnerDecision.MATCHED
        assert list(patent.owners.all()) == [people.enterprise]

        # The nightly round, as the scheduler submits it.
        run_job("notifications.nightly", f"notifications.nightly:{today}", {"today": today.isoformat()})
    finally:
        server.stop()

    # The SMTP server got the mail for the e-mail contact, naming the patent and its due date.
    mails = [m for m in mailbox.messages if m[1] == ["wang@example.com"]]
    assert len(mails) == 1, mailbox.messages
    mail = email.message_from_bytes(mails[0][2])
    payload = mail.get_payload(decode=True)
    assert isinstance(payload, bytes)
    body = payload.decode("utf-8")
    assert TITLE in body and NUMBER in body
    assert "知识产权提醒" in str(email.header.make_header(email.header.decode_header(mail["Subject"])))

    # Bob's member sees the unread count and the reminder in the inbox.
    inbox = Message.objects.filter(organisation=people.enterprise.organisation, read_at__isnull=True)
    assert inbox.filter(item_key=f"annuity:{patent.pk}:4").exists()
    as_user(page, live_server.url, "bobby")
    expect(page.locator("#unread-count")).to_have_text(str(inbox.count()))
    page.locator("#inbox-link").click()
    expect(page.locator("table tbody")).to_contain_text(TITLE)
    screenshots(page, "reach-walk-inbox")
    with translation.override("zh-hans"):
        opened = translation.pgettext("verb", "Open")
    # Opening the reminder leads to the patent and marks it read.
    row = page.locator("table tbody tr", has_text=TITLE).first
    row.get_by_role("button", name=opened).click()
    expect(page.locator("main")).to_contain_text(NUMBER)
    screenshots(page, "reach-walk-opened")
    assert inbox.count() == Message.objects.filter(organisation=people.enterprise.organisation).count() - 1
