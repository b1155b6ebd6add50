"""Every write of the notifications app: contacts, channels, reading the inbox, a paid annuity."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.trail import record, snapshot
from core.actions import apply_changes, require
from notifications.inbox import forget_unread
from notifications.models import AnnuityPayment, Contact, Preference
from notifications.permissions import can_manage_contacts, can_mark_annuity_paid, can_read_inbox
from portfolio import actions as portfolio_actions
from portfolio.models import Patent

CONTACT_FIELDS = {"name", "email", "phone", "by_email", "by_sms", "is_active"}
_MOBILE = re.compile(r"1[3-9]\d{9}")


def normalise_mobile(value: str) -> str:
    """A mainland mobile number as an SMS gateway takes it: 11 digits, without spaces, dashes or +86."""
    digits = re.sub(r"[\s\-()（）]", "", value or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    return digits


def mobile_error(value: str) -> str | None:
    if value and not _MOBILE.fullmatch(normalise_mobile(value)):
        return _("An SMS needs a mainland mobile number of 11 digits, e.g. 13900000000.")
    return None


def _clean_contact(contact: Contact) -> None:
    contact.full_clean(exclude=["organisation"])
    errors = {}
    if mobile_error(contact.phone):
        errors["phone"] = mobile_error(contact.phone)
    contact.phone = normalise_mobile(contact.phone)
    if contact.by_email and not contact.email:
        errors["email"] = _("Enter an e-mail address to be told by e-mail.")
    if contact.by_sms and not contact.phone:
        errors["phone"] = _("Enter a mobile phone number to be told by SMS.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_contact(*, actor, organisation, **fields: Any) -> Contact:
    require(can_manage_contacts(actor, organisation))
    contact = Contact(organisation=organisation)
    apply_changes(contact, fields, CONTACT_FIELDS)
    _clean_contact(contact)
    contact.save()
    record(actor=actor, action="notifications.contact_add", obj=contact, after=snapshot(contact))
    return contact


@transaction.atomic
def update_contact(*, actor, contact: Contact, **changes: Any) -> Contact:
    contact = Contact.objects.select_for_update().select_related("organisation").get(pk=contact.pk)
    require(can_manage_contacts(actor, contact.organisation))
    before = snapshot(contact)
    apply_changes(contact, changes, CONTACT_FIELDS)
    _clean_contact(contact)
    contact.save()
    record(actor=actor, action="notifications.contact_update", obj=contact, before=before, after=snapshot(contact))
    return contact


@transaction.atomic
def remove_contact(*, actor, contact: Contact) -> None:
    require(can_manage_contacts(actor, contact.organisation))
    before = snapshot(contact)
    record(actor=actor, action="notifications.contact_remove", obj=contact, before=before)
    contact.delete()


@transaction.atomic
def set_inbox(*, actor, organisation, by_inbox: bool) -> Preference:
    require(can_manage_contacts(actor, organisation))
    preference, _created = Preference.objects.select_for_update().get_or_create(organisation=organisation)
    before = snapshot(preference)
    preference.by_inbox = by_inbox
    preference.save()
    record(actor=actor, action="notifications.channels", obj=preference, before=before, after=snapshot(preference))
    return preference


def mark_read(*, actor, messages) -> int:
    """Mark the person's organisation's messages read (not audited: reading is not a change
    of any record the office relies on)."""
    require(can_read_inbox(actor))
    count = messages.filter(organisation_id=actor.organisation_id, read_at__isnull=True).update(read_at=timezone.now())
    forget_unread([actor.organisation_id])
    return count


@transaction.atomic
def mark_annuity_paid(*, actor, patent: Patent, year: int, receipt_number: str, paid_on: dt.date) -> AnnuityPayment:
    """The owner paid the annuity of ``year``: the receipt is kept, the patent counts as paid up
    to that year (its reminders stop), both audited."""
    require(can_mark_annuity_paid(actor, patent))
    receipt_number = (receipt_number or "").strip()
    errors = {}
    if not receipt_number:
        errors["receipt_number"] = _("Enter the number of the fee receipt.")
    if paid_on > timezone.localdate():
        errors["paid_on"] = _("The payment date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    portfolio_actions.record_annuity_paid(actor=actor, patent=patent, year=year)
    payment = AnnuityPayment(
        patent=patent, year=year, receipt_number=receipt_number, paid_on=paid_on,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    try:
        with transaction.atomic():
            payment.save()
    except IntegrityError:
        raise ValidationError({"year": _("This year's annuity has already been recorded as paid.")}) from None
    record(actor=actor, action="notifications.annuity_paid", obj=payment, after=snapshot(payment))
    return payment
