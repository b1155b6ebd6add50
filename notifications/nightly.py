"""The nightly round: every item that falls due is told to each organisation that owns the
right, through every channel it chose (its inbox; each contact's e-mail and SMS), once per
item, channel and recipient (``Delivery``'s unique key). A delivery that failed is tried again
the next night while the item is still due; one that was sent is never sent again. The office's
alerts go to the office's inbox.

Written for the whole district in one pass: the items are computed from plain values, the
existing deliveries read in chunks, the new messages and deliveries written in bulk; e-mail goes
through one SMTP connection, one mail per contact listing that night's items, and SMS one per
contact. A round killed half way loses nothing: what it had not recorded is tried again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.choices import OrganisationKind
from accounts.models import Organisation
from notifications.choices import Channel, DeliveryStatus
from notifications.due import CHUNK, DueItem, Limits, due_items, office_items
from notifications.inbox import forget_unread
from notifications.models import Contact, Delivery, Message, Preference
from notifications.sms import SmsError, backend

REASON_LENGTH = 500


@dataclass
class Summary:
    items: int = 0
    office_alerts: int = 0
    sent: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    failed: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def describe(self) -> str:
        return _(
            "%(items)d items due and %(alerts)d office alerts; sent: inbox %(inbox)d, e-mail %(email)d, SMS %(sms)d; "
            "failed: e-mail %(email_failed)d, SMS %(sms_failed)d."
        ) % {
            "items": self.items,
            "alerts": self.office_alerts,
            "inbox": self.sent[Channel.INBOX],
            "email": self.sent[Channel.EMAIL],
            "sms": self.sent[Channel.SMS],
            "email_failed": self.failed[Channel.EMAIL],
            "sms_failed": self.failed[Channel.SMS],
        }


@dataclass
class _Planned:
    item: DueItem
    channel: str
    recipient: str
    organisation_id: int
    address: str = ""
    existing: Delivery | None = None
    status: str = DeliveryStatus.SENT
    reason: str = ""


def _existing(keys: list[str]) -> dict[tuple[str, str, str], Delivery]:
    found: dict[tuple[str, str, str], Delivery] = {}
    for start in range(0, len(keys), CHUNK):
        rows = Delivery.objects.filter(item_key__in=keys[start : start + CHUNK]).only(
            "pk", "item_key", "channel", "recipient", "status", "attempts"
        )
        for row in rows:
            found[(row.item_key, row.channel, row.recipient)] = row
    return found


def plan(items: list[DueItem], office_alerts: list[DueItem]) -> list[_Planned]:
    """Every (item, channel, recipient) still to be told tonight: not yet sent."""
    inbox_off = set(Preference.objects.filter(by_inbox=False).values_list("organisation_id", flat=True))
    contacts: dict[int, list[Contact]] = defaultdict(list)
    for contact in Contact.objects.filter(is_active=True).order_by("pk"):
        contacts[contact.organisation_id].append(contact)
    offices = list(Organisation.objects.filter(kind=OrganisationKind.OFFICE).values_list("pk", flat=True))
    planned: list[_Planned] = []
    for item in items:
        for organisation_id in dict.fromkeys(item.organisations):
            if organisation_id not in inbox_off:
                planned.append(_Planned(item, Channel.INBOX, f"org:{organisation_id}", organisation_id))
            for contact in contacts.get(organisation_id, ()):
                if contact.by_email and contact.email:
                    planned.append(
                        _Planned(item, Channel.EMAIL, f"contact:{contact.pk}", organisation_id, contact.email)
                    )
                if contact.by_sms and contact.phone:
                    planned.append(_Planned(item, Channel.SMS, f"contact:{contact.pk}", organisation_id, contact.phone))
    for item in office_alerts:
        for organisation_id in offices:
            planned.append(_Planned(item, Channel.INBOX, f"org:{organisation_id}", organisation_id))
    existing = _existing(sorted({p.item.key for p in planned}))
    todo = []
    for p in planned:
        p.existing = existing.get((p.item.key, p.channel, p.recipient))
        if p.existing is None or p.existing.status != DeliveryStatus.SENT:
            todo.append(p)
    return todo


def _line(item: DueItem) -> str:
    return f"{item.due:%Y-%m-%d}  {item.label}  {item.subject}  {item.detail}"


def _send_inbox(todo: list[_Planned]) -> None:
    forget_unread(p.organisation_id for p in todo)
    Message.objects.bulk_create(
        [
            Message(
                organisation_id=p.organisation_id,
                kind=p.item.kind,
                item_key=p.item.key,
                subject=f"{p.item.label}: {p.item.subject}",
                body=p.item.detail,
                link=p.item.link,
                due=p.item.due,
            )
            for p in todo
        ],
        batch_size=2000,
    )


def _by_recipient(todo: list[_Planned]) -> dict[tuple[str, str], list[_Planned]]:
    grouped: dict[tuple[str, str], list[_Planned]] = defaultdict(list)
    for p in todo:
        grouped[(p.recipient, p.address)].append(p)
    return grouped


def _fail(group: list[_Planned], reason: str) -> None:
    for p in group:
        p.status, p.reason = DeliveryStatus.FAILED, reason[:REASON_LENGTH]


def _send_email(todo: list[_Planned]) -> None:
    """One mail per contact with all of tonight's items for them, through one connection."""
    if not todo:
        return
    grouped = _by_recipient(todo)
    try:
        connection = get_connection(fail_silently=False)
        connection.open()
    except Exception as exc:
        _fail(todo, f"{type(exc).__name__}: {exc}")
        return
    try:
        for (_recipient, address), group in grouped.items():
            subject = _("IP reminders: %(n)d items fall due") % {"n": len(group)}
            body = "\n".join(_line(p.item) for p in group)
            try:
                connection.send_messages([EmailMessage(subject, body, None, [address], connection=connection)])
            except Exception as exc:
                _fail(group, f"{type(exc).__name__}: {exc}")
    finally:
        with contextlib.suppress(Exception):  # closing a broken connection may fail too
            connection.close()


def _send_sms(todo: list[_Planned]) -> None:
    """One SMS per contact: how many items, and the first one."""
    if not todo:
        return
    gateway = backend()
    for (_recipient, phone), group in _by_recipient(todo).items():
        first = group[0].item
        template = _(
            "[IP office] %(n)d item(s) fall due; first: %(due)s %(label)s %(subject)s. Details in the product."
        )
        text = template % {
            "n": len(group),
            "due": f"{first.due:%Y-%m-%d}",
            "label": first.label,
            "subject": first.subject,
        }
        try:
            gateway.send(phone, text)
        except SmsError as exc:
            _fail(group, str(exc))
        except Exception as exc:
            _fail(group, f"{type(exc).__name__}: {exc}")


def _record(done: list[_Planned]) -> None:
    now = timezone.now()
    new = [
        Delivery(
            item_key=p.item.key,
            kind=p.item.kind,
            channel=p.channel,
            recipient=p.recipient,
            organisation_id=p.organisation_id,
            address=p.address,
            status=p.status,
            reason=p.reason,
        )
        for p in done
        if p.existing is None
    ]
    retried = []
    for p in done:
        if p.existing is not None:
            p.existing.status, p.existing.reason = p.status, p.reason
            p.existing.attempts += 1
            p.existing.updated_at = now
            retried.append(p.existing)
    with transaction.atomic():
        Delivery.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
        Delivery.objects.bulk_update(retried, ["status", "reason", "attempts", "updated_at"], batch_size=2000)


def run_nightly(today: dt.date | None = None) -> Summary:
    today = today or timezone.localdate()
    summary = Summary()
    with translation.override(settings.LANGUAGE_CODE):
        limits = Limits.on(today)
        items = due_items(today, limits)
        alerts = office_items(today, limits)
        summary.items, summary.office_alerts = len(items), len(alerts)
        todo = plan(items, alerts)
        by_channel: dict[str, list[_Planned]] = defaultdict(list)
        for p in todo:
            by_channel[p.channel].append(p)
        with transaction.atomic():
            # The inbox is the database itself: its messages and their deliveries commit together.
            _send_inbox(by_channel[Channel.INBOX])
            _record(by_channel[Channel.INBOX])
        _send_email(by_channel[Channel.EMAIL])
        _send_sms(by_channel[Channel.SMS])
        _record(by_channel[Channel.EMAIL] + by_channel[Channel.SMS])
        for p in todo:
            (summary.sent if p.status == DeliveryStatus.SENT else summary.failed)[p.channel] += 1
    return summary
