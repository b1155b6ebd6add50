from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    """Where an offered patent comes from: the figures count transfers by source."""

    UNIVERSITY = "university", _("University")
    INSTITUTE = "institute", _("Research institute")
    ENTERPRISE = "enterprise", _("District enterprise")


class OfferMode(models.TextChoices):
    TRANSFER = "transfer", _("For transfer")
    LICENCE = "licence", _("For licence")
    # 专利开放许可: 专利法 (2020) art. 50–52.
    OPEN_LICENCE = "open_licence", _("Open licence")


class OfferStatus(models.TextChoices):
    LISTED = "listed", _("Listed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    MEETING = "meeting", _("Meeting arranged")
    DISMISSED = "dismissed", _("Set aside")


class DealKind(models.TextChoices):
    TRANSFER = "transfer", _("Transfer")
    EXCLUSIVE_LICENCE = "exclusive", _("Exclusive licence")
    NON_EXCLUSIVE_LICENCE = "non_exclusive", _("Non-exclusive licence")
    OPEN_LICENCE = "open", _("Open-licence acceptance")


LICENCE_KINDS = frozenset({DealKind.EXCLUSIVE_LICENCE, DealKind.NON_EXCLUSIVE_LICENCE, DealKind.OPEN_LICENCE})


class DealStatus(models.TextChoices):
    NEGOTIATING = "negotiating", _("In negotiation")
    SIGNED = "signed", _("Contract signed")
    REGISTERED = "registered", _("Registered with CNIPA")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


DONE_STATUSES = frozenset({DealStatus.REGISTERED, DealStatus.PAID})
