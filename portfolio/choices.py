from django.db import models
from django.utils.translation import gettext_lazy as _


class PatentType(models.TextChoices):
    INVENTION = "invention", _("Invention")
    UTILITY_MODEL = "utility_model", _("Utility model")
    DESIGN = "design", _("Design")


class PatentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    GRANTED = "granted", _("Granted")
    LAPSED = "lapsed", _("Lapsed")
    EXPIRED = "expired", _("Expired")
    INVALIDATED = "invalidated", _("Invalidated")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A patent still in force (or on its way to it) for reminders and counts of "valid" patents.
LIVE_PATENT_STATUSES = (PatentStatus.PENDING, PatentStatus.GRANTED)


class TrademarkStatus(models.TextChoices):
    APPLIED = "applied", _("Applied for")
    REGISTERED = "registered", _("Registered")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")
    INVALIDATED = "invalidated", _("Invalidated")
    REJECTED = "rejected", _("Rejected")


class MarkKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary mark")
    COLLECTIVE = "collective", _("Collective mark")
    CERTIFICATION = "certification", _("Certification mark")


class GiProtection(models.TextChoices):
    """The three routes by which a geographical indication is protected in China."""

    COLLECTIVE_MARK = "collective_mark", _("As a collective mark")
    CERTIFICATION_MARK = "certification_mark", _("As a certification mark")
    PRODUCT = "product", _("As a GI product")


class SpecialSignKind(models.TextChoices):
    OLYMPIC = "olympic", _("Olympic sign")
    WORLD_EXPO = "expo", _("World Expo sign")
    OTHER = "other", _("Other special sign")


class FeeReductionShare(models.TextChoices):
    """Who the fee reduction (专利收费减缴) was approved for: one qualifying person or unit, or
    several co-owners who each qualify (the rates are the rule ``portfolio.fee_reduction``)."""

    SINGLE = "single", _("Single owner (one person or unit)")
    JOINT = "joint", _("Co-owners who each qualify")
