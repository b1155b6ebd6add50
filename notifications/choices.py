from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    INBOX = "inbox", _("In the product (inbox)")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class DeliveryStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed (retried next night)")


class ItemKind(models.TextChoices):
    """What a reminder or an alert is about."""

    ANNUITY_DUE = "annuity", _("Annuity due")
    ANNUITY_GRACE_ENDING = "annuity_grace", _("Annuity grace period ending")
    RESTORATION = "restoration", _("Patent lapsed: restoration deadline")
    RENEWAL_OPENS = "renewal", _("Trademark renewal window open")
    RENEWAL_GRACE_ENDING = "renewal_grace", _("Trademark renewal grace period ending")
    OFFICE_LAPSING = "office_lapsing", _("Key right about to lapse")
