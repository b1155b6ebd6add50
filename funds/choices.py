from django.db import models
from django.utils.translation import gettext_lazy as _


class FundLevel(models.TextChoices):
    PROVINCIAL = "provincial", _("Provincial")
    MUNICIPAL = "municipal", _("Municipal")
    DISTRICT = "district", _("District")
    OTHER = "other", _("Other")


class Account(models.TextChoices):
    """The three accounts each fund source keeps per year. Appropriation is where budget comes
    from (credit-normal, so its balance is the budget with a minus sign); available is what can
    still be committed; committed is approved and not yet paid; paid is paid out."""

    APPROPRIATION = "appropriation", _("Appropriation")
    AVAILABLE = "available", _("Available")
    COMMITTED = "committed", _("Committed")
    PAID = "paid", _("Paid")


class EntryKind(models.TextChoices):
    BUDGET = "budget", _("Budget allocated")
    COMMIT = "commit", _("Commitment")
    RELEASE = "release", _("Commitment released")
    PAY = "pay", _("Payment")
    REVERSE = "reverse", _("Payment reversed")
