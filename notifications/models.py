"""How reminders reach people: an organisation's contact people and the channels each is told
through, the in-product inbox, one delivery record per item, channel and recipient, and the
annuity payments an enterprise records."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, districts_of
from core.querysets import VisibleQuerySet
from core.validators import validate_phone
from notifications.choices import Channel, DeliveryStatus, ItemKind
from portfolio.models import Patent


class OwnOrganisationQuerySet(VisibleQuerySet):
    def for_user(self, user):
        """The office sees every organisation's rows; anyone else only their organisation's."""
        if not user.is_authenticated:
            return self.none()
        if user.is_office:
            return self.filter_across(organisation__districts__in=districts_of(user))
        return self.filter(organisation_id=user.organisation_id)


class Preference(models.Model):
    """Whether an organisation's reminders go to its inbox in the product (on unless switched
    off; its contacts' e-mail and SMS are chosen per contact)."""

    organisation = models.OneToOneField(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="notification_preference"
    )
    by_inbox = models.BooleanField(_("in the product (inbox)"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OwnOrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.organisation)


class Contact(models.Model):
    """A person an organisation wants told of what falls due, and how: by e-mail, by SMS or both."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True, validators=[validate_phone])
    by_email = models.BooleanField(_("tell by e-mail"), default=False)
    by_sms = models.BooleanField(_("tell by SMS"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OwnOrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Message(models.Model):
    """One entry of an organisation's inbox: a reminder, or for the office an alert."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    item_key = models.CharField(_("item"), max_length=100)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = OwnOrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inbox message")
        verbose_name_plural = _("inbox messages")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "read_at"])]

    def __str__(self) -> str:
        return self.subject


class Delivery(models.Model):
    """One item told to one recipient through one channel: written once (the unique key), marked
    sent, or failed with the reason and tried again the next night while the item is still due."""

    item_key = models.CharField(_("item"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    # "org:<id>" for an inbox, "contact:<id>" for a contact person's e-mail or phone.
    recipient = models.CharField(_("recipient"), max_length=40)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    address = models.CharField(_("address"), max_length=254, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=DeliveryStatus.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    created_at = models.DateTimeField(_("first tried at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last tried at"), auto_now=True)

    objects = OwnOrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["item_key", "channel", "recipient"], name="delivery_once_per_item_channel")
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.item_key} → {self.channel}:{self.recipient}"


class AnnuityPaymentQuerySet(VisibleQuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_office:
            return self.filter_across(patent__owners__organisation__districts__in=districts_of(user))
        return self.filter_across(patent__owners__organisation_id=user.organisation_id)


class AnnuityPayment(models.Model):
    """An annuity an owner says it paid, with the receipt number (the official receipt of
    the CNIPA's fee payment)."""

    patent = models.ForeignKey(Patent, verbose_name=_("patent"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("patent year"))
    receipt_number = models.CharField(_("receipt number"), max_length=40)
    paid_on = models.DateField(_("payment date"))
    recorded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("recorded by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = AnnuityPaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("annuity payment")
        verbose_name_plural = _("annuity payments")
        ordering = ["-paid_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["patent", "year"], name="annuity_paid_once_per_year")]

    def __str__(self) -> str:
        return f"{self.patent.application_number} / {self.year}"
